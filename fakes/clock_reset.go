package fakes

import "time"

// Reset makes c a clock whose virtual time starts at start, as Init does,
// and returns c, but keeps the arrays its timers and their heap grew into
// past the ones inside the Clock: a caller that plays run after run on one
// clock (a simulator's Sim.Reset) then allocates them once, not every
// run. What c held is dropped as Init drops it: its pending events never
// fire, and its Timers from before Reset must not be used (a handle of
// theirs could name a timer of the new run). On a zero Clock, Reset is
// Init.
func (c *Clock) Reset(start time.Time) *Clock {
	slots, heap := c.timers.slots, c.heap
	c.Init(start) // the whole Clock zeroed first, then made new
	// Arrays past the Clock's own are longer than them (they only grow
	// from them); cleared, they hold no callback of the last run.
	if cap(slots) > len(c.slotsBuf) {
		clear(slots[:cap(slots)])
		c.timers.slots = slots[:0]
	}
	if cap(heap) > len(c.heapBuf) {
		clear(heap[:cap(heap)])
		c.heap = heap[:0]
	}
	return c
}
