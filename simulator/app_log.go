package simulator

import "github.com/bgsim/bgsim/appmodel"

// The typed forms of App.Log (appmodel.TypedLogger). Log's ...any costs
// the app an allocation at every line (the slice, and a box for each
// argument that is not a small constant), since a call through an
// interface cannot keep them on the caller's stack; these take the
// arguments as they are and hand them to the trace as a detail (emitf),
// which writes the text only when the event is read. They record what
// Log records for the same format and arguments: Log keeps a string or
// an int argument as the same typed detail (detail.set).

var _ appmodel.TypedLogger = (*appHandle)(nil)

// LogString is Log(format, v).
func (a *appHandle) LogString(format, v string) { a.logf(format, strArg(v)) }

// LogInt is Log(format, n).
func (a *appHandle) LogInt(format string, n int) { a.logf(format, intArg(n)) }

// LogInts is Log(format, m, n).
func (a *appHandle) LogInts(format string, m, n int) { a.logf(format, intArg(m), intArg(n)) }

// logf is Log with its arguments typed already. It is refused as Log is,
// under Log's name: which form the app called does not show.
func (a *appHandle) logf(format string, args ...detailArg) {
	s, p := a.sim(), a.proc()
	if !s.fromApp(p, "Log") {
		return
	}
	s.emitf(Event{Actor: ActorApp, Kind: KindLog, Process: p.pid, Queue: s.queueName()}, format, args...)
}
