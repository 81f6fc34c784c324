package scenarios

import (
	"fmt"
	"reflect"

	"github.com/goccy/go-yaml/ast"
)

// Expect is what a run must show. Every failure names the line of the
// expectation it is about.
type Expect struct {
	// Events must occur in this order; other events may come between.
	Events []EventPattern `yaml:"events"`
	// Absent are events that must not occur at all.
	Absent []EventPattern `yaml:"absent"`
	// States are the app's states at given virtual times.
	States []StateAt `yaml:"states"`
	// End is how the run must end.
	End *EndState `yaml:"end"`
	// Violations are the rule IDs of the violations the run must record,
	// exactly and in order; "none" (or []) for none at all.
	Violations *ViolationList `yaml:"violations"`
	// Tasks are per-task outcomes.
	Tasks []TaskExpect `yaml:"tasks"`
}

// EventPattern matches trace events by the fields it sets; an unset field
// matches anything.
type EventPattern struct {
	// Kind is the event kind: process.launch, lifecycle.transition,
	// app.callback, session.callback, task.complete, violation and the
	// others of simulator.Kinds.
	Kind string `yaml:"kind"`
	// Actor is user, system, app, daemon or network.
	Actor string `yaml:"actor"`
	// Process is the process number (1 is the first launch).
	Process int `yaml:"process"`
	// Callback is the delegate method, by the name the trace writes
	// (DidFinishDownloading, HandleEventsForBackgroundURL and the others of
	// simulator.Callbacks), its Xamarin name (HandleEventsForBackgroundUrl)
	// or its Swift name (urlSession(_:downloadTask:didFinishDownloadingTo:)).
	Callback string `yaml:"callback"`
	// Session is the session identifier.
	Session string `yaml:"session"`
	// Task is the task id.
	Task int `yaml:"task"`
	// Desc is the task's TaskDescription.
	Desc string `yaml:"desc"`
	// Rule is a rule ID (R-D4): events carry rules, never mistakes (M4
	// shows as the rules it breaks).
	Rule string `yaml:"rule"`
	// From and To are the two sides of a change (states, conditions).
	From string `yaml:"from"`
	To   string `yaml:"to"`
	// Queue is main, a session's delegate queue, ...
	Queue string `yaml:"queue"`
	// Code is an error code (-999) or an HTTP status.
	Code int `yaml:"code"`
	// Reason is a launch, termination or cancellation reason.
	Reason string `yaml:"reason"`
	// Detail is a substring of the event's detail.
	Detail string `yaml:"detail"`
	// Within (expect.events only) bounds the time since the previous
	// expected event.
	Within *Duration `yaml:"within"`
	Pos    Position  `yaml:"-"`
}

// StateAt is the app's state at a virtual time.
type StateAt struct {
	// At is the virtual time.
	At Duration `yaml:"at"`
	// State is not-running, inactive, active, background, suspended or terminated.
	State string   `yaml:"state"`
	Pos   Position `yaml:"-"`
}

// EndState is how the run ends.
type EndState struct {
	// State is the app's state at the end.
	State string `yaml:"state"`
	// Processes is how many processes were launched in all.
	Processes *int     `yaml:"processes"`
	Pos       Position `yaml:"-"`
}

// TaskExpect is the outcome of one task, named by desc or by task id
// (with its session when the app has several).
type TaskExpect struct {
	// Desc is the task's TaskDescription.
	Desc string `yaml:"desc"`
	// Task is the task id. Each session numbers its tasks from 1, so with
	// several sessions task needs session.
	Task int `yaml:"task"`
	// Session is the identifier of the task's session.
	Session string `yaml:"session"`
	// Outcome is succeeded, failed, cancelled or unfinished.
	Outcome string `yaml:"outcome"`
	// Code is the error code of a failed or cancelled task (-999, -1001).
	Code int `yaml:"code"`
	// Status is the HTTP status of the response.
	Status int `yaml:"status"`
	// Delivered: DidCompleteWithError reached the app for it.
	Delivered *bool    `yaml:"delivered"`
	Pos       Position `yaml:"-"`
}

// ViolationList is the violations a run must record: none, or these rule
// IDs in this order.
type ViolationList struct {
	// None: the run must record no violation.
	None bool
	// Rules are the expected violations' rule IDs, in order.
	Rules []string
	Pos   Position
	// rulePos are the positions of Rules' items.
	rulePos []Position
}

func (v *ViolationList) decodeNode(d *decoder, n ast.Node, path string) {
	v.Pos = pos(n.GetToken())
	if s, ok := n.(*ast.StringNode); ok {
		if s.Value != "none" {
			d.add(n.GetToken(), `write "none", or a list of rule IDs such as [R-D4]`, "unknown value %q for violations", s.Value)
			return
		}
		v.None = true
		return
	}
	d.decode(n, reflect.ValueOf(&v.Rules).Elem(), path)
	v.None = len(v.Rules) == 0
	for i := range v.Rules {
		v.rulePos = append(v.rulePos, d.positions[fmt.Sprintf("%s[%d]", path, i)])
	}
}
