package simulator

import (
	"fmt"

	"github.com/bgsim/bgsim/fakes"
)

// WakePhase is where one session's part of a background wake is (R-D1 to
// R-D4, R-D7): the daemon moves it only along the rows of WakeMoves.
type WakePhase int

// Phases of a wake.
const (
	// WakeRequested: the daemon decided to wake the app; it is being
	// resumed or launched.
	WakeRequested WakePhase = iota
	// WakeHandling: HandleEventsForBackgroundURL is on the main queue.
	WakeHandling
	// WakeDelivering: HandleEventsForBackgroundURL returned; the session's
	// events flow to its delegate (R-D2).
	WakeDelivering
	// WakeFinishing: the last event was delivered and
	// DidFinishEventsForBackgroundSession is queued (R-D3).
	WakeFinishing
	// WakeHandlerCalled: the app called the completion handler (R-D4).
	WakeHandlerCalled
	// WakeEnded: the wake is over; the app may be suspended once every
	// wake of the process has ended.
	WakeEnded
)

var wakePhaseNames = [...]string{"requested", "handling", "delivering", "finishing", "handler-called", "ended"}

// String gives the phase's name.
func (p WakePhase) String() string {
	if p < 0 || int(p) >= len(wakePhaseNames) {
		return fmt.Sprintf("wake-phase(%d)", int(p))
	}
	return wakePhaseNames[p]
}

// wakeMoves is the wake table. A move not in it is an IllegalMoveError.
var wakeMoves = newMoveTable("wake", []move[WakePhase]{
	{WakeRequested, WakeHandling, RuleD2, "the app was resumed or launched: HandleEventsForBackgroundURL is queued"},
	{WakeRequested, WakeEnded, RuleD1, "the launch failed, or the app came to the foreground first"},
	{WakeHandling, WakeDelivering, RuleD2, "HandleEventsForBackgroundURL returned"},
	{WakeHandling, WakeHandlerCalled, RuleD4, "the app called the handler early"},
	{WakeHandling, WakeEnded, RuleD8, "the budget ran out or the process ended"},
	{WakeDelivering, WakeFinishing, RuleD3, "the last event was delivered"},
	{WakeDelivering, WakeHandlerCalled, RuleD4, "the app called the handler early"},
	{WakeDelivering, WakeEnded, RuleD8, "the budget ran out or the process ended"},
	{WakeFinishing, WakeDelivering, RuleD3, "new events came before DidFinishEventsForBackgroundSession ran"},
	{WakeFinishing, WakeHandlerCalled, RuleD4, "the app called the handler"},
	{WakeFinishing, WakeEnded, RuleD4, "the budget ran out or the process ended"},
	{WakeHandlerCalled, WakeEnded, RuleD4, "the snapshot was taken"},
})

// WakeMoves returns the legal moves of a wake, as a table.
func WakeMoves() []Move { return wakeMoves.moves() }

// IllegalMoveError reports a move that one of the daemon's tables (the
// task's phases, the wake's phases) does not allow. The simulator never
// makes one unless it has a defect; the run that saw it returns it.
type IllegalMoveError struct {
	Machine  string // "task" or "wake"
	From, To string
}

// Error names the machine and the move.
func (e *IllegalMoveError) Error() string {
	return fmt.Sprintf("simulator: illegal %s move %s -> %s", e.Machine, e.From, e.To)
}

func checkWakeMove(from, to WakePhase) error {
	if wakeMoves.to.has(uint(from), uint(to)) {
		return nil
	}
	return wakeMoves.check(from, to)
}

// wake is one session's part of a system wake of the app for session
// events: resume or launch into the background, HandleEventsForBackgroundURL,
// delivery, DidFinishEventsForBackgroundSession, and the completion handler
// (R-D1 to R-D4). Several sessions woken together each have one (R-D7).
// While it lasts it keeps the app from being suspended, until the handler
// is called or CompletionHandlerBudget runs out.
type wake struct {
	b     *bgSession
	p     *process // nil until the launched process exists
	phase WakePhase
	calls int32 // completion handler calls
	// budgeting: budget was armed and has neither fired nor been stopped.
	// Its clock event is the session's (bgSession.clockEvent), which
	// tells it from the session's other timers so.
	budgeting bool
	budget    fakes.Timer
	// finishTo is the session object on whose delegate queue the wake's
	// DidFinishEventsForBackgroundSession waits (finishEvents): a wake
	// queues one at a time, and the item is the wake itself rather than a
	// closure of the three (an allocation of 32 bytes every wake).
	finishTo *sessionObj
	// handler is the completion handler HandleEventsForBackgroundURL
	// hands the app (handlerFunc), made at the wake's first call. A
	// session's first wake (bgSession.wake0) keeps it when a reset Sim
	// reuses the session, as the session keeps onClock: bound to the same
	// wake, it is the closure that wake's next use would make, and a
	// reset Sim's walkthrough makes none (16 bytes and an allocation).
	handler func()
}

// handlerFunc is w's completion handler: every call of it reaches
// handlerCalled for w, whatever wake its session is in by then (R-D4).
func (w *wake) handlerFunc() func() {
	if w.handler == nil {
		w.handler = func() { w.b.handlerCalled(w) }
	}
	return w.handler
}

// move takes the wake to phase to, if the table allows it; an illegal
// move is recorded as a fault of the simulator and changes nothing.
func (w *wake) move(to WakePhase) bool {
	if w.phase == to {
		return true
	}
	if !wakeMoves.to.has(uint(w.phase), uint(to)) { // inlined: checkWakeMove's test
		w.b.d.s.fault(checkWakeMove(w.phase, to))
		return false
	}
	w.phase = to
	return true
}

// open: HandleEventsForBackgroundURL returned; delivery may go on.
func (w *wake) open() bool { return w.phase == WakeDelivering || w.phase == WakeFinishing }

// finished: DidFinishEventsForBackgroundSession is queued or ran.
func (w *wake) finished() bool { return w.phase == WakeFinishing }

func (w *wake) stop() {
	w.budgeting = false
	if w.budget.Pending() {
		w.budget.Stop()
		w.budget = fakes.Timer{}
	}
}
