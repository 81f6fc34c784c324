package scenarios

import (
	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// TaskOutcome is how one task of a background session ended.
type TaskOutcome struct {
	// Session and ID name the task: its session's identifier and its id
	// within the session; Desc is its TaskDescription, Kind whether it
	// downloads or uploads.
	Session string
	ID      int
	Desc    string
	Kind    appmodel.TaskKind
	// Outcome is succeeded, failed, cancelled or unfinished.
	Outcome string
	// Code is the error code of a failed or cancelled task.
	Code int
	// Status is the HTTP status of the last response, 0 if none came.
	Status int
	// Delivered: DidCompleteWithError reached the app for it.
	Delivered bool
}

// Outcomes returns the outcome of every task of sim's background sessions,
// in session then creation order. It reads the trace, so the run must keep
// it whole (the default Config.TraceKeep); Scenario.Run gives the outcomes
// whatever the run keeps.
func Outcomes(sim *simulator.Sim) []TaskOutcome {
	var seen taskFacts
	tr := sim.Trace()
	for i := range tr {
		seen.event(&tr[i])
	}
	return seen.outcomes(sim)
}

// taskSeen is what the trace told of one task.
type taskSeen struct {
	status    int  // of the last response
	delivered bool // DidCompleteWithError was called
}

// taskFacts collects, event by event, what an outcome needs from the trace:
// as a Sim.Observe observer it works for a run that keeps no trace.
type taskFacts map[taskKey]taskSeen

func (f *taskFacts) event(e *simulator.Event) {
	response := e.Kind == simulator.KindTransferResponse
	completed := e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidCompleteWithError
	if e.Task == 0 || !response && !completed {
		return
	}
	if *f == nil {
		*f = taskFacts{}
	}
	k := taskKey{e.Session, e.Task}
	t := (*f)[k]
	if response {
		t.status = e.Code
	} else {
		t.delivered = true
	}
	(*f)[k] = t
}

// outcomes is the outcome of every task of sim's sessions, with what the
// trace told of each.
func (f taskFacts) outcomes(sim *simulator.Sim) []TaskOutcome {
	var out []TaskOutcome
	for _, s := range sim.Sessions() {
		for _, t := range s.Tasks {
			o := TaskOutcome{Session: s.Identifier, ID: t.ID, Desc: t.Description, Kind: t.Kind, Outcome: "unfinished"}
			switch {
			case t.Err != nil && t.Err.Code == appmodel.ErrCancelled:
				o.Outcome, o.Code = "cancelled", int(t.Err.Code)
			case t.Err != nil:
				o.Outcome, o.Code = "failed", int(t.Err.Code)
			case t.State == appmodel.TaskCompleted:
				o.Outcome = "succeeded"
			}
			seen := f[taskKey{s.Identifier, t.ID}]
			o.Status, o.Delivered = seen.status, seen.delivered
			out = append(out, o)
		}
	}
	return out
}
