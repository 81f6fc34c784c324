package simulator

import "time"

// Actor is who did what a trace event records.
type Actor string

// Actors.
const (
	ActorUser    Actor = "user"
	ActorSystem  Actor = "system"
	ActorApp     Actor = "app"
	ActorDaemon  Actor = "daemon"
	ActorNetwork Actor = "network"
)

// Event is one observable step of a simulation. Fields that do not apply to
// the event's kind are left zero and omitted from JSON.
type Event struct {
	// Seq numbers the events of a run from 1, in the order they happened
	// (the #42 of failure messages).
	Seq int           `json:"seq"`
	At  time.Duration `json:"at"` // virtual time since T+0, nanoseconds
	// Actor is who acted: the user, the system, the app, the daemon
	// (nsurlsessiond) or the network.
	Actor Actor `json:"actor"`
	// Kind is what happened; the comment of each Kind constant says which
	// of the other fields it sets.
	Kind Kind `json:"kind"`
	// Process is the app process the event is about: 1 for the first
	// launch, one more for each new process.
	Process int `json:"pid,omitempty"`
	// From and To are the two sides of a change: the app's states of a
	// lifecycle.transition ("background", "suspended"), the link of a
	// network.link; Cause says what made a transition (its
	// LifecycleEvent's name, "suspend").
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	Cause string `json:"cause,omitempty"`
	// Callback is the delegate method of an app.callback or
	// session.callback event, by its Xamarin name (Callback.Swift gives
	// the Swift one); Queue the queue it, or an app's block, ran on
	// (QueueMain, QueueDelegate, ...).
	Callback Callback `json:"callback,omitempty"`
	Queue    string   `json:"queue,omitempty"`
	// Session is the identifier of the background session the event is
	// about.
	Session string `json:"session,omitempty"`
	// Task is the id of the transfer task the event is about, within its
	// Session; BGTask the id of a background-task assertion
	// (BeginBackgroundTask), on bgtask.* events only.
	Task   int `json:"task,omitempty"`
	BGTask int `json:"bgtask,omitempty"`
	// Desc is the TaskDescription of the transfer the event is about, on
	// every event that names a task of a session (Session and Task set),
	// once the app has given the task one: the task.create event comes
	// before the app can set it.
	Desc string `json:"desc,omitempty"`
	// Bytes, Total and Expected are byte counts whose meaning the event's
	// kind gives (see its constant): for DidWriteData the bytes written
	// now, in all, and expected (-1: unknown); for transfer.start the
	// offset the attempt starts from; for task.complete the bytes
	// received, and in Total those an upload sent.
	Bytes    int64 `json:"bytes,omitempty"`
	Total    int64 `json:"total,omitempty"`
	Expected int64 `json:"expected,omitempty"`
	// Code is an error code (-999, -1001) or, on a transfer.response, the
	// HTTP status.
	Code int `json:"code,omitempty"`
	// Reason says why, in the words of the event's kind: the
	// appmodel.LaunchReason of a launch (process.launch, and the
	// FinishedLaunching callback), the TerminationReason of a
	// process.terminate, the appmodel.CancelReason of a task.complete
	// that was cancelled. See LaunchReason and TerminationReason.
	Reason string `json:"reason,omitempty"`
	// Where is the app's code location of a crash (app.crash): the first
	// stack frame outside bgsim and the Go runtime, "pkg.Func (file.go:42)".
	Where string `json:"where,omitempty"`
	// Detail is the rest of what the event says, in words: a log line, a
	// user action, a violation's message, a file's path.
	Detail string `json:"detail,omitempty"`
	// Rule is the rule of iOS that decided the event (R-D4), or the rule a
	// violation breaks.
	Rule Rule `json:"rule,omitempty"`
}

// Note records a note of the scenario's script in the trace.
func (s *Sim) Note(text string) {
	s.emitLine(&noteLine, 0, "", text, nil) // stored with no Event built
}

// emit stamps e with the next sequence number and the current virtual time
// and hands it to the trace sink. An event about a task of a session gets
// the task's description here, so that every task event carries it whoever
// emits it. A full trace (Config.MaxTraceEvents, with KeepAll) records
// nothing more: the run loop then stops the run (budget.go).
func (s *Sim) emit(e Event) { s.emitEvent(&e, nil) }

// emitDetail is emit for an event whose Detail is d, to render when read
// (trace_detail.go); d nil means e.Detail as it is.
func (s *Sim) emitDetail(e Event, d *detail) { s.emitEvent(&e, d) }

// emitEvent is emitDetail for an event the caller built in place: an
// Event is 240 bytes, and the hot paths (a progress report, a delegate
// callback) would otherwise copy it at each call on its way to the sink.
// The sink neither keeps nor leaks e, so it stays on the caller's stack.
func (s *Sim) emitEvent(e *Event, d *detail) {
	if s.traceFull() && !s.stopping {
		s.dropped++
		return
	}
	if !s.sink.wants() {
		// Nothing reads the event: count it, and let a callback be known
		// as running (enterCallback), which is all it changes.
		s.sink.n++
		if e.Kind == KindAppCallback || e.Kind == KindSessionCallback {
			s.enterCallback(e.Process, e.Callback)
		}
		return
	}
	e.Seq = s.sink.n + 1
	if e.Task != 0 && e.Desc == "" && e.Session != "" { // Task first: most events name none
		e.Desc = s.daemon.taskDesc(e.Session, e.Task)
	}
	e.At = s.clock.Elapsed()
	if st := s.sink.only(); st != nil {
		s.sink.n++
		st.add(e, d) // a call less than through the sink: 600 instructions a walkthrough
	} else {
		s.sink.add(e, d)
	}
	if e.Kind == KindAppCallback || e.Kind == KindSessionCallback {
		s.enterCallback(e.Process, e.Callback)
	}
}
