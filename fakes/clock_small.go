package fakes

// While a clock holds few heap entries, as a short run does throughout
// (the seed walkthrough never has more than ten), they are kept as a slice
// sorted latest first instead of as a heap: the next event is the last
// entry, so firing it is shortening the slice; a new entry is placed by a
// scan from the end, where the events due soonest are; and Stop and Reset
// take the event's entry out where it is instead of leaving it stale, so a
// small clock never holds a stale entry and never sifts. Past maxSorted
// entries the slice turns into a heap (reversed, a sorted slice is one),
// whose pushes and pops cost O(log n) however far the event is from the
// top; once firing leaves at most minHeap entries it turns back into a
// sorted slice. The gap between the two bounds keeps a clock whose
// entries hover around one of them from switching back and forth.
const (
	maxSorted = 16
	minHeap   = 4
)

// pushSorted places e in the sorted slice: after every entry due later,
// before every entry due sooner. The slice must have fewer than
// maxSorted entries. The slot's due offset is written already.
func (c *Clock) pushSorted(e heapEntry) {
	// Shift the entries due sooner up one place as the scan passes them,
	// as an insertion sort does: on a few entries a loop of moves costs
	// less than a search and then a call to copy.
	// Appended to c.heap itself: with room to spare (nearly always), the
	// append writes only the length back, not the array's pointer.
	c.heap = append(c.heap, e)
	h := c.heap
	j := len(h) - 1
	for ; j > 0 && h[j-1].dueBefore(e.at, e.seq); j-- {
		h[j] = h[j-1]
	}
	h[j] = e
}

// removeSorted takes the entry of slot id out of the sorted slice, where
// it is the slot's only entry (a sorted slice holds no stale ones).
func (c *Clock) removeSorted(id uint32) {
	h := c.heap
	i := len(h) - 1
	for i >= 0 && h[i].id != id {
		i--
	}
	if i < 0 {
		return
	}
	for ; i < len(h)-1; i++ { // a few moves, as in pushSorted
		h[i] = h[i+1]
	}
	c.heap = h[:len(h)-1]
}

// toHeap turns the sorted slice into a heap: reversed, earliest first, it
// is in heap order already. Its entries, all live, take their slots'
// stamps, which they did not carry in the slice (see Clock.schedule).
func (c *Clock) toHeap() {
	h := c.heap
	for i, j := 0, len(h)-1; i < j; i, j = i+1, j-1 {
		h[i], h[j] = h[j], h[i]
	}
	for i := range h {
		h[i].stamp = c.timers.slots[h[i].id].stamp
	}
	c.sorted = false
}

// toSorted turns the heap, of at most minHeap entries or so, into a
// sorted slice, dropping its stale entries on the way (all the heap has:
// the stale count starts again at 0).
func (c *Clock) toSorted() {
	h := c.heap
	n := 0
	for i := range h {
		e := h[i]
		if !c.timers.isLive(&e) {
			continue
		}
		// Insertion sort, latest first: a handful of entries.
		j := n
		for j > 0 && h[j-1].dueBefore(e.at, e.seq) {
			h[j] = h[j-1]
			j--
		}
		h[j] = e
		n++
	}
	c.heap = h[:n]
	c.stale = 0
	c.sorted = true
}
