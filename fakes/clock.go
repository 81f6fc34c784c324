package fakes

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// DefaultBudget is the number of events one Run call may fire before it
// stops with a *BudgetError. It is far above what any real scenario needs
// (the seed walkthrough fires well under a thousand) and low enough that a
// model rescheduling itself forever is stopped in well under a second.
const DefaultBudget = 5_000_000

// ErrBudgetExhausted is matched (errors.Is) by every *BudgetError.
var ErrBudgetExhausted = errors.New("fakes: event budget exhausted")

// ErrReentrantRun is returned when an event callback calls one of the Run
// methods of the clock that is running it.
var ErrReentrantRun = errors.New("fakes: Run called from inside an event callback; schedule an event instead")

// BudgetError reports a Run call that fired its whole event budget without
// reaching its goal: almost always a callback that keeps rescheduling itself.
type BudgetError struct {
	Limit   int           // events the call was allowed to fire
	At      time.Duration // virtual time since the clock's start when it stopped
	Pending int           // events still scheduled
}

// Error says where the run stopped and what to do about it.
func (e *BudgetError) Error() string {
	return fmt.Sprintf("fakes: event budget of %d events exhausted at %s with %d events still pending; "+
		"a callback probably reschedules itself forever (if the run is legitimately this long, raise the budget)",
		e.Limit, FormatOffset(e.At), e.Pending)
}

// Is makes errors.Is(err, ErrBudgetExhausted) true.
func (e *BudgetError) Is(target error) bool { return target == ErrBudgetExhausted }

// Clock is a discrete-event scheduler in virtual time. Nothing ticks: time
// jumps straight to the next scheduled event, so a week of idle virtual time
// costs nothing.
//
// Events fire in order of (time, sequence), where the sequence number is
// given when an event is scheduled or reset; events due at the same instant
// therefore fire first-in, first-out. Callbacks run inline on the caller's
// goroutine and may schedule, stop or reset events (their own included) and
// read Now. A Clock is not safe for concurrent use: one simulation, one
// goroutine.
type Clock struct {
	start  time.Time
	now    int64 // nanoseconds since start
	seq    uint64
	timers timerSlab
	heap   eventHeap
	fired  int
	budget int
	// stale counts the entries in heap whose event was stopped or reset
	// since: at most half the pending events and minCompact, so 32 bits
	// do, and it shares a word with running. With the malloc header, the
	// Clock then stays within the 896-byte size class.
	stale   uint32
	running bool
	// sorted is true while heap holds its entries sorted latest first
	// rather than in heap order: while they are few (see maxSorted).
	sorted bool

	// The first backing arrays of timers and heap, part of the Clock:
	// room for the few timers a short run has pending at once. They are
	// left behind (not copied back) if the run needs more.
	slotsBuf [initialTimers]timerSlot
	heapBuf  [initialEntries]heapEntry
}

// NewClock returns a clock whose virtual time starts at start.
func NewClock(start time.Time) *Clock { return new(Clock).Init(start) }

// Init makes c a clock whose virtual time starts at start, as NewClock
// does, and returns c: NewClock for a Clock that is part of a larger
// value, which then costs no allocation of its own (a simulator's Sim
// holds its clock so). Whatever c held before is dropped: its pending
// events never fire. A Clock must not be copied once in use: its first
// timer arrays are inside it.
func (c *Clock) Init(start time.Time) *Clock {
	if c.timers.slots != nil { // it was in use: a zero Clock has no slots
		*c = Clock{}
	}
	// Field by field: a composite literal would be copied over c whole,
	// with a GC write barrier for every pointer word while a collection
	// runs, and a simulator makes a clock for every run.
	c.start, c.budget = start, DefaultBudget
	c.timers.slots = c.slotsBuf[:0]
	c.heap = c.heapBuf[:0]
	c.sorted = true
	return c
}

// initialTimers is how many pending timers a new Clock has room for, and
// initialEntries how many entries. While they are few, the entries are
// kept sorted, one for each pending timer and none stale (see
// clock_small.go); a heap, which also holds the entries that Stop and
// Reset left stale, has more than maxSorted, past this array anyway. The
// seed walkthrough has at most 5 timers pending, the catalog's scenarios
// 9: two entries more than timers spare such a run a second allocation.
// Every byte here is a byte of every run (a simulator's Sim holds its
// Clock).
const (
	initialTimers  = 8
	initialEntries = 10
)

// Now is the current virtual time.
func (c *Clock) Now() time.Time { return c.start.Add(time.Duration(c.now)) }

// Start is the virtual time the clock started at.
func (c *Clock) Start() time.Time { return c.start }

// Elapsed is the virtual time since the clock's start.
func (c *Clock) Elapsed() time.Duration { return time.Duration(c.now) }

// Pending is the number of scheduled events that have not fired.
func (c *Clock) Pending() int { return len(c.heap) - int(c.stale) }

// Fired is the number of events fired since the clock was made.
func (c *Clock) Fired() int { return c.fired }

// SetBudget sets how many events a single RunFor or RunUntil call may fire
// before it returns a *BudgetError; n <= 0 restores DefaultBudget.
func (c *Clock) SetBudget(n int) {
	if n <= 0 {
		n = DefaultBudget
	}
	c.budget = n
}

// Budget is the per-call event budget of RunFor and RunUntil.
func (c *Clock) Budget() int { return c.budget }

// Next reports when the earliest pending event is due.
func (c *Clock) Next() (time.Time, bool) {
	at, ok := c.due()
	if !ok {
		return time.Time{}, false
	}
	return c.start.Add(time.Duration(at)), true
}

// NextElapsed is Next as virtual time since the clock's start (see
// Elapsed): what a loop that compares it with Elapsed needs, without
// making a time.Time for every event.
func (c *Clock) NextElapsed() (time.Duration, bool) {
	at, ok := c.due()
	return time.Duration(at), ok
}

// Schedule arranges for f to run at virtual time at. A time in the past is
// taken as now: the event fires next, after those already due now.
func (c *Clock) Schedule(at time.Time, f func()) Timer {
	return c.schedule(f, c.offset(at), 0, false)
}

// ScheduleOffset is Schedule for an instant given as virtual time since
// the clock's start (see Elapsed): what a caller that keeps its times as
// offsets needs, without a time.Time on the way. An offset before now is
// taken as now.
func (c *Clock) ScheduleOffset(at time.Duration, f func()) Timer {
	return c.schedule(f, c.offsetOf(at), 0, false)
}

// After arranges for f to run d after now; d <= 0 means now.
func (c *Clock) After(d time.Duration, f func()) Timer {
	return c.schedule(f, c.afterOffset(d), 0, false)
}

// afterOffset is now+d, with d <= 0 taken as now. It saturates rather than
// overflows: now+d past the largest offset would wrap negative and move
// time backwards when it fired.
func (c *Clock) afterOffset(d time.Duration) int64 {
	return c.now + min(max(int64(d), 0), math.MaxInt64-c.now)
}

// Step fires the earliest pending event, moving virtual time to its due
// time, and reports whether there was one.
//
// It is the one place events fire (the Run methods call it too), written
// out rather than calling a fire of its own: a simulator steps once an
// event, and the call saved is a tenth of what firing costs. The timer's
// slot is freed before the callback runs, so the callback may schedule
// (and reuse it) at once.
func (c *Clock) Step() bool {
	n := len(c.heap) - 1
	if n < 0 {
		return false
	}
	var e heapEntry
	if c.sorted { // the next is the last
		e = c.heap[n]
		c.heap = c.heap[:n]
	} else if e = c.heap.pop(); len(c.heap) <= minHeap {
		c.toSorted()
	} else if c.stale > 0 {
		c.dropStale() // the top entry is always live (see due)
	}
	f := c.timers.free(e.id)
	c.now = e.at
	c.fired++
	f()
	return true
}

// RunFor fires every event due within d of now, in order, and leaves the
// clock at now+d.
func (c *Clock) RunFor(d time.Duration) error {
	return c.runUntil(c.afterOffset(d))
}

// RunUntil fires every event due at or before until, in order, and leaves
// the clock at until (or where it was, if until is in the past). It stops
// early with a *BudgetError if the clock's budget runs out.
func (c *Clock) RunUntil(until time.Time) error {
	return c.runUntil(c.offset(until))
}

// runUntil is RunUntil for the offset end, at or after now.
func (c *Clock) runUntil(end int64) error {
	if c.running {
		return ErrReentrantRun
	}
	c.running = true
	defer func() { c.running = false }()
	for n := 0; ; n++ {
		if at, ok := c.due(); !ok || at > end {
			break
		}
		if n == c.budget {
			return c.budgetError(n)
		}
		c.Step()
	}
	c.now = max(c.now, end)
	return nil
}

// RunUntilIdle fires events until none is pending. It fires at most limit
// events (the clock's budget if limit <= 0) and returns a *BudgetError if
// events are still pending then.
func (c *Clock) RunUntilIdle(limit int) error {
	if c.running {
		return ErrReentrantRun
	}
	if limit <= 0 {
		limit = c.budget
	}
	c.running = true
	defer func() { c.running = false }()
	for n := 0; ; n++ {
		if _, ok := c.due(); !ok {
			break
		}
		if n == limit {
			return c.budgetError(n)
		}
		c.Step()
	}
	return nil
}

func (c *Clock) budgetError(limit int) error {
	return &BudgetError{Limit: limit, At: c.Elapsed(), Pending: c.Pending()}
}

func (c *Clock) offset(at time.Time) int64 {
	return c.offsetOf(at.Sub(c.start))
}

// offsetOf is the due offset of an event scheduled for offset at: now, if
// at is in the past.
func (c *Clock) offsetOf(at time.Duration) int64 { return max(int64(at), c.now) }

// FormatOffset renders a virtual-time offset as T+mm:ss.mmm, with hours
// (and days) in front when the offset reaches them: T+01:02:03.004,
// T+2d03:04:05.006. It is the timestamp of every bgsim timeline.
func FormatOffset(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	ms := int64(d / time.Millisecond)
	days, ms := ms/86_400_000, ms%86_400_000
	h, ms := ms/3_600_000, ms%3_600_000
	m, ms := ms/60_000, ms%60_000
	s, ms := ms/1000, ms%1000
	switch {
	case days > 0:
		return fmt.Sprintf("T%s%dd%02d:%02d:%02d.%03d", sign, days, h, m, s, ms)
	case h > 0:
		return fmt.Sprintf("T%s%02d:%02d:%02d.%03d", sign, h, m, s, ms)
	default:
		return fmt.Sprintf("T%s%02d:%02d.%03d", sign, m, s, ms)
	}
}
