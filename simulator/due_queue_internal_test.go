package simulator

import (
	"slices"
	"testing"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// testDeadline is a dueItem recording when it comes due.
type testDeadline struct {
	t     *dtask
	fired *[]int
	clock *fakes.Clock
	at    *[]time.Duration
}

func (e testDeadline) task() *dtask   { return e.t }
func (e testDeadline) stillDue() bool { return e.t.phase != phaseDone }
func (e testDeadline) comeDue() {
	*e.fired = append(*e.fired, e.t.id)
	*e.at = append(*e.at, e.clock.Elapsed())
}

// TestDueQueueEndedDropsBehindHead: tasks ending out of order, far more
// than minDropEnded, behind a head that stays: the queue drops their
// entries before the head comes due, and the tasks still under way come
// due in order, each at its own time, as if nothing had been dropped.
//
// The first queue's event runs either its own fire or, as a session's
// does, a function shared with other timers that asks firing.
func TestDueQueueEndedDropsBehindHead(t *testing.T) {
	for _, shared := range []bool{false, true} {
		testDueQueueEndedDropsBehindHead(t, shared)
	}
}

func testDueQueueEndedDropsBehindHead(t *testing.T, shared bool) {
	clock := fakes.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var qs dueQueues[testDeadline]
	var onFirst func()
	if shared {
		// Another timer on the same function, pending all along, that
		// firing must not take for the queue's.
		other := clock.After(100*time.Hour, func() {})
		onFirst = func() {
			if !qs.first.firing() {
				t.Fatalf("shared=%t: the queue's event fired and firing says it is not the queue's", shared)
			}
			if !other.Pending() {
				t.Fatalf("shared=%t: the other timer fired", shared)
			}
			qs.first.fire()
		}
	}
	var fired []int
	var at []time.Duration
	const n, dur = 1000, time.Hour
	tasks := make([]*dtask, n)
	for i := range tasks {
		tasks[i] = &dtask{id: i + 1}
		if err := clock.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		qs.of(clock, dur, onFirst).push(testDeadline{t: tasks[i], fired: &fired, clock: clock, at: &at}, clock.Elapsed()+dur)
	}
	q := qs.of(clock, dur, onFirst)
	// Every task but the head and the multiples of 7 ends.
	var live []int
	for i, tk := range tasks {
		if i == 0 || tk.id%7 == 0 {
			live = append(live, tk.id)
			continue
		}
		tk.phase = phaseDone
		qs.ended(tk)
	}
	if q.entries.len() >= n/2 {
		t.Errorf("shared=%t: %d entries queued after %d of %d tasks ended, want the ended ones mostly dropped", shared, q.entries.len(), n-len(live), n)
	}
	if err := clock.RunFor(2 * dur); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fired, live) {
		t.Fatalf("shared=%t: came due %v, want %v", shared, fired, live)
	}
	for i, id := range fired {
		if want := time.Duration(id)*time.Second + dur; at[i] != want {
			t.Errorf("shared=%t: task %d came due at %s, want %s", shared, id, at[i], want)
		}
	}
}
