package fakes

import (
	"math/rand/v2"
	"testing"
)

// checkFlowHeap fails t unless every entry is no less than its parent and
// knows its index, and the blocks are the ones the count needs (one spare
// at most).
func checkFlowHeap(t *testing.T, h *flowHeap) {
	t.Helper()
	for i := range h.len() {
		e := h.at(i)
		if int(e.t.hidx) != i {
			t.Fatalf("entry %d thinks it is at %d", i, e.t.hidx)
		}
		if i > 0 && h.less(i, (i-1)/2) {
			t.Fatalf("entry %d is less than its parent", i)
		}
	}
	if need := (h.n + flowBlock - 1) / flowBlock; len(h.blocks) > need+1 {
		t.Fatalf("%d blocks for %d entries", len(h.blocks), h.n)
	}
}

// TestFlowHeapAcrossBlocks pushes, fixes and removes flows in an order
// drawn from a seed, across several blocks and back, and checks the heap
// after each step and the order in which it empties.
func TestFlowHeapAcrossBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var h flowHeap
	var live []*Transfer
	id := uint64(0)
	push := func() {
		id++
		x := &Transfer{id: id, hidx: -1}
		h.push(x, u128of(rng.Uint64N(1000)))
		live = append(live, x)
	}
	removeAt := func(k int) {
		x := live[k]
		h.remove(int(x.hidx))
		if x.hidx != -1 {
			t.Fatalf("removed flow keeps index %d", x.hidx)
		}
		live[k] = live[len(live)-1]
		live = live[:len(live)-1]
	}
	for round := range 3 {
		for range 3*flowBlock + 17 {
			push()
		}
		checkFlowHeap(t, &h)
		for range flowBlock {
			x := live[rng.IntN(len(live))]
			h.fix(int(x.hidx), u128of(rng.Uint64N(1000)))
		}
		checkFlowHeap(t, &h)
		for range 2*flowBlock + round*100 {
			removeAt(rng.IntN(len(live)))
		}
		checkFlowHeap(t, &h)
	}
	var last flowEntry
	for i := 0; h.len() > 0; i++ {
		e := *h.at(0)
		if i > 0 && (e.thr.less(last.thr) || e.thr == last.thr && e.t.id < last.t.id) {
			t.Fatalf("flow %d came out after flow %d, before it in (threshold, id) order", e.t.id, last.t.id)
		}
		last = e
		h.remove(0)
		if i%97 == 0 {
			checkFlowHeap(t, &h)
		}
	}
	if len(h.blocks) > 1 || cap(h.blocks[0]) > flowBlock {
		t.Fatalf("an empty heap keeps %d blocks", len(h.blocks))
	}
}
