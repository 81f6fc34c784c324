package explore

import (
	"fmt"
	"sync"
	"time"
)

// The goroutines of this file run whole seeds side by side: parallelism
// above the simulations, each of which runs on one goroutine in virtual
// time and never starts one (the determinism rule of the simulation
// packages).

// parallel calls f(w, i) for i in [0, n) on workers goroutines and, on
// the calling goroutine, consume(i) for each i in order, once f(w, i) has
// returned; it returns when every index is consumed. Consuming the
// results in order keeps the report the same whatever the number of
// workers.
//
// At most window(workers) indexes are handed out and not consumed yet, so
// the caller can keep the results in a ring of that many slots
// (slot(i)): a run of any number of seeds holds a fixed amount of memory
// for them. A worker that gets that far ahead of a slow seed (one being
// shrunk, or a hang being waited for) waits for it.
//
// w is the worker's seat, which holds the simulation its seeds' first
// runs reuse. If hangLimit is positive, a watchdog watches the seats (see
// watch.go): a seed whose run hangs is finished by a new goroutine, which
// then carries on as the worker in a new seat.
func parallel(n, workers int, hangLimit time.Duration, f func(w *seat, i int), consume func(i int)) {
	workers = max(workers, 1)
	o := newInOrder(window(workers))
	next := make(chan int)
	// Hands out seed indexes, no further ahead of those consumed than the
	// window: outside every simulation, in no run's order.
	go func() { // the feeder: hands out indexes, touches no Sim
		for i := range n {
			o.waitRoom(i)
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
			o.finish(i)
		}
		wg.Done()
	}
	var dog *watchdog
	if hangLimit > 0 {
		dog = newWatchdog(hangLimit, workers, func(w *seat) {
			// The seat's goroutine is stuck in seed w.index: a new one
			// finishes that seed from the hung run's result, then works on.
			i := w.index
			f(w, i)
			o.finish(i)
			work(w)
		})
	}
	for k := range workers {
		wg.Add(1)
		w := newSeat()
		if dog != nil {
			w = dog.seat(k)
		}
		go work(w) // a worker runs whole seeds, each simulation on this one goroutine
	}
	// The results, in order, whatever order the workers finish in: the
	// report does not depend on scheduling.
	for i := range n {
		o.waitDone(i)
		consume(i)
		o.consumed(i)
	}
	wg.Wait()
	if dog != nil {
		dog.stop()
	}
}

// window is how many seeds workers may have handed out and not consumed:
// enough for the others to keep busy while one seed is shrunk (a few
// thousand runs), and a few hundred kilobytes of results at most.
func window(workers int) int { return 4096 * workers }

// slot is where index i's result goes in a ring of size slots.
func slot(i, size int) int { return i % size }

// inOrder tracks which of the window's indexes are done, so that they are
// consumed in order and no index is handed out before the one a window
// earlier, whose slot it takes, is consumed.
type inOrder struct {
	mu      sync.Mutex
	changed sync.Cond
	done    []bool // by slot: the index there has been run
	base    int    // the first index not consumed
}

func newInOrder(size int) *inOrder {
	o := &inOrder{done: make([]bool, size)}
	o.changed.L = &o.mu
	return o
}

// waitRoom waits until index i's slot is free: every index a window or
// more before it is consumed.
func (o *inOrder) waitRoom(i int) {
	o.mu.Lock()
	for i >= o.base+len(o.done) {
		o.changed.Wait()
	}
	o.mu.Unlock()
}

// finish marks index i run. Its slot is free (waitRoom): an index done
// in a slot not yet consumed would lose a seed's result.
func (o *inOrder) finish(i int) {
	o.mu.Lock()
	k := slot(i, len(o.done))
	if o.done[k] {
		o.mu.Unlock()
		panic(fmt.Sprintf("explore: seed index %d done in the slot of one not reported yet", i))
	}
	o.done[k] = true
	o.mu.Unlock()
	o.changed.Broadcast()
}

// waitDone waits until index i, the first not consumed, has been run.
func (o *inOrder) waitDone(i int) {
	o.mu.Lock()
	for !o.done[slot(i, len(o.done))] {
		o.changed.Wait()
	}
	o.mu.Unlock()
}

// consumed frees index i's slot for the index a window after it.
func (o *inOrder) consumed(i int) {
	o.mu.Lock()
	o.done[slot(i, len(o.done))] = false
	o.base = i + 1
	o.mu.Unlock()
	o.changed.Broadcast()
}
