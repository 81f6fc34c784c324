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
	Seq      int           `json:"seq"`
	At       time.Duration `json:"at"` // virtual time since T+0, nanoseconds
	Actor    Actor         `json:"actor"`
	Kind     Kind          `json:"kind"`
	Process  int           `json:"pid,omitempty"`
	From     string        `json:"from,omitempty"`
	To       string        `json:"to,omitempty"`
	Cause    string        `json:"cause,omitempty"`
	Callback Callback      `json:"callback,omitempty"`
	Queue    string        `json:"queue,omitempty"`
	Session  string        `json:"session,omitempty"`
	// Task is the id of the transfer task the event is about, within its
	// Session; BGTask the id of a background-task assertion
	// (BeginBackgroundTask), on bgtask.* events only.
	Task   int `json:"task,omitempty"`
	BGTask int `json:"bgtask,omitempty"`
	// Desc is the TaskDescription of the transfer the event is about, on
	// every event that names a task of a session (Session and Task set),
	// once the app has given the task one: the task.create event comes
	// before the app can set it.
	Desc     string `json:"desc,omitempty"`
	Bytes    int64  `json:"bytes,omitempty"`
	Total    int64  `json:"total,omitempty"`
	Expected int64  `json:"expected,omitempty"`
	Code     int    `json:"code,omitempty"`
	// Reason says why, in the words of the event's kind: the
	// appmodel.LaunchReason of a launch (process.launch, and the
	// FinishedLaunching callback), the TerminationReason of a
	// process.terminate, the appmodel.CancelReason of a task.complete
	// that was cancelled. See LaunchReason and TerminationReason.
	Reason string `json:"reason,omitempty"`
	// Where is the app's code location of a crash (app.crash): the first
	// stack frame outside bgsim and the Go runtime, "pkg.Func (file.go:42)".
	Where  string `json:"where,omitempty"`
	Detail string `json:"detail,omitempty"`
	Rule   Rule   `json:"rule,omitempty"`
}

// Note records a note of the scenario's script in the trace.
func (s *Sim) Note(text string) {
	s.emit(Event{Actor: ActorUser, Kind: KindNote, Detail: text})
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
	e.Seq = s.sink.n + 1
	if e.Desc == "" && e.Task != 0 && e.Session != "" {
		e.Desc = s.daemon.taskDesc(e.Session, e.Task)
	}
	e.At = s.clock.Elapsed()
	s.sink.add(e, d)
	if e.Kind == KindAppCallback || e.Kind == KindSessionCallback {
		s.enterCallback(e)
	}
}
