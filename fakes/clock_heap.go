package fakes

// timerSlab holds the callbacks of scheduled events in slots that are
// reused once their event fires or is stopped, so that scheduling does not
// allocate. A slot's generation counts its tenants: a Timer handle names a
// slot and the generation it was given, and is live only while they match.
type timerSlab struct {
	slots []timerSlot
	freed []uint32 // slots free for reuse, most recently freed last
}

type timerSlot struct {
	f     func()
	gen   uint32
	index int32 // position of the slot's event in the heap; -1 when free
}

// alloc takes a free slot (or a new one) for f.
func (s *timerSlab) alloc(f func()) (id, gen uint32) {
	if n := len(s.freed); n > 0 {
		id = s.freed[n-1]
		s.freed = s.freed[:n-1]
	} else {
		id = uint32(len(s.slots))
		s.slots = append(s.slots, timerSlot{index: -1})
	}
	sl := &s.slots[id]
	sl.f = f
	return id, sl.gen
}

// free empties slot id, ends its generation and returns its callback.
func (s *timerSlab) free(id uint32) func() {
	sl := &s.slots[id]
	f := sl.f
	sl.f, sl.index = nil, -1
	sl.gen++
	s.freed = append(s.freed, id)
	return f
}

func (s *timerSlab) live(id, gen uint32) bool {
	return int(id) < len(s.slots) && s.slots[id].gen == gen && s.slots[id].index >= 0
}

// heapEntry is one pending event: due offset, tie-breaking sequence, slot.
type heapEntry struct {
	at  int64
	seq uint64
	id  uint32
}

// eventHeap is a binary min-heap of events ordered by (at, seq), held by
// value. It is written out rather than going through container/heap so that
// the hot path makes no interface calls and boxes nothing; every move
// records the entry's position in its slot so Stop and Reset are O(log n).
type eventHeap []heapEntry

func (h eventHeap) less(i, j int) bool {
	a, b := &h[i], &h[j]
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (h eventHeap) swap(s *timerSlab, i, j int) {
	h[i], h[j] = h[j], h[i]
	s.slots[h[i].id].index = int32(i)
	s.slots[h[j].id].index = int32(j)
}

func (h *eventHeap) push(s *timerSlab, e heapEntry) {
	i := len(*h)
	*h = append(*h, e)
	s.slots[e.id].index = int32(i)
	h.up(s, i)
}

func (h *eventHeap) pop(s *timerSlab) heapEntry {
	return h.remove(s, 0)
}

// remove takes out entry i; the slot keeps its index until it is freed.
func (h *eventHeap) remove(s *timerSlab, i int32) heapEntry {
	old := *h
	n := len(old) - 1
	e := old[i]
	if int(i) != n {
		old.swap(s, int(i), n)
	}
	*h = old[:n]
	if int(i) != n {
		if !h.down(s, int(i)) {
			h.up(s, int(i))
		}
	}
	h.shrink()
	return e
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

func (h eventHeap) up(s *timerSlab, j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !h.less(j, i) {
			break
		}
		h.swap(s, i, j)
		j = i
	}
}

// down sifts element i down and reports whether it moved.
func (h eventHeap) down(s *timerSlab, i0 int) bool {
	i, n := i0, len(h)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			break
		}
		h.swap(s, i, j)
		i = j
	}
	return i > i0
}
