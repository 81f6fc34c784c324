package fakes

// heapEntry is one push of an event: due offset, tie-breaking sequence,
// slot, and the slot's stamp at the push. An entry whose stamp no longer
// matches its slot's is stale: its event was stopped or reset since (see
// timerSlot.stamp).
type heapEntry struct {
	at    int64
	seq   uint64
	id    uint32
	stamp uint32
}

// before reports whether e fires before o: it is due earlier, or at the
// same instant with an earlier sequence.
func (e *heapEntry) before(o *heapEntry) bool { return e.dueBefore(o.at, o.seq) }

// dueBefore is before for an o given by its due offset and sequence. The
// loops that place an entry compare it so, with the entry's fields in
// registers: taking its address for before kept the whole entry in
// memory (a tenth of a push into a sorted slice).
func (e *heapEntry) dueBefore(at int64, seq uint64) bool {
	return e.at < at || (e.at == at && e.seq < seq)
}

// eventHeap is a binary min-heap of entries ordered by (at, seq), held by
// value and written out rather than going through container/heap, so that
// the hot path makes no interface calls and boxes nothing. Its entries
// hold no pointers, so moving them costs no GC write barriers, and it
// never writes to the slab: an entry's place in the heap is recorded
// nowhere, because Stop and Reset leave the old entry to go stale rather
// than look for it.
type eventHeap []heapEntry

// push adds e. It sifts e up through a hole, moving each later ancestor
// down one level, and writes e once where the hole stops.
func (h *eventHeap) push(e heapEntry) {
	*h = append(*h, e)
	s := *h
	j := len(s) - 1
	for j > 0 {
		i := (j - 1) / 2
		if !e.before(&s[i]) {
			break
		}
		s[j] = s[i]
		j = i
	}
	s[j] = e
}

// pop removes and returns the earliest entry; the heap must not be empty.
func (h *eventHeap) pop() heapEntry {
	s := *h
	top := s[0]
	n := len(s) - 1
	if n > 0 {
		s[:n].siftDown(0, s[n])
	}
	*h = s[:n]
	h.shrink()
	return top
}

// siftDown places e, which belongs at or below position i, by moving the
// earlier child up into the hole at i until e is due no later than both
// children.
func (h eventHeap) siftDown(i int, e heapEntry) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && h[r].before(&h[l]) {
			j = r
		}
		if !h[j].dueBefore(e.at, e.seq) {
			break
		}
		h[i] = h[j]
		i = j
	}
	h[i] = e
}

// heapify restores the heap order over entries in any order (Floyd's
// bottom-up construction, O(n)).
func (h eventHeap) heapify() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.siftDown(i, h[i])
	}
}

// shrink gives back most of a big array the heap no longer fills: a burst
// of events (a hundred thousand transfers starting at once) should not
// hold its high-water mark for the rest of the run. Halving at a quarter
// keeps a push and pop near the boundary from copying each time.
func (h *eventHeap) shrink() {
	const minShrink = 1024
	if c := cap(*h); c >= minShrink && len(*h) < c/4 {
		*h = append(make(eventHeap, 0, c/2), *h...)
	}
}
