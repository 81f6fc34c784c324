package fakes

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// checkHeap fails t unless the clock's entries are in order (heap order,
// or sorted latest first while the clock has few) and its bookkeeping of
// stale entries is exact and bounded: every pending event has exactly one
// live entry, the stale count is the number of the other entries (none in
// a sorted slice), and they stay within the compaction bound.
func checkHeap(t *testing.T, c *Clock) {
	t.Helper()
	liveEntries := make(map[uint32]int)
	stale := 0
	for i := range c.heap {
		e := &c.heap[i]
		// A sorted slice's entries carry no stamps: one is live while
		// its slot is in use (and each in-use slot must have one).
		if c.sorted && c.timers.slots[e.id].f != nil || !c.sorted && c.timers.isLive(e) {
			liveEntries[e.id]++
		} else {
			stale++
		}
		if c.sorted {
			if i > 0 && c.heap[i-1].before(e) {
				t.Fatalf("sorted order broken: entry %d is due after entry %d", i, i-1)
			}
		} else if p := (i - 1) / 2; i > 0 && e.before(&c.heap[p]) {
			t.Fatalf("heap order broken: entry %d is due before its parent %d", i, p)
		}
	}
	if c.sorted && (stale != 0 || len(c.heap) > maxSorted) {
		t.Fatalf("sorted slice of %d entries, %d stale; want at most %d, none stale", len(c.heap), stale, maxSorted)
	}
	if !c.sorted && len(c.heap) > 0 && !c.timers.isLive(&c.heap[0]) {
		t.Fatal("a stale entry at the top of the heap")
	}
	if stale != int(c.stale) {
		t.Fatalf("%d stale entries in the heap, the clock counts %d", stale, c.stale)
	}
	pending := 0
	for id := range c.timers.slots {
		if c.timers.slots[id].f == nil {
			continue
		}
		pending++
		if n := liveEntries[uint32(id)]; n != 1 {
			t.Fatalf("pending slot %d has %d live entries, want 1", id, n)
		}
	}
	if pending != c.Pending() || len(liveEntries) != pending {
		t.Fatalf("%d slots in use, %d with a live entry, Pending says %d", pending, len(liveEntries), c.Pending())
	}
	// maybeCompact runs after the entry that tips it goes stale.
	if limit := pending/2 + minCompact; stale > limit {
		t.Fatalf("%d stale entries for %d pending events, want at most %d", stale, pending, limit)
	}
}

// TestClockStaleEntries drives a clock with random schedules, stops and
// resets (many of pending events, whose old entries go stale) and checks
// the heap's bookkeeping after every operation.
func TestClockStaleEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2))
	c := NewClock(time.Unix(0, 0))
	var timers []Timer
	fired := 0
	for range 4_000 {
		switch k := rng.IntN(10); {
		case k < 2 || len(timers) == 0:
			timers = append(timers, c.After(time.Duration(rng.IntN(1000))*time.Millisecond, func() { fired++ }))
		case k < 3:
			timers[rng.IntN(len(timers))].Stop()
		case k < 9:
			timers[rng.IntN(len(timers))].ResetAfter(time.Duration(rng.IntN(1000)) * time.Millisecond)
		default:
			c.Step()
		}
		checkHeap(t, c)
	}
	if err := c.RunUntilIdle(0); err != nil {
		t.Fatal(err)
	}
	checkHeap(t, c)
	if len(c.heap) != 0 || c.stale != 0 || fired == 0 {
		t.Fatalf("after the run: %d entries, %d stale, %d fired", len(c.heap), c.stale, fired)
	}
}

// TestClockResetsDoNotGrowTheHeap resets one far-off event a million
// times among a few others: the heap must stay bounded, not keep an entry
// for every reset.
func TestClockResetsDoNotGrowTheHeap(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	for i := range 10 {
		c.After(time.Duration(i+1)*time.Hour, func() {})
	}
	tm := c.After(time.Hour, func() {})
	for i := range 1_000_000 {
		tm.ResetAfter(time.Duration(i%1000+1) * time.Minute)
	}
	if n, limit := len(c.heap), 11+11/2+minCompact; n > limit {
		t.Fatalf("%d heap entries for 11 pending events, want at most %d", n, limit)
	}
	checkHeap(t, c)
}

// TestClockStampWrap checks the wrap of a slot's stamp: a stale entry
// left in the heap must not come back to life when the slot's stamps
// start again, which would fire the slot's new event at the stale
// entry's time (and then once more at its own).
func TestClockStampWrap(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	// Enough events to make the entries a heap (a sorted slice takes a
	// stopped event's entry out instead), all earlier than the one to be
	// stopped, so that its stale entry is not at the top (where the stop
	// drops it at once).
	for range maxSorted + 1 {
		c.After(time.Second, func() {})
	}
	if c.sorted {
		t.Fatalf("%d entries still sorted, want a heap past %d", len(c.heap), maxSorted)
	}
	stopped := c.After(100*time.Second, func() { t.Error("a stopped event fired") })
	stopped.Stop() // its entry stays in the heap, stale, with stamp 2 (a new slot's stamps start at 1)
	if c.stale != 1 || c.timers.slots[stopped.ref.id()].stamp != 3 {
		t.Fatalf("after the stop: %d stale, slot stamp %d; want 1, 3", c.stale, c.timers.slots[stopped.ref.id()].stamp)
	}
	// Skip the slot's stamp ahead to the end of its range, as 2^32 bumps
	// would: the next push wraps it, and stamps 1 and then 2 (the stale
	// entry's) come round again.
	c.timers.slots[stopped.ref.id()].stamp = math.MaxUint32
	var at []time.Duration
	next := c.After(150*time.Second, func() { at = append(at, c.Elapsed()) })
	if next.ref.id() != stopped.ref.id() {
		t.Fatalf("the new event took slot %d, not the freed slot %d", next.ref.id(), stopped.ref.id())
	}
	checkHeap(t, c)
	next.ResetAfter(200 * time.Second) // stamp 2: the stale entry's, had it stayed
	checkHeap(t, c)
	if err := c.RunUntilIdle(0); err != nil {
		t.Fatal(err)
	}
	if len(at) != 1 || at[0] != 200*time.Second {
		t.Fatalf("the new event fired at %v, want once at 200s", at)
	}
}
