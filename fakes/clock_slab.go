package fakes

// timerSlab holds the callbacks of scheduled events in slots that are
// reused once their event fires or is stopped, so that scheduling does not
// allocate. A slot's generation counts its tenants: a Timer handle names a
// slot and the generation it was given, and is live only while they match.
//
// Every slot in use holds exactly one pending event. The free slots form
// a list threaded through the slots themselves, most recently freed first.
//
// The slab keeps no count of the slots in use: every pending event has
// one live entry in the clock's heap, so they number the entries less the
// stale ones (see Clock.Pending), and a count would be one more write at
// every schedule and every fire.
type timerSlab struct {
	slots    []timerSlot
	freeHead uint32 // id+1 of the first free slot; 0 when none is free
}

type timerSlot struct {
	f func() // nil when the slot is free
	// at is the due offset of the slot's pending event. While the slot is
	// free it links the free list instead: the next free slot's id+1, or
	// 0 at the end of the list.
	at  int64
	gen uint32 // bumped when the slot is freed: ends its handles
	// stamp names the slot's one live heap entry: it is bumped when the
	// slot's event is pushed into the heap (scheduled or reset) and when
	// it is stopped there, so the entries pushed before are stale from
	// then on. A fired event's entry leaves the heap as it fires, so
	// freeing the slot then needs no bump. A sorted slice holds no stale
	// entries, so its pushes leave the stamp alone and its entries carry
	// none until it turns into a heap (see toHeap). A slot's stamps start
	// at 1 and stamp 0 is never given to an entry (see
	// Clock.stampWrapped).
	stamp uint32
}

// slotRef names a slot and one of its generations: a handle's half that
// says which event it is. The slot's id is the low 32 bits, the
// generation the high 32.
type slotRef uint64

func makeRef(id, gen uint32) slotRef { return slotRef(gen)<<32 | slotRef(id) }

func (r slotRef) id() uint32  { return uint32(r) }
func (r slotRef) gen() uint32 { return uint32(r >> 32) }

// alloc takes a free slot (or a new one) for f, due at offset at.
func (s *timerSlab) alloc(f func(), at int64) slotRef {
	var (
		sl *timerSlot
		id uint32
	)
	if s.freeHead != 0 {
		id = s.freeHead - 1
		sl = &s.slots[id]
		s.freeHead = uint32(sl.at)
	} else {
		id = uint32(len(s.slots))
		s.slots = append(s.slots, timerSlot{stamp: 1})
		sl = &s.slots[id]
	}
	sl.f, sl.at = f, at
	return makeRef(id, sl.gen)
}

// free empties slot id, ends its generation and returns its callback.
func (s *timerSlab) free(id uint32) func() {
	sl := &s.slots[id]
	f := sl.f
	sl.f = nil
	sl.gen++
	sl.at = int64(s.freeHead)
	s.freeHead = id + 1
	return f
}

// live reports whether the slot of r is in use by r's generation: whether
// a handle with r still names a pending event. The generation alone says
// so: a slot's generation moves on as it is freed, and alloc gives the
// new one, so a free slot's generation is no handle's.
func (s *timerSlab) live(r slotRef) bool {
	id := r.id()
	return int(id) < len(s.slots) && s.slots[id].gen == r.gen()
}

// isLive reports whether heap entry e is its slot's live entry. It holds
// for a heap only: the entries of a sorted slice carry no stamps (they
// are all live).
func (s *timerSlab) isLive(e *heapEntry) bool { return s.slots[e.id].stamp == e.stamp }

// schedule adds the event f in a free slot, due at offset at, and
// returns its handle. Among the events due at the same instant it goes
// behind every one scheduled so far, or where tk places it if ticketed.
// Every new event (a Schedule, a Reset of one that fired or was stopped)
// comes here, and it is the one call each makes: Schedule, After and
// their kin inline, and taking the slot and placing the entry happen in
// line (they were three calls deep). A push into a sorted slice leaves
// the slot's stamp alone: its entries are all live and carry none until
// it turns into a heap (see toHeap).
func (c *Clock) schedule(f func(), at int64, tk Ticket, ticketed bool) Timer {
	seq := uint64(tk)
	if !ticketed {
		c.seq++
		seq = c.seq
	}
	r := c.timers.alloc(f, at)
	if c.sorted && len(c.heap) < maxSorted {
		c.pushSorted(heapEntry{at: at, seq: seq, id: r.id()})
	} else {
		c.pushHeap(r.id(), at, seq)
	}
	return Timer{c: c, f: f, at: at, ref: r}
}

// pushHeap pushes the event of slot id, in use, into the heap (turning a
// full sorted slice into one first), due at offset at with sequence seq.
// Any entry pushed for the slot before goes stale.
func (c *Clock) pushHeap(id uint32, at int64, seq uint64) {
	if c.sorted {
		c.toHeap()
	}
	sl := &c.timers.slots[id]
	sl.at = at
	if sl.stamp++; sl.stamp == 0 {
		c.stampWrapped(id)
	}
	c.heap.push(heapEntry{at: at, seq: seq, id: id, stamp: sl.stamp})
}

// repush moves the pending event of slot id to offset at, behind every
// event scheduled so far for that instant (a Reset): its old entry goes
// stale.
func (c *Clock) repush(id uint32, at int64) {
	c.seq++
	if c.sorted { // its entry out, and then in at its new place: no stale one
		c.removeSorted(id)
		c.timers.slots[id].at = at
		c.pushSorted(heapEntry{at: at, seq: c.seq, id: id})
		return
	}
	if top := &c.heap[0]; top.id == id && c.timers.isLive(top) {
		// The event is the next due: its entry takes the new time where
		// it is and sinks to its place, instead of leaving a stale entry
		// at the top that would have to be popped. A timer reset just
		// after the event before it fired (a watchdog moved on as work
		// goes on) is here.
		c.timers.slots[id].at = at
		c.heap.siftDown(0, heapEntry{at: at, seq: c.seq, id: id, stamp: top.stamp})
		c.dropStale() // a stale entry may have come up in its place
		return
	}
	c.stale++ // the old entry is below the top: it waits there, stale
	c.pushHeap(id, at, c.seq)
	c.maybeCompact()
}

// stop cancels the event of r, if it is still pending, and reports
// whether it was.
func (c *Clock) stop(r slotRef) bool {
	if !c.timers.live(r) {
		return false
	}
	c.stopSlot(r.id())
	return true
}

// stopSlot cancels the pending event of slot id: its entry goes stale and
// the slot is freed.
func (c *Clock) stopSlot(id uint32) {
	if c.sorted {
		c.removeSorted(id)
		c.timers.free(id)
		return
	}
	c.stale++
	sl := &c.timers.slots[id]
	if sl.stamp++; sl.stamp == 0 {
		c.stampWrapped(id)
	}
	c.timers.free(id)
	c.maybeCompact()
	c.dropStale()
}

// stampWrapped restarts slot id's stamps after 2^32 bumps. A stale entry
// left from long ago could carry any earlier stamp, so every stale entry
// is dropped first (all of the slot's own among them, as its stamp is now
// 0, which no entry carries), and counting starts again at 1. It is
// kept out of line so that the hot paths that bump stamps stay small.
//
//go:noinline
func (c *Clock) stampWrapped(id uint32) {
	c.compact()
	c.timers.slots[id].stamp = 1
}

// minCompact is how many stale entries the heap may hold beyond half the
// pending events before they are dropped all at once. The margin keeps a
// small heap whose few events are reset over and over from being rebuilt
// at every reset.
const minCompact = 64

// maybeCompact drops every stale entry once they outnumber half the
// pending events (and minCompact): without it, the heap would grow with
// every reset of a pending event whose old time is far off. The heap
// stays within 1.5 times the pending events (plus minCompact), and each
// stale entry costs O(1) amortised to drop.
func (c *Clock) maybeCompact() {
	if pending := uint32(len(c.heap)) - c.stale; c.stale > pending/2+minCompact {
		c.compact()
	}
}

// compact drops every stale entry and rebuilds the heap over the rest. A
// sorted slice has no stale entries to drop (and its entries no stamps to
// tell them by), so it is for a heap only.
func (c *Clock) compact() {
	h := c.heap
	live := h[:0]
	for i := range h {
		if c.timers.isLive(&h[i]) {
			live = append(live, h[i])
		}
	}
	clear(h[len(live):])
	live.heapify()
	c.heap = live
	c.heap.shrink()
	c.stale = 0
}

// due is the due offset of the earliest pending event; ok is false when
// nothing is pending. The entry it reads is live: a sorted slice holds no
// stale entries, and a heap never has one at its top once the operation
// that left it there returns (see dropStale), so due, called two or three
// times an event, is small enough to inline.
func (c *Clock) due() (at int64, ok bool) {
	n := len(c.heap)
	if n == 0 {
		return 0, false
	}
	if c.sorted {
		return c.heap[n-1].at, true // the next is the last
	}
	return c.heap[0].at, true
}

// dropStale pops stale entries off the top of the heap until a live one
// (or nothing) is left there: what every operation that can leave a stale
// entry at the top (a pop, a Stop or a Reset) does before it returns.
func (c *Clock) dropStale() {
	for len(c.heap) > 0 && !c.timers.isLive(&c.heap[0]) {
		c.heap.pop()
		c.stale--
	}
}
