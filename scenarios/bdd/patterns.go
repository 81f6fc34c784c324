package bdd

import (
	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Field narrows a pattern made by one of the constructors of this package:
//
//	bdd.Callback(simulator.CbDidFinishDownloading, bdd.Desc("photo-1"), bdd.InProcess(2))
//
// A Field given a zero value (Session(""), Desc(""), Task(0)) narrows
// nothing: the pattern matches as if the Field were not there, as a zero
// field of simulator.Pattern matches anything. A constant left unset in a
// spec therefore widens the pattern rather than failing it; check such
// values where they are made.
type Field func(*simulator.Pattern)

func with(p simulator.Pattern, fields []Field) simulator.Pattern {
	for _, f := range fields {
		f(&p)
	}
	return p
}

// Task narrows a pattern to the task with this id.
func Task(id int) Field { return func(p *simulator.Pattern) { p.Task = id } }

// Desc narrows a pattern to the task with this TaskDescription.
func Desc(description string) Field { return func(p *simulator.Pattern) { p.Desc = description } }

// Session narrows a pattern to the background session with this identifier.
func Session(identifier string) Field { return func(p *simulator.Pattern) { p.Session = identifier } }

// InProcess narrows a pattern to one process (1 is the first launch).
func InProcess(n int) Field { return func(p *simulator.Pattern) { p.Process = n } }

// OnQueue narrows a pattern to events on one queue (simulator.QueueMain, ...).
func OnQueue(name string) Field { return func(p *simulator.Pattern) { p.Queue = name } }

// WithCode narrows a pattern to events with this error code or HTTP status.
func WithCode(code int) Field { return func(p *simulator.Pattern) { p.Code = code } }

// WithDetail narrows a pattern to events whose detail contains s.
func WithDetail(s string) Field { return func(p *simulator.Pattern) { p.Detail = s } }

// Callback is the pattern of a call of an AppDelegate or SessionDelegate
// method.
func Callback(cb simulator.Callback, fields ...Field) simulator.Pattern {
	kind := simulator.KindSessionCallback
	if isAppCallback(cb) {
		kind = simulator.KindAppCallback
	}
	return with(simulator.Pattern{Kind: kind, Callback: cb}, fields)
}

func isAppCallback(cb simulator.Callback) bool {
	switch cb {
	case simulator.CbFinishedLaunching, simulator.CbOnActivated, simulator.CbOnResignActivation,
		simulator.CbDidEnterBackground, simulator.CbWillEnterForeground, simulator.CbWillTerminate,
		simulator.CbHandleEventsForBackgroundURL:
		return true
	}
	return false
}

// Violation is the pattern of a violation of rule.
func Violation(rule simulator.Rule, fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindViolation, Rule: rule}, fields)
}

// Launch is the pattern of a new process launched for reason: by the user
// (appmodel.LaunchUser) or into the background for session events
// (appmodel.LaunchURLSession).
func Launch(reason appmodel.LaunchReason, fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindLaunch, Reason: reason.String()}, fields)
}

// Terminated is the pattern of a process ending for reason.
func Terminated(reason simulator.TerminationReason, fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindTerminate, Reason: string(reason)}, fields)
}

// Transition is the pattern of the app entering state.
func Transition(to appmodel.State, fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindTransition, To: to.String()}, fields)
}

// Wake is the pattern of the daemon waking the app for session events: a
// background launch or the resumption of a suspended app (R-D1).
func Wake(fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindRelaunch}, fields)
}

// Connect is the pattern of a process connecting to the background session
// with this identifier: the app made a session with it (R-I3).
func Connect(session string, fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindConnect, Session: session}, fields)
}

// HandlerCalled is the pattern of the app calling the completion handler of
// HandleEventsForBackgroundURL for session (R-D4).
func HandlerCalled(session string, fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindHandlerCall, Session: session}, fields)
}

// TaskCompleted is the pattern of the daemon completing a task, whatever
// its outcome; narrow it with WithCode for an error.
func TaskCompleted(fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindTaskComplete}, fields)
}

// FileDeleted is the pattern of the daemon deleting a downloaded file that
// DidFinishDownloading did not move (R-D6).
func FileDeleted(fields ...Field) simulator.Pattern {
	return with(simulator.Pattern{Kind: simulator.KindFile, Rule: simulator.RuleD6, Detail: "deleted"}, fields)
}
