package explore

import (
	"sync"
	"time"
)

// The goroutines of this file run whole seeds side by side: parallelism
// above the simulations, each of which runs on one goroutine in virtual
// time and never starts one (the determinism rule of the simulation
// packages).

// parallel calls f(w, i) for i in [0, n) on workers goroutines and
// returns a channel that yields each index, in order, once f(i) and every
// call before it have returned. Reading the results in order keeps the
// report the same whatever the number of workers.
//
// w is the worker's seat, which holds the simulation its seeds' first
// runs reuse. If hangLimit is positive, a watchdog watches the seats (see
// watch.go): a seed whose run hangs is finished by a new goroutine, which
// then carries on as the worker in a new seat.
func parallel(n, workers int, hangLimit time.Duration, f func(w *seat, i int)) <-chan int {
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int)
	// Hands out seed indexes: outside every simulation, in no run's order.
	go func() {
		for i := range n {
			next <- i
		}
		close(next)
	}()
	var wg sync.WaitGroup
	// work is a worker's loop. It calls wg.Done itself rather than in a
	// defer: a goroutine the watchdog gave up on leaves by runtime.Goexit,
	// and its replacement is the one to say the worker is done.
	var work func(w *seat)
	work = func(w *seat) {
		for i := range next {
			w.index = i
			f(w, i)
			close(done[i])
		}
		wg.Done()
	}
	var dog *watchdog
	if hangLimit > 0 {
		dog = newWatchdog(hangLimit, max(workers, 1), func(w *seat) {
			// The seat's goroutine is stuck in seed w.index: a new one
			// finishes that seed from the hung run's result, then works on.
			i := w.index
			f(w, i)
			close(done[i])
			work(w)
		})
	}
	for k := range max(workers, 1) {
		wg.Add(1)
		w := newSeat()
		if dog != nil {
			w = dog.seat(k)
		}
		go work(w) // a worker runs whole seeds, each simulation on this one goroutine
	}
	out := make(chan int)
	// Yields the indexes in order, whatever order the workers finish in:
	// the report does not depend on scheduling.
	go func() {
		for i := range n {
			<-done[i]
			out <- i
		}
		wg.Wait()
		if dog != nil {
			dog.stop()
		}
		close(out)
	}()
	return out
}
