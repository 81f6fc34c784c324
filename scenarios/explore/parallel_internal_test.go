package explore

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// parallel consumes every index once, in order, whatever order the workers
// finish in, and never hands out an index a window or more past the first
// not consumed: the results of a run of any length fit a ring of
// window(workers) slots.
func TestParallelConsumesInOrderWithinTheWindow(t *testing.T) {
	const workers = 3
	size := window(workers)
	n := 2*size + 17
	var started atomic.Int64
	ran := make([]atomic.Int32, n)
	next := 0
	parallel(n, workers, 0, func(_ *seat, i int) {
		started.Add(1)
		if i%97 == 0 {
			runtime.Gosched() // let others overtake this one
		}
		ran[i].Add(1)
	}, func(i int) {
		if i != next {
			t.Fatalf("consumed %d, want %d", i, next)
		}
		if ran[i].Load() != 1 {
			t.Fatalf("index %d consumed after %d runs, want 1", i, ran[i].Load())
		}
		if i == 0 {
			// Until 0 is consumed, the workers may start the window's
			// indexes and no more: let them try.
			for started.Load() < int64(size) {
				runtime.Gosched()
			}
			for range 1000 {
				runtime.Gosched()
			}
			if s := started.Load(); s != int64(size) {
				t.Errorf("%d indexes started before the first was consumed, want the window's %d", s, size)
			}
		}
		next++
	})
	if next != n {
		t.Errorf("consumed %d indexes, want %d", next, n)
	}
}

// A slow index holds up only what is a window past it: the others run on,
// and are consumed once it is done.
func TestParallelWaitsForASlowIndex(t *testing.T) {
	const workers = 2
	size := window(workers)
	n := size + 10
	release := make(chan struct{})
	var started atomic.Int64
	var got []int
	parallel(n, workers, 0, func(_ *seat, i int) {
		started.Add(1)
		if i == 0 {
			<-release
			return
		}
		if i == size-1 {
			close(release) // index 0 is still under way: all of its window was handed out
		}
	}, func(i int) { got = append(got, i) })
	if len(got) != n {
		t.Fatalf("consumed %d indexes, want %d", len(got), n)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("consumed %v..., want 0, 1, 2, ...", got[:i+1])
		}
	}
}
