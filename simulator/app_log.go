package simulator

import "github.com/bgsim/bgsim/appmodel"

// The typed forms of App.Log (appmodel.TypedLogger). Log's ...any costs
// the app an allocation at every line (the slice, and a box for each
// argument that is not a small constant), since a call through an
// interface cannot keep them on the caller's stack; these take the
// arguments as they are and hand them to the trace as the Sim's detail
// (Sim.det, trace_detail.go), which is written out as text only when the
// event is read. They record what Log records for the same format and
// arguments: Log keeps a string or an int argument as the same typed
// detail (detail.set).

var _ appmodel.TypedLogger = (*appHandle)(nil)

// LogString is Log(format, v).
func (a *appHandle) LogString(format, v string) {
	if d := a.logDetail(format, 1); d != nil {
		d.args[0].put(strArg(v))
		a.emitLog(d)
	}
}

// LogInt is Log(format, n).
func (a *appHandle) LogInt(format string, n int) {
	if d := a.logDetail(format, 1); d != nil {
		d.args[0].put(intArg(n))
		a.emitLog(d)
	}
}

// LogInts is Log(format, m, n).
func (a *appHandle) LogInts(format string, m, n int) {
	if d := a.logDetail(format, 2); d != nil {
		d.args[0].put(intArg(m))
		d.args[1].put(intArg(n))
		a.emitLog(d)
	}
}

// logDetail is the Sim's detail, made the one of a line of format with n
// arguments for the caller to fill in, or nil if the call is refused. It
// is refused as Log is, under Log's name: which form the app called does
// not show.
func (a *appHandle) logDetail(format string, n int) *detail {
	s, p := a.sim(), a.proc()
	if !s.fromApp(p, "Log") {
		return nil
	}
	s.det.format, s.det.n, s.det.log = format, n, true // the app's text: the store keeps its strings inline
	return &s.det
}

// emitLog emits the log line whose detail logDetail gave and the caller
// filled in: stored as it is, with no Event built (emitLine).
func (a *appHandle) emitLog(d *detail) {
	s, p := a.sim(), a.proc()
	s.emitLine(&logLine, p.pid, s.queueName(), "", d)
}
