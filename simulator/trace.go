package simulator

import (
	"slices"
	"time"
)

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

// Kind is what a trace event records.
type Kind string

// Event kinds.
const (
	KindUserAction   Kind = "user.action"          // the user did something (Detail)
	KindLaunch       Kind = "process.launch"       // a new process (Process, Reason)
	KindTerminate    Kind = "process.terminate"    // a process ended (Process, Reason)
	KindTransition   Kind = "lifecycle.transition" // From -> To because of Cause
	KindAppCallback  Kind = "app.callback"         // an AppDelegate method began (Callback, Queue)
	KindLog          Kind = "app.log"              // app output (Detail)
	KindUI           Kind = "app.ui"               // a UI update (Detail, Queue)
	KindCrash        Kind = "app.crash"            // the app model panicked or crashed (Detail)
	KindBGTaskBegin  Kind = "bgtask.begin"         // a background-task assertion (Task = its id, Detail = name)
	KindBGTaskEnd    Kind = "bgtask.end"
	KindBGTaskExpire Kind = "bgtask.expire" // its expiration handler was queued
	KindViolation    Kind = "violation"     // the app broke a rule of the platform (Rule, Detail)
	KindSystem       Kind = "system.note"   // a decision of the system worth showing (Detail)
	KindNote         Kind = "scenario.note" // a note of the scenario's script (Detail)
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
	Task     int           `json:"task,omitempty"`
	Desc     string        `json:"desc,omitempty"` // the task's TaskDescription, on task events
	Bytes    int64         `json:"bytes,omitempty"`
	Total    int64         `json:"total,omitempty"`
	Expected int64         `json:"expected,omitempty"`
	Code     int           `json:"code,omitempty"`
	Reason   string        `json:"reason,omitempty"`
	Detail   string        `json:"detail,omitempty"`
	Rule     Rule          `json:"rule,omitempty"`
}

// Note records a note of the scenario's script in the trace.
func (s *Sim) Note(text string) {
	s.emit(Event{Actor: ActorUser, Kind: KindNote, Detail: text})
}

// emit stamps e with the next sequence number and the current virtual time
// and appends it to the trace.
// A full trace (Config.MaxTraceEvents) records nothing more: the run loop
// then stops the run (budget.go).
func (s *Sim) emit(e Event) {
	if s.traceFull() && !s.stopping {
		s.dropped++
		return
	}
	e.Seq = len(s.trace) + 1
	e.At = s.clock.Elapsed()
	grown := len(s.trace) == cap(s.trace)
	if grown {
		// Double: append grows a long slice by only a quarter, which
		// copies a trace of big events over and over.
		s.trace = slices.Grow(s.trace, max(len(s.trace), 64))
	}
	s.trace = append(s.trace, e)
	s.publish(grown)
	if e.Kind == KindAppCallback || e.Kind == KindSessionCallback {
		s.enterCallback(e)
	}
}
