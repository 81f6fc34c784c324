package appmodel

// State is the app's process state (R-L1). Xamarin: UIApplicationState plus
// the states UIKit does not expose (suspended, not running); Swift:
// UIApplication.State.
type State int

// The states of R-L1. Terminated is "not running after having run": the
// simulator records why (see simulator.TerminationReason).
const (
	NotRunning State = iota
	Inactive
	Active
	Background
	Suspended
	Terminated
)

var stateNames = [...]string{"not-running", "inactive", "active", "background", "suspended", "terminated"}

// String gives the state's name as the trace shows it.
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "state(?)"
	}
	return stateNames[s]
}

// Running reports whether the process is running code: inactive, active or
// background. A suspended app is in memory but runs nothing (R-L5).
//
// The states are consecutive, so one unsigned comparison of the distance
// from Inactive tells: three comparisons for equality compile to three
// branches and a bool made and tested again, at each of the simulator's
// checks of whether a process may run (about 600 of a walkthrough's
// 130,000 instructions, 200 with this form).
func (s State) Running() bool { return uint(s-Inactive) <= uint(Background-Inactive) }

// Alive reports whether a process exists: running or suspended (the state
// after Background).
func (s State) Alive() bool { return uint(s-Inactive) <= uint(Suspended-Inactive) }

// LaunchReason says why the process was launched. Xamarin: the keys of the
// launch-options NSDictionary; Swift: UIApplication.LaunchOptionsKey.
type LaunchReason int

const (
	// LaunchUser is a launch by the user tapping the icon.
	LaunchUser LaunchReason = iota
	// LaunchURLSession is a launch into the background by the system to
	// deliver background-session events (R-L2, R-D2).
	LaunchURLSession
	// LaunchExtension is the start of an app extension's process (share,
	// action, widget): a separate, short-lived process of the same app
	// (R-X1).
	LaunchExtension
)

// String gives the reason as the trace shows it.
func (r LaunchReason) String() string {
	switch r {
	case LaunchURLSession:
		return "url-session"
	case LaunchExtension:
		return "extension"
	}
	return "user"
}

// LaunchOptions is what FinishedLaunching receives.
type LaunchOptions struct {
	Reason LaunchReason
	// SessionIdentifier is the background session whose events caused a
	// LaunchURLSession launch.
	SessionIdentifier string
}
