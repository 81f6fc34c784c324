package simulator

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEventQueueFIFO drives the queue and a plain slice with the same
// random pushes and pops, across block boundaries and through empty, and
// checks they agree on every pop, the length and the order of what is left.
// Some pushes are a download's DidFinishDownloading and DidCompleteWithError
// in a row, which share an entry; some pops split such a pair.
func TestEventQueueFIFO(t *testing.T) {
	same := func(a, b sessionEvent) bool {
		return a.t == b.t && a.kind == b.kind && a.location == b.location && a.ch == b.ch
	}
	for _, seed := range []uint64{1, 2, 3} {
		rng := rand.New(rand.NewPCG(seed, 0))
		var q eventQueue
		var want []sessionEvent
		next := 0
		push := func(e sessionEvent) {
			q.push(e)
			want = append(want, e)
		}
		for step := range 20_000 {
			if len(want) == 0 || rng.IntN(3) > 0 == (step%4000 < 2000) { // phases of growth, then of draining
				next++
				e := sessionEvent{kind: eventKind(next % 4), location: string(rune('a' + next%26))}
				e.t = &dtask{id: next}
				if e.kind == evChallenge {
					e.ch = &challengeEvent{} // each its own: the queue must hand back this one
				}
				push(e)
				if e.kind == evFinishDownloading && rng.IntN(2) == 0 {
					push(sessionEvent{kind: evComplete, t: e.t})
				}
			} else {
				got := q.pop()
				if !same(got, want[0]) {
					t.Fatalf("seed %d step %d: popped %d of task %d, want %d of task %d", seed, step, got.kind, got.t.id, want[0].kind, want[0].t.id)
				}
				want = want[1:]
			}
			if q.len() != len(want) {
				t.Fatalf("seed %d step %d: len %d, want %d", seed, step, q.len(), len(want))
			}
		}
		left := slices.Collect(q.all())
		if len(left) != len(want) {
			t.Fatalf("seed %d: all() gives %d events, want %d", seed, len(left), len(want))
		}
		for i := range left {
			if !same(left[i], want[i]) {
				t.Fatalf("seed %d: all()[%d] is %d of task %d, want %d of task %d", seed, i, left[i].kind, left[i].t.id, want[i].kind, want[i].t.id)
			}
		}
	}
}

// TestEventQueueSharesAnEntryPerDownload checks that a download's two
// events take one entry, and that a DidCompleteWithError of another task
// does not join it.
func TestEventQueueSharesAnEntryPerDownload(t *testing.T) {
	var q eventQueue
	a, b := &dtask{id: 1}, &dtask{id: 2}
	for range 1000 {
		q.push(sessionEvent{kind: evFinishDownloading, t: a, location: "/tmp/a"})
		q.push(sessionEvent{kind: evComplete, t: a})
	}
	q.push(sessionEvent{kind: evFinishDownloading, t: a, location: "/tmp/a"})
	q.push(sessionEvent{kind: evComplete, t: b})
	if q.len() != 2002 || q.entries.len() != 1002 {
		t.Fatalf("%d events in %d entries, want 2002 in 1002", q.len(), q.entries.len())
	}
}

// TestFIFOLetsGo checks that a consumed block is let go and that an
// emptied single block is used again rather than a new one made.
func TestFIFOLetsGo(t *testing.T) {
	var q fifo[int]
	for i := range 3 * maxFIFOBlock {
		q.push(i)
	}
	blocks := len(q.blocks)
	for i := range maxFIFOBlock + minFIFOBlock {
		if got := q.pop(); got != i {
			t.Fatalf("popped %d, want %d", got, i)
		}
	}
	if len(q.blocks) >= blocks {
		t.Fatalf("%d blocks after taking more than one block's worth, had %d", len(q.blocks), blocks)
	}
	var r fifo[int]
	r.push(1)
	first := &r.blocks[0][:1][0]
	r.pop()
	r.push(2)
	if len(r.blocks) != 1 || &r.blocks[0][0] != first {
		t.Fatal("an emptied only block was not used again")
	}
}

// TestFIFOSteadyFlowAllocatesNothing checks that values passing through a
// queue that never holds many do not cost a block every block's worth:
// the consumed block is used again.
func TestFIFOSteadyFlowAllocatesNothing(t *testing.T) {
	var q fifo[int]
	flow := func() {
		for i := range 100 {
			q.push(i)
			if q.len() > 20 {
				q.pop()
			}
		}
	}
	flow() // the first blocks are made here
	if a := testing.AllocsPerRun(100, flow); a != 0 {
		t.Fatalf("%.1f allocations per 100 values through the queue, want 0", a)
	}
}
