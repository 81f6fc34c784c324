package simulator

import (
	"slices"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// runningProcess is a Sim whose app runs, active, with a process and no
// app model: its queues run what a test queues on them.
func runningProcess(t *testing.T) (*Sim, *process) {
	t.Helper()
	s := New(Config{TraceKeep: KeepNone})
	p := s.newProcess(appmodel.LaunchOptions{})
	s.proc, s.state = p, active
	return s, p
}

// A queue runs its next item in the clock event of the one before only
// when nothing else is due at that instant; otherwise the item keeps the
// place among the events due now that a clock event of its own, armed when
// it was queued, would have had. The trace depends on that order.
func TestQueueItemKeepsItsPlaceAmongEventsDueNow(t *testing.T) {
	for _, tc := range []struct {
		name       string
		eventFirst bool // the other event is scheduled before the item is queued
		want       []string
	}{
		{"item queued first", false, []string{"A", "B", "event"}},
		{"event scheduled first", true, []string{"A", "event", "B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := runningProcess(t)
			var got []string
			note := func(what string) func() { return func() { got = append(got, what) } }
			q := p.main
			// A's done runs as A's item ends, in A's clock event, as a
			// lifecycle row's next callback or a session's next event is
			// queued when the one before is over.
			q.async(note("A"), func() {
				if tc.eventFirst {
					s.clock.After(0, note("event"))
				}
				q.async(note("B"), nil)
				if !tc.eventFirst {
					s.clock.After(0, note("event"))
				}
			})
			if err := s.RunFor(0); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ran %v, want %v", got, tc.want)
			}
		})
	}
}

// A block queued on another, idle queue is due before the next item of
// the running queue, whose clock event is armed only once the running
// item is over.
func TestQueueItemWaitsForAnotherQueueDueFirst(t *testing.T) {
	s, p := runningProcess(t)
	var got []string
	note := func(what string) func() { return func() { got = append(got, what) } }
	p.main.async(func() {
		note("A")()
		p.globalQueue().async(note("G"), nil)
		p.main.async(note("B"), nil)
	}, nil)
	if err := s.RunFor(0); err != nil {
		t.Fatal(err)
	}
	if want := []string{"A", "G", "B"}; !slices.Equal(got, want) {
		t.Errorf("ran %v, want %v", got, want)
	}
}

// Blocks that follow each other on one queue with nothing else due run
// in one clock event, and under Step in one each.
func TestQueueRunsFollowingItemsInOneClockEvent(t *testing.T) {
	for _, step := range []bool{false, true} {
		s, p := runningProcess(t)
		ran := 0
		p.main.async(func() {
			for range 10 {
				p.main.async(func() { ran++ }, nil)
			}
		}, nil)
		before := s.clock.Fired()
		if step {
			for s.Step() {
			}
		} else if err := s.RunFor(0); err != nil {
			t.Fatal(err)
		}
		fired, want := s.clock.Fired()-before, 1
		if step {
			want = 11
		}
		if ran != 10 || fired != want {
			t.Errorf("Step %v: %d blocks ran in %d clock events, want 10 in %d", step, ran, fired, want)
		}
	}
}
