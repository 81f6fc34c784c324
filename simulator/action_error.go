package simulator

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
)

// ActionError is a user or system action (Launch, Home, ForceQuit,
// MemoryPressureKill, Crash) that cannot happen in the app's state: the
// user cannot go home from an app that is not running. Its message names
// the action and says why, in the user's words:
//
//	simulator: Home: the app is not running
//
// It wraps the *IllegalTransitionError of the lifecycle table, which
// errors.As still finds for code that branches on the state and event.
type ActionError struct {
	Action string         // the method called: "Home"
	State  appmodel.State // the app's state when it was called
	Err    error          // the *IllegalTransitionError
}

// Error is "simulator: Action: why".
func (e *ActionError) Error() string {
	return fmt.Sprintf("simulator: %s: %s", e.Action, actionRefusal(e.Action, e.State))
}

// Unwrap returns the lifecycle table's *IllegalTransitionError.
func (e *ActionError) Unwrap() error { return e.Err }

// actionRefusal says why action cannot happen in state st.
func actionRefusal(action string, st appmodel.State) string {
	switch st {
	case notRunning, terminated:
		return "the app is not running"
	case suspended:
		if action == "Crash" {
			return "the app is suspended: it runs no code, so it cannot crash"
		}
		return "the app is already in the background, suspended"
	case background:
		return "the app is already in the background"
	case inactive:
		if action == "Launch" {
			return "the app is already in the foreground"
		}
		return "the app is inactive, between the foreground and the background"
	case active:
		return "the app is already in the foreground"
	}
	return "the app is " + st.String()
}

// refuse is the error of action, which the lifecycle table does not allow
// as ev in the current state.
func (s *Sim) refuse(action string, ev LifecycleEvent) error {
	return &ActionError{Action: action, State: s.state, Err: &IllegalTransitionError{State: s.state, Event: ev}}
}
