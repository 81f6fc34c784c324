package scenarios

import (
	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// TaskOutcome is how one task of a background session ended.
type TaskOutcome struct {
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
// in session then creation order.
func Outcomes(sim *simulator.Sim) []TaskOutcome {
	tr := sim.Trace()
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
			for _, e := range tr {
				if e.Task != t.ID || e.Session != s.Identifier {
					continue
				}
				switch {
				case e.Kind == simulator.KindTransferResponse:
					o.Status = e.Code
				case e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidCompleteWithError:
					o.Delivered = true
				}
			}
			out = append(out, o)
		}
	}
	return out
}
