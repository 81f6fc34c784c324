package simulator

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEventQueueFIFO drives the block queue and a plain slice with the same
// random pushes and pops, across block boundaries and through empty, and
// checks they agree on every pop, the length and the order of what is left.
func TestEventQueueFIFO(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		rng := rand.New(rand.NewPCG(seed, 0))
		var q eventQueue
		var want []sessionEvent
		next := 0
		for step := range 20_000 {
			if len(want) == 0 || rng.IntN(3) > 0 == (step%4000 < 2000) { // phases of growth, then of draining
				next++
				e := sessionEvent{kind: eventKind(next % 4), location: string(rune('a' + next%26))}
				e.t = &dtask{id: next}
				if e.kind == evChallenge {
					e.ch = &challengeEvent{} // each its own: the queue must hand back this one
				}
				q.push(e)
				want = append(want, e)
			} else {
				got := q.pop()
				if got.t.id != want[0].t.id || got.kind != want[0].kind || got.location != want[0].location || got.ch != want[0].ch {
					t.Fatalf("seed %d step %d: popped task %d, want %d", seed, step, got.t.id, want[0].t.id)
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
			if left[i].t.id != want[i].t.id || left[i].ch != want[i].ch {
				t.Fatalf("seed %d: all()[%d] is task %d, want %d", seed, i, left[i].t.id, want[i].t.id)
			}
		}
	}
}

// TestEventQueueLetsGo checks that a delivered block is let go and that an
// emptied single block is used again rather than a new one made.
func TestEventQueueLetsGo(t *testing.T) {
	var q eventQueue
	for i := range 3 * maxEventBlock {
		q.push(sessionEvent{t: &dtask{id: i + 1}})
	}
	blocks := len(q.blocks)
	for range maxEventBlock + minEventBlock {
		q.pop()
	}
	if len(q.blocks) >= blocks {
		t.Fatalf("%d blocks after delivering more than one block's worth, had %d", len(q.blocks), blocks)
	}
	var r eventQueue
	r.push(sessionEvent{})
	first := &r.blocks[0][:1][0]
	r.pop()
	r.push(sessionEvent{kind: evComplete})
	if len(r.blocks) != 1 || &r.blocks[0][0] != first {
		t.Fatal("an emptied only block was not used again")
	}
}
