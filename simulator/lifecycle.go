package simulator

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
)

// LifecycleEvent is something that moves the app between states: a user
// action, a system decision, or the step that follows another.
type LifecycleEvent int

// Lifecycle events.
const (
	// EvUserLaunch: the user taps the icon (cold launch or return).
	EvUserLaunch LifecycleEvent = iota
	// EvActivate: the app becomes active; follows EvUserLaunch.
	EvActivate
	// EvResignActive: the user leaves the app (home, app switcher).
	EvResignActive
	// EvEnterBackground: follows EvResignActive.
	EvEnterBackground
	// EvSuspend: the grace period is over and nothing keeps the app running.
	EvSuspend
	// EvBackgroundLaunch: the system launches the app for session events.
	EvBackgroundLaunch
	// EvBackgroundResume: the system wakes the suspended app for session events.
	EvBackgroundResume
	// EvSystemKill: the system terminates the app (memory pressure, update).
	EvSystemKill
	// EvForceQuit: the user swipes the app away in the app switcher.
	EvForceQuit
	// EvCrash: the app crashes.
	EvCrash
	// EvWatchdogKill: the watchdog kills an app that overran its time.
	EvWatchdogKill
	numLifecycleEvents
)

var lifecycleEventNames = [...]string{
	"user-launch", "activate", "resign-active", "enter-background", "suspend",
	"background-launch", "background-resume", "system-kill", "force-quit",
	"crash", "watchdog-kill",
}

// String gives the event's name as the trace shows it.
func (e LifecycleEvent) String() string {
	if e < 0 || e >= numLifecycleEvents {
		return fmt.Sprintf("event(%d)", int(e))
	}
	return lifecycleEventNames[e]
}

// AllLifecycleEvents lists every lifecycle event, in declaration order.
func AllLifecycleEvents() []LifecycleEvent {
	out := make([]LifecycleEvent, numLifecycleEvents)
	for i := range out {
		out[i] = LifecycleEvent(i)
	}
	return out
}

// AllStates lists every app state of R-L1, in declaration order.
func AllStates() []appmodel.State {
	return []appmodel.State{appmodel.NotRunning, appmodel.Inactive, appmodel.Active,
		appmodel.Background, appmodel.Suspended, appmodel.Terminated}
}

// Transition is one row of the lifecycle table: in state From, event Event
// leads to state To and calls Callbacks, in order, on the main queue.
type Transition struct {
	From      appmodel.State
	Event     LifecycleEvent
	To        appmodel.State
	Callbacks []Callback
	// NewProcess: the transition starts a new process (R-L6).
	NewProcess bool
	// Rule is the rule the row models (docs/ios-rules.md).
	Rule Rule
}

const (
	notRunning = appmodel.NotRunning
	inactive   = appmodel.Inactive
	active     = appmodel.Active
	background = appmodel.Background
	suspended  = appmodel.Suspended
	terminated = appmodel.Terminated
)

// transitions is the lifecycle table. A (state, event) pair not in it is
// illegal. NotRunning (never ran) and Terminated (ran, then ended) behave
// alike; they differ only in what the trace says.
var transitions = []Transition{
	// R-L2: user launch, cold: FinishedLaunching, then OnActivated.
	{From: notRunning, Event: EvUserLaunch, To: inactive, Callbacks: cbs(CbFinishedLaunching), NewProcess: true, Rule: RuleL2},
	{From: terminated, Event: EvUserLaunch, To: inactive, Callbacks: cbs(CbFinishedLaunching), NewProcess: true, Rule: RuleL2},
	// R-L2: the user returns, from background or suspended.
	{From: background, Event: EvUserLaunch, To: inactive, Callbacks: cbs(CbWillEnterForeground), Rule: RuleL2},
	{From: suspended, Event: EvUserLaunch, To: inactive, Callbacks: cbs(CbWillEnterForeground), Rule: RuleL2},
	{From: inactive, Event: EvActivate, To: active, Callbacks: cbs(CbOnActivated), Rule: RuleL2},
	// R-L2: the user leaves the app.
	{From: active, Event: EvResignActive, To: inactive, Callbacks: cbs(CbOnResignActivation), Rule: RuleL2},
	{From: inactive, Event: EvEnterBackground, To: background, Callbacks: cbs(CbDidEnterBackground), Rule: RuleL3},
	// R-L3: suspended, with no callback, once nothing keeps it running.
	{From: background, Event: EvSuspend, To: suspended, Rule: RuleL3},
	// R-L2: launch into the background for session events: no OnActivated.
	{From: notRunning, Event: EvBackgroundLaunch, To: background, Callbacks: cbs(CbFinishedLaunching), NewProcess: true, Rule: RuleL2},
	{From: terminated, Event: EvBackgroundLaunch, To: background, Callbacks: cbs(CbFinishedLaunching), NewProcess: true, Rule: RuleL2},
	// R-I4: a suspended app with its session is woken, not relaunched.
	{From: suspended, Event: EvBackgroundResume, To: background, Rule: RuleI4},
	// R-L7: WillTerminate for a running app the system terminates, never
	// for a suspended one.
	{From: inactive, Event: EvSystemKill, To: terminated, Callbacks: cbs(CbWillTerminate), Rule: RuleL7},
	{From: active, Event: EvSystemKill, To: terminated, Callbacks: cbs(CbWillTerminate), Rule: RuleL7},
	{From: background, Event: EvSystemKill, To: terminated, Callbacks: cbs(CbWillTerminate), Rule: RuleL7},
	{From: suspended, Event: EvSystemKill, To: terminated, Rule: RuleL7},
	// R-L7 (v2), R-E3: swiping away an app that still runs calls
	// WillTerminate; a suspended one hears nothing. The switcher is open,
	// so the app is no longer active.
	{From: inactive, Event: EvForceQuit, To: terminated, Callbacks: cbs(CbWillTerminate), Rule: RuleL7},
	{From: background, Event: EvForceQuit, To: terminated, Callbacks: cbs(CbWillTerminate), Rule: RuleL7},
	{From: suspended, Event: EvForceQuit, To: terminated, Rule: RuleL7},
	// A crash or a watchdog kill needs running code; they call nothing.
	{From: inactive, Event: EvCrash, To: terminated, Rule: RuleL1},
	{From: active, Event: EvCrash, To: terminated, Rule: RuleL1},
	{From: background, Event: EvCrash, To: terminated, Rule: RuleL1},
	{From: inactive, Event: EvWatchdogKill, To: terminated, Rule: RuleL4},
	{From: active, Event: EvWatchdogKill, To: terminated, Rule: RuleL4},
	{From: background, Event: EvWatchdogKill, To: terminated, Rule: RuleL4},
}

func cbs(c ...Callback) []Callback { return c }

// Transitions returns a copy of the lifecycle table.
func Transitions() []Transition {
	out := make([]Transition, len(transitions))
	for i, t := range transitions {
		t.Callbacks = append([]Callback(nil), t.Callbacks...)
		out[i] = t
	}
	return out
}

// IllegalTransitionError reports an event that the lifecycle table does not
// allow in the app's current state.
type IllegalTransitionError struct {
	State appmodel.State
	Event LifecycleEvent
}

// Error names the state and the event.
func (e *IllegalTransitionError) Error() string {
	return fmt.Sprintf("simulator: event %q is illegal in state %q", e.Event, e.State)
}

// lookup finds the row for (from, ev), in the table itself: a row is
// about 70 bytes, and every lifecycle event looks one up (a Launch three
// times: the action, the launch and the row it fires).
func lookup(from appmodel.State, ev LifecycleEvent) (*Transition, bool) {
	if uint(from) >= uint(numStates) || uint(ev) >= uint(numLifecycleEvents) { // negatives too
		return nil, false
	}
	t := transitionRows[from][ev]
	return t, t != nil
}

// numStates is how many states of R-L1 there are.
const numStates = int(terminated) + 1

// transitionRows indexes the table by state and event: the row, nil where
// the event is illegal. Every lifecycle event and most user actions look a
// row up; the index finds it at once where a scan compared up to every
// row.
var transitionRows = func() (rows [numStates][numLifecycleEvents]*Transition) {
	for i, t := range transitions {
		if rows[t.From][t.Event] == nil { // the first row of a pair, as a scan would find
			rows[t.From][t.Event] = &transitions[i]
		}
	}
	return rows
}()
