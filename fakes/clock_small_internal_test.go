package fakes

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestClockSortedAndHeapAgree drives a clock whose pending events rise and
// fall across both bounds of its sorted slice (maxSorted, minHeap) with
// random schedules, stops, resets and steps, and checks after every
// operation that its entries are in order and every event fires when a
// plain model says it must: the earliest due, first scheduled or reset
// first among those due at the same instant.
func TestClockSortedAndHeapAgree(t *testing.T) {
	type model struct {
		pending bool
		at      time.Duration
		seq     int
	}
	rng := rand.New(rand.NewPCG(5, 17))
	c := NewClock(time.Unix(0, 0))
	var (
		timers   []Timer
		want     []model
		seq      int
		fired    = -1
		switches int
	)
	set := func(i int, d time.Duration) {
		seq++
		want[i] = model{pending: true, at: c.Elapsed() + max(d, 0), seq: seq}
	}
	delay := func() time.Duration { return time.Duration(rng.IntN(50)) * time.Millisecond }
	wasSorted := c.sorted
	for step := range 20_000 {
		// The share of steps swings slowly, so the pending count climbs
		// past maxSorted and falls back to minHeap over and over.
		steps := 3
		if step/500%2 == 1 {
			steps = 7
		}
		switch k := rng.IntN(10); {
		case k < 3 || len(timers) == 0:
			i := len(timers)
			timers = append(timers, c.After(0, func() { fired = i }))
			want = append(want, model{})
			d := delay()
			timers[i].ResetAfter(d) // pending: a reset of a pending event
			set(i, d)
		case k < 3+(10-steps)/3:
			i := rng.IntN(len(timers))
			if got := timers[i].Stop(); got != want[i].pending {
				t.Fatalf("step %d: Stop of timer %d reported %v, want %v", step, i, got, want[i].pending)
			}
			want[i].pending = false
		case k < 10-steps:
			i, d := rng.IntN(len(timers)), delay()
			if got := timers[i].ResetAfter(d); got != want[i].pending {
				t.Fatalf("step %d: Reset of timer %d reported %v, want %v", step, i, got, want[i].pending)
			}
			set(i, d)
		default:
			next := -1
			for i, m := range want {
				if m.pending && (next < 0 || m.at < want[next].at || m.at == want[next].at && m.seq < want[next].seq) {
					next = i
				}
			}
			fired = -1
			if c.Step() != (next >= 0) {
				t.Fatalf("step %d: Step disagrees with the model, which has next event %d", step, next)
			}
			if next >= 0 {
				if fired != next || c.Elapsed() != want[next].at {
					t.Fatalf("step %d: timer %d fired at %v, want timer %d at %v", step, fired, c.Elapsed(), next, want[next].at)
				}
				want[next].pending = false
			}
		}
		checkHeap(t, c)
		if c.sorted != wasSorted {
			switches++
			wasSorted = c.sorted
		}
	}
	if switches < 10 {
		t.Fatalf("the entries switched between sorted and heap %d times, want the test to cross often", switches)
	}
}
