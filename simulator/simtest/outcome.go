package simtest

import (
	"strings"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Outcome is what became of one task: what the daemon did with it and what
// the app was told. Read it with [Env.Outcome] and friends.
type Outcome struct {
	Session string             // the identifier of the task's session
	Task    int                // the task's id within its session
	Desc    string             // its TaskDescription
	Kind    appmodel.TaskKind  // download, upload or data task
	URL     string             // the URL of its request
	State   appmodel.TaskState // its state when the outcome was read

	// Completed: the daemon completed the task, with or without an error.
	Completed bool
	// Delivered: the app received DidCompleteWithError for it.
	Delivered bool
	// Err is the error the task completed with, nil on success (or while
	// it runs). Code, Reason and ResumeData repeat what it says.
	Err *appmodel.URLError
	// Code is the error code, 0 on success.
	Code appmodel.ErrorCode
	// Reason is the background cancellation reason ("userForceQuit"), ""
	// when the error has none.
	Reason string
	// ResumeData: the error carries resume data (R-G1).
	ResumeData bool
	// Bytes is what was transferred: received for a download or data
	// task, sent for an upload.
	Bytes int64
	// Status is the HTTP status, 0 if no response came.
	Status int

	// Location is where the daemon handed over the downloaded file in
	// DidFinishDownloading, "" if it was not handed over.
	Location string
	// File is where that file ended up in the app's container, following
	// the app's renames; "" if it was not moved or no longer exists.
	File string
	// Deleted: the daemon deleted the file because DidFinishDownloading
	// returned without moving it (R-D6).
	Deleted bool
}

// Outcomes are the outcomes of every task of every background session, in
// session then task order.
func (e *Env) Outcomes() []Outcome {
	var out []Outcome
	for _, s := range e.sim.Sessions() {
		for _, t := range s.Tasks {
			out = append(out, e.outcome(s.Identifier, t))
		}
	}
	return out
}

// Outcome is the outcome of task id. It fails the test if no session, or
// more than one, has a task with that id: use [Env.OutcomeIn] then.
func (e *Env) Outcome(id int) Outcome {
	e.t.Helper()
	var found []Outcome
	for _, o := range e.Outcomes() {
		if o.Task == id {
			found = append(found, o)
		}
	}
	return e.only(found, "task %d", id)
}

// OutcomeIn is the outcome of task id of the session with identifier
// session. It fails the test if there is no such task.
func (e *Env) OutcomeIn(session string, id int) Outcome {
	e.t.Helper()
	var found []Outcome
	for _, o := range e.Outcomes() {
		if o.Session == session && o.Task == id {
			found = append(found, o)
		}
	}
	return e.only(found, "task %d of session %s", id, session)
}

// OutcomeOf is the outcome of the task whose TaskDescription is desc. It
// fails the test if there is none or more than one.
func (e *Env) OutcomeOf(desc string) Outcome {
	e.t.Helper()
	var found []Outcome
	for _, o := range e.Outcomes() {
		if o.Desc == desc {
			found = append(found, o)
		}
	}
	return e.only(found, "the task described %q", desc)
}

func (e *Env) only(found []Outcome, format string, args ...any) Outcome {
	e.t.Helper()
	if len(found) != 1 {
		args = append(args, len(found))
		e.t.Fatalf("simtest: outcome of "+format+": %d such tasks", args...)
		return Outcome{}
	}
	return found[0]
}

// outcome puts together what the daemon keeps of t, the trace and the
// calls the app received.
func (e *Env) outcome(session string, t simulator.TaskInfo) Outcome {
	o := Outcome{Session: session, Task: t.ID, Desc: t.Description, Kind: t.Kind, URL: t.URL, State: t.State,
		Err: t.Err, Bytes: t.Received}
	if t.Kind == appmodel.UploadKind {
		o.Bytes = t.Sent
	}
	if t.Response != nil {
		o.Status = t.Response.StatusCode
	}
	if t.Err != nil {
		o.Code, o.ResumeData = t.Err.Code, t.Err.ResumeData != nil
		if t.Err.HasReason {
			o.Reason = t.Err.Reason.String()
		}
	}
	for _, ev := range e.sim.Trace() {
		if ev.Session != session || ev.Task != t.ID {
			continue
		}
		switch {
		case ev.Kind == simulator.KindTaskComplete:
			o.Completed = true
		case ev.Kind == simulator.KindFile && ev.Rule == simulator.RuleD6 && strings.HasPrefix(ev.Detail, "deleted"):
			o.Deleted = true
		}
	}
	for _, c := range e.calls {
		if c.Session != session || c.Task != t.ID {
			continue
		}
		switch c.Callback {
		case simulator.CbDidCompleteWithError:
			o.Delivered = true
		case simulator.CbDidFinishDownloading:
			o.Location = c.Location
		}
	}
	if o.Location != "" {
		o.File = e.followMoves(o.Location)
	}
	return o
}

// followMoves is where the file at path went through the app's renames,
// "" if it was never moved or is gone.
func (e *Env) followMoves(path string) string {
	cur := path
	for _, m := range e.moves {
		if m.from == cur {
			cur = m.to
		}
	}
	if cur == path || !e.sim.Files().Exists(cur) {
		return ""
	}
	return cur
}
