package explore

import "sync"

// The goroutines of this file run whole seeds side by side: parallelism
// above the simulations, each of which runs on one goroutine in virtual
// time and never starts one (the determinism rule of the simulation
// packages).

// parallel calls f(i) for i in [0, n) on workers goroutines and
// returns a channel that yields each index, in order, once f(i) and every
// call before it have returned. Reading the results in order keeps the
// report the same whatever the number of workers.
func parallel(n, workers int, f func(i int)) <-chan int {
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int)
	go func() {
		for i := range n {
			next <- i
		}
		close(next)
	}()
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
				close(done[i])
			}
		}()
	}
	out := make(chan int)
	go func() {
		for i := range n {
			<-done[i]
			out <- i
		}
		wg.Wait()
		close(out)
	}()
	return out
}
