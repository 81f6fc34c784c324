package simulator

import (
	"slices"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
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

// thenItem is a block followed by then once it and its Work are over, as
// a lifecycle row's next callback or a session's next event is queued when
// the one before is over.
type thenItem struct{ f, then func() }

func (it *thenItem) run(*queue)  { it.f() }
func (it *thenItem) over(*queue) { it.then() }

// asyncThen queues f on q, and then after it (thenItem).
func asyncThen(q *queue, f, then func()) { q.push(queueItem{code: &thenItem{f, then}}) }

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
			// A's then runs as A's item ends, in A's clock event, as a
			// lifecycle row's next callback or a session's next event is
			// queued when the one before is over.
			asyncThen(q, note("A"), func() {
				if tc.eventFirst {
					s.clock.After(0, note("event"))
				}
				q.async(note("B"))
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
		p.globalQueue().async(note("G"))
		p.main.async(note("B"))
	})
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
				p.main.async(func() { ran++ })
			}
		})
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

// Queues made ready during a clock event of a run (RunFor) run, with the
// other events due at the same instant, in the order they came due: the
// run holds their kicks (Sim.ready) but keeps their places.
func TestReadyQueuesKeepTheirPlacesAmongEventsDueNow(t *testing.T) {
	orders := [][]string{
		{"main", "global", "event"}, {"main", "event", "global"},
		{"global", "main", "event"}, {"global", "event", "main"},
		{"event", "main", "global"}, {"event", "global", "main"},
	}
	for _, order := range orders {
		s, p := runningProcess(t)
		var got []string
		note := func(what string) func() { return func() { got = append(got, what) } }
		s.clock.After(0, func() {
			for _, what := range order {
				switch what {
				case "main":
					p.main.async(note(what))
				case "global":
					p.globalQueue().async(note(what))
				case "event":
					s.clock.After(0, note(what))
				}
			}
		})
		if err := s.RunFor(0); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, order) {
			t.Errorf("came due in the order %v; ran %v", order, got)
		}
	}
}

// A queue that runs its items one after another and has its next item
// come due once another queue is listed ready keeps its place before the
// other when its item came due first.
func TestQueueHeldWhileRunningKeepsItsPlaceAmongReadyQueues(t *testing.T) {
	s, p := runningProcess(t)
	var got []string
	note := func(what string) func() { return func() { got = append(got, what) } }
	s.clock.After(0, func() {
		asyncThen(p.main, note("A"), func() {
			p.main.async(note("B"))          // held by main's runNext
			p.globalQueue().async(note("G")) // listed ready after it
		})
	})
	if err := s.RunFor(0); err != nil {
		t.Fatal(err)
	}
	if want := []string{"A", "B", "G"}; !slices.Equal(got, want) {
		t.Errorf("ran %v, want %v", got, want)
	}
}

// listThenStop runs, in one clock event of a run, list, which queues
// blocks and so lists their queues ready, and then stop, and reports
// whether a queue is still listed ready once stop returned.
func listThenStop(t *testing.T, s *Sim, list, stop func()) (listed bool) {
	t.Helper()
	s.clock.After(0, func() {
		list()
		stop()
		listed = s.ready.first != nil
	})
	if err := s.RunFor(0); err != nil {
		t.Fatal(err)
	}
	return listed
}

// A queue listed ready that is frozen (the app suspended at that instant)
// is no longer listed, as a kick would have been stopped (a listed queue
// counts as an event of Config.EventBudget when the run takes it), and
// runs nothing until it is thawed; then it runs its item.
func TestReadyQueueFrozenWaitsForThaw(t *testing.T) {
	s, p := runningProcess(t)
	ran := 0
	listed := listThenStop(t, s, func() { p.main.async(func() { ran++ }) }, func() {
		s.state = suspended
		p.freeze()
	})
	if ran != 0 || listed {
		t.Fatalf("frozen: ran %d blocks, still listed ready %v; want 0, false", ran, listed)
	}
	s.clock.After(0, func() {
		s.state = background
		p.thaw()
	})
	if err := s.RunFor(0); err != nil {
		t.Fatal(err)
	}
	if ran != 1 {
		t.Errorf("thawed: ran %d blocks, want 1", ran)
	}
}

// A queue listed ready whose process ends at that instant is no longer
// listed, and runs nothing: the run runs a listed queue's item without
// asking again whether it may (fireUntil, ready.go).
func TestReadyQueueOfEndedProcessRunsNothing(t *testing.T) {
	s, p := runningProcess(t)
	ran := 0
	listed := listThenStop(t, s, func() {
		p.main.async(func() { ran++ })
		p.globalQueue().async(func() { ran++ })
	}, p.kill)
	if ran != 0 || listed {
		t.Errorf("ended: ran %d blocks, still listed ready %v; want 0, false", ran, listed)
	}
}

// The ready list keeps its queues in ticket order whatever the order they
// are listed in, and unlists any of them.
func TestReadyQueuesInTicketOrder(t *testing.T) {
	qs := make([]*queue, 5)
	for i := range qs {
		qs[i] = &queue{}
	}
	label := func(q *queue) string { return string(rune('a' + slices.Index(qs, q))) }
	var r readyQueues
	names := func() string {
		var b string
		for q := r.first; q != nil; q = q.ready {
			b += label(q)
		}
		return b
	}
	for _, i := range []int{1, 3, 0, 4, 2} { // tickets a=1 ... e=5
		qs[i].ticket = fakes.Ticket(i + 1)
		r.add(qs[i])
	}
	if got := names(); got != "abcde" || r.last != qs[4] {
		t.Fatalf("listed %q, last %v; want abcde, e", got, label(r.last))
	}
	r.remove(qs[2])
	r.remove(qs[4])
	r.remove(qs[0])
	if got := names(); got != "bd" || r.last != qs[3] || qs[2].ready != nil {
		t.Fatalf("after removals: %q, last %v; want bd, d", got, label(r.last))
	}
	if q := r.pop(); q != qs[1] || names() != "d" {
		t.Fatalf("pop gave %v, left %q; want b, d", label(q), names())
	}
	if q := r.pop(); q != qs[3] || r.pop() != nil || r.first != nil || r.last != nil {
		t.Fatalf("pop gave %v and left the list not empty", label(q))
	}
}

// A queue's kick, made when it first waits for a clock event of its own
// (queue.kickFunc), is one event: freezing the queue (R-L5) or stopping
// it (R-L6) takes it off the clock, thawing gives it back, and a queue
// that queues again reuses it rather than adding one.
func TestQueueKickLeavesTheClockWhenFrozenOrStopped(t *testing.T) {
	s, p := runningProcess(t)
	q := p.main
	if q.kick != nil {
		t.Fatal("a new queue has a kick before it waited for a clock event")
	}
	q.async(func() {}) // outside a run: the kick goes to the clock
	if !q.kickPending() || s.clock.Pending() != 1 {
		t.Fatalf("kick pending %v, %d clock events, want the kick alone", q.kickPending(), s.clock.Pending())
	}
	k := q.kick
	q.freeze()
	if q.kickPending() || s.clock.Pending() != 0 {
		t.Fatalf("frozen: kick pending %v, %d clock events, want none", q.kickPending(), s.clock.Pending())
	}
	q.thaw()
	if !q.kickPending() || s.clock.Pending() != 1 || q.kick != k {
		t.Fatalf("thawed: kick pending %v, %d clock events, same kick %v, want it back", q.kickPending(), s.clock.Pending(), q.kick == k)
	}
	q.stop()
	if q.kickPending() || s.clock.Pending() != 0 {
		t.Fatalf("stopped: kick pending %v, %d clock events, want none", q.kickPending(), s.clock.Pending())
	}
}

// A panic of the code of a ready queue's item, which the run runs without
// a kick (fireUntil), crashes its process and ends the item and its run
// of items there (ranItems); the run goes on with the ready queues after
// it, here an extension's (R-X1: it runs while the app's process is gone),
// in the same instant and within the same Run call.
func TestReadyQueuePanicEndsItsItemAndTheRunGoesOn(t *testing.T) {
	s, p := runningProcess(t)
	ext := s.newProcess(appmodel.LaunchOptions{})
	ext.ext = &extension{name: "share"}
	var got []string
	s.clock.After(0, func() {
		p.main.async(func() { panic("app bug") })
		ext.main.async(func() { got = append(got, "extension") })
	})
	if err := s.RunFor(0); err != nil {
		t.Fatalf("RunFor: %v, want nil (a panic is reported in the trace)", err)
	}
	if !p.dead || ext.dead {
		t.Errorf("app process dead %v, extension dead %v; want true, false", p.dead, ext.dead)
	}
	if !slices.Equal(got, []string{"extension"}) {
		t.Errorf("after the panic the run ran %v, want [extension]", got)
	}
	if s.inApp != 0 || p.main.looping {
		t.Errorf("after the panic: inApp %d, looping %v; want 0, false", s.inApp, p.main.looping)
	}
	if s.clock.Elapsed() != 0 {
		t.Errorf("the extension's block ran at %v, want 0", s.clock.Elapsed())
	}
}
