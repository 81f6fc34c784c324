package bdd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Outcome is what HaveTaskOutcome expects of a task. Build it with
// Succeeded, FailedWith or CancelledBy, or set the fields.
type Outcome struct {
	// Delivered: DidCompleteWithError reached the app's delegate. A task
	// the daemon finished but whose events still wait for the app (it was
	// never woken, or never recreated its session) is not delivered.
	Delivered bool
	// Code is the error the task completed with; 0 means success.
	Code appmodel.ErrorCode
	// Reason, if not empty, is the cancellation reason the error must
	// carry, as appmodel.CancelReason names it ("userForceQuit").
	Reason string
	// Status, if not 0, is the HTTP status the server answered with.
	Status int
	// Kept, if true, is for a download: the daemon handed its file to the
	// app in DidFinishDownloading and did not delete it afterwards, because
	// the app moved it before returning (R-D6). A file the daemon deleted
	// is not a violation, and its task still succeeded and was delivered:
	// only Kept (or HaveNoEvent(FileDeleted())) tells a kept file from a
	// lost one. False checks nothing.
	Kept bool
}

// Succeeded is a task that completed without error and whose completion
// reached the app.
func Succeeded() Outcome { return Outcome{Delivered: true} }

// FailedWith is a task that completed with code and whose completion
// reached the app.
func FailedWith(code appmodel.ErrorCode) Outcome { return Outcome{Delivered: true, Code: code} }

// SucceededAndKept is a download that completed without error, whose
// completion reached the app and whose file the app kept: it moved the
// file before DidFinishDownloading returned (R-D6).
func SucceededAndKept() Outcome { return Outcome{Delivered: true, Kept: true} }

// CancelledBy is a task the system cancelled (-999) for reason, its
// completion delivered to the app: after a force-quit, at the next user
// launch once the app recreated its session (R-E3).
func CancelledBy(reason appmodel.CancelReason) Outcome {
	return Outcome{Delivered: true, Code: appmodel.ErrCancelled, Reason: reason.String()}
}

// String is the outcome as failure messages print it, such as "success,
// HTTP 201, delivered to the app".
func (o Outcome) String() string {
	var parts []string
	if o.Code == 0 {
		parts = append(parts, "success")
	} else {
		parts = append(parts, "error "+o.Code.String())
	}
	if o.Reason != "" {
		parts = append(parts, "reason "+o.Reason)
	}
	if o.Status != 0 {
		parts = append(parts, fmt.Sprintf("HTTP %d", o.Status))
	}
	if o.Delivered {
		parts = append(parts, "delivered to the app")
	} else {
		parts = append(parts, "not delivered to the app")
	}
	if o.Kept {
		parts = append(parts, "its file kept by the app")
	}
	return strings.Join(parts, ", ")
}

// observed is what the trace says became of a task.
type observed struct {
	completed, delivered int // indexes of task.complete and of the delivered DidCompleteWithError, -1 if none
	status               int
	// handed and deleted are the indexes of the DidFinishDownloading that
	// handed the file to the app and of the daemon deleting a file of the
	// task (R-D6, R-S11), -1 if none.
	handed, deleted int
}

// kept reports whether the app received the task's file and the daemon
// did not delete it.
func (o observed) kept() bool { return o.handed >= 0 && o.deleted < 0 }

func observe(trace []simulator.Event, id int) observed {
	o := observed{completed: -1, delivered: -1, handed: -1, deleted: -1}
	for i, e := range trace {
		if e.Task != id {
			continue
		}
		switch {
		case e.Kind == simulator.KindTaskComplete:
			o.completed = i
		case e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidCompleteWithError:
			o.delivered = i
		case e.Kind == simulator.KindTransferResponse:
			o.status = e.Code
		case e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidFinishDownloading:
			o.handed = i
		case e.Kind == simulator.KindFile && strings.HasPrefix(e.Detail, "deleted"):
			o.deleted = i
		}
	}
	return o
}

func (o observed) matches(trace []simulator.Event, want Outcome) bool {
	if o.completed < 0 {
		return false
	}
	c := trace[o.completed]
	return (o.delivered >= 0) == want.Delivered &&
		appmodel.ErrorCode(c.Code) == want.Code &&
		(want.Reason == "" || c.Reason == want.Reason) &&
		(want.Status == 0 || o.status == want.Status) &&
		(!want.Kept || o.kept())
}

func (o observed) describe(trace []simulator.Event, want Outcome) string {
	if o.completed < 0 {
		return "it has not completed"
	}
	c := trace[o.completed]
	s := "it completed at " + at(c)
	if c.Code == 0 {
		s += " without error"
	} else {
		s += " with " + c.Detail
		if c.Reason != "" {
			s += " [reason " + c.Reason + "]"
		}
	}
	if o.status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", o.status)
	}
	if o.delivered >= 0 {
		d := trace[o.delivered]
		s += fmt.Sprintf(", delivered to process %d at %s", d.Process, at(d))
	} else {
		s += ", and DidCompleteWithError never reached the app"
	}
	switch {
	case o.deleted >= 0:
		s += fmt.Sprintf("; the daemon deleted its file at %s: %s", at(trace[o.deleted]), trace[o.deleted].Detail)
		if trace[o.deleted].Rule == simulator.RuleD6 {
			s += " (a file is the app's only while DidFinishDownloading runs: move it before returning, R-D6; M5 reads it later, M3 leaves a new process not knowing where it goes; bgsim explain M5)"
		}
	case want.Kept && o.handed < 0:
		s += "; DidFinishDownloading never handed it a file"
	}
	return s
}

// HaveTaskOutcome succeeds when task ended as want says. task is the task's
// id (an int) or its TaskDescription (a string, which must name one task);
// an id or a description that no task has is an error, not a failure.
// On failure it says what became of the task instead and lists its events
// with their virtual times.
//
//	Expect(sim).To(bdd.HaveTaskOutcome("manifest", bdd.Succeeded()))
//	Expect(sim).To(bdd.HaveTaskOutcome(1, bdd.CancelledBy(appmodel.ReasonUserForceQuit)))
func HaveTaskOutcome(task any, want Outcome) types.GomegaMatcher {
	return &traceMatcher{name: "HaveTaskOutcome", check: func(s subject) (bool, string, string, error) {
		id, name, err := resolveTask(s, task)
		if err != nil {
			return false, "", "", err
		}
		o := observe(s.trace, id)
		events := taskEvents(s.trace, id)
		if o.matches(s.trace, want) {
			return true, "", fmt.Sprintf("Expected %s not to end with %s, but %s.\n%s", name, want, o.describe(s.trace, want), events), nil
		}
		return false, fmt.Sprintf("Expected %s to end with %s, but %s.\n%s", name, want, o.describe(s.trace, want), events), "", nil
	}}
}

// resolveTask turns an id or a description into a task id and a name for
// messages: `task "manifest" (id 4)`.
func resolveTask(s subject, task any) (int, string, error) {
	switch t := task.(type) {
	case int:
		// Task 0 would match every event that has no task; an id no task
		// has would read as a task that has not completed.
		if t < 1 {
			return 0, "", fmt.Errorf("bdd: HaveTaskOutcome: task ids start at 1, not %d", t)
		}
		if ids := taskIDs(s); !slices.Contains(ids, t) {
			return 0, "", fmt.Errorf("bdd: HaveTaskOutcome: no task has the id %d (the trace has %s)", t, listTasks(ids))
		}
		if d := descOf(s, t); d != "" {
			return t, fmt.Sprintf("task %d (%q)", t, d), nil
		}
		return t, fmt.Sprintf("task %d", t), nil
	case string:
		ids := idsByDesc(s, t)
		switch len(ids) {
		case 0:
			return 0, "", fmt.Errorf("bdd: HaveTaskOutcome: no task has the description %q", t)
		case 1:
			return ids[0], fmt.Sprintf("task %q (id %d)", t, ids[0]), nil
		}
		return 0, "", fmt.Errorf("bdd: HaveTaskOutcome: %d tasks have the description %q (ids %v); use an id", len(ids), t, ids)
	}
	return 0, "", fmt.Errorf("bdd: HaveTaskOutcome: a task is an id (int) or a description (string), not %T", task)
}

// idsByDesc finds the tasks with description d, in the trace or, when the
// trace does not carry descriptions, in the subject's sessions.
func idsByDesc(s subject, d string) []int {
	seen := map[int]bool{}
	var ids []int
	add := func(id int) {
		if id != 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, e := range s.trace {
		if e.Desc == d {
			add(e.Task)
		}
	}
	if ss, ok := s.actual.(sessioner); ok {
		for _, sess := range ss.Sessions() {
			for _, t := range sess.Tasks {
				if t.Description == d {
					add(t.ID)
				}
			}
		}
	}
	return ids
}

// taskIDs are the ids of the tasks the trace or the subject's sessions
// know, in order, each once.
func taskIDs(s subject) []int {
	var ids []int
	for _, e := range s.trace {
		if e.Task != 0 {
			ids = append(ids, e.Task)
		}
	}
	if ss, ok := s.actual.(sessioner); ok {
		for _, sess := range ss.Sessions() {
			for _, t := range sess.Tasks {
				ids = append(ids, t.ID)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// listTasks names ids for a message: "no task", "task 1", "tasks 1, 2, 3".
func listTasks(ids []int) string {
	switch len(ids) {
	case 0:
		return "no task"
	case 1:
		return fmt.Sprintf("task %d", ids[0])
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return "tasks " + strings.Join(parts, ", ")
}

func descOf(s subject, id int) string {
	for _, e := range s.trace {
		if e.Task == id && e.Desc != "" {
			return e.Desc
		}
	}
	if ss, ok := s.actual.(sessioner); ok {
		for _, sess := range ss.Sessions() {
			for _, t := range sess.Tasks {
				if t.ID == id {
					return t.Description
				}
			}
		}
	}
	return ""
}

// taskEvents lists the events of task id, progress left out.
func taskEvents(trace []simulator.Event, id int) string {
	var b strings.Builder
	b.WriteString("Its events:\n")
	n := 0
	for _, e := range trace {
		if e.Task != id || noisy(e) || e.Kind == simulator.KindBGTaskBegin || e.Kind == simulator.KindBGTaskEnd || e.Kind == simulator.KindBGTaskExpire {
			continue
		}
		fmt.Fprintf(&b, "  #%-4d %s\n", e.Seq, line(e))
		n++
	}
	if n == 0 {
		b.WriteString("  (none: no task has this id)\n")
	}
	return b.String()
}
