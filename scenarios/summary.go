package scenarios

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Summary is the outcome of a run, read from its trace: what became of
// every transfer, how often iOS woke the app, how many processes it took,
// and the rules the app broke with what they cost on a device. Renderers
// print it after the timeline; it marshals as the "summary" of a JSON
// result.
type Summary struct {
	Tasks []TaskSummary `json:"tasks"`
	// Delivered, Failed and Waiting count Tasks by state.
	Delivered int `json:"delivered"`
	Failed    int `json:"failed"`
	Waiting   int `json:"waiting"`
	// Processes is the number of processes launched; Wakes the background
	// wakes of the daemon, DeferredWakes those the rate limiter delayed.
	Processes     int `json:"processes"`
	Wakes         int `json:"wakes"`
	DeferredWakes int `json:"deferred_wakes,omitempty"`
	Crashes       int `json:"crashes,omitempty"`
	// Violations are the rules the app broke, in trace order.
	Violations []ViolationSummary `json:"violations,omitempty"`
	// DidNotHappen lists what a reader might expect but did not happen,
	// when that is the lesson of the run (no relaunch after a force-quit).
	DidNotHappen []string `json:"did_not_happen,omitempty"`
}

// States of a task in a Summary.
const (
	TaskDelivered = "delivered" // finished, and DidCompleteWithError reached the app
	TaskFailed    = "failed"    // ended with an error (Code, Reason)
	TaskWaiting   = "waiting"   // not finished, or finished with its events still waiting for the app
)

// TaskSummary is what became of one transfer.
type TaskSummary struct {
	Session string `json:"session"`
	ID      int    `json:"task"`
	Desc    string `json:"desc,omitempty"`
	// Kind is download, upload or data, from the task's creation.
	Kind string `json:"kind,omitempty"`
	// State is delivered, failed or waiting.
	State string `json:"state"`
	// Code and Reason are the error of a failed task.
	Code   int    `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Bytes is how many bytes the task received, Sent how many an upload
	// sent.
	Bytes int64 `json:"bytes,omitempty"`
	Sent  int64 `json:"sent,omitempty"`
	// Told: the app received DidCompleteWithError for the task.
	Told bool `json:"told"`
	// Why says, for a waiting task, what it waits for.
	Why string `json:"why,omitempty"`
}

// ViolationSummary is one broken rule with what it costs on a device and
// how to fix it, from the rules page's mistake that cites the rule.
type ViolationSummary struct {
	At       time.Duration  `json:"at"`
	Rule     simulator.Rule `json:"rule"`
	Detail   string         `json:"detail"`
	Mistake  simulator.Rule `json:"mistake,omitempty"`
	OnDevice string         `json:"on_device,omitempty"`
	Fix      string         `json:"fix,omitempty"`
}

type taskKey struct {
	session string
	id      int
}

// Summarize reads the outcome of a run from its trace, explaining each
// violation as the rules page does ([Explain]).
func Summarize(trace []simulator.Event) Summary { return SummarizeWith(trace, nil) }

// SummarizeWith is [Summarize] with violations explained by explain (nil:
// [Explain]); [ExplainRun] explains them by the mistakes a run plants.
func SummarizeWith(trace []simulator.Event, explain simulator.Explainer) Summary {
	z := Summarizer{Explain: explain}
	for _, e := range trace {
		z.Add(e)
	}
	return z.Summary()
}

// Summarizer builds a [Summary] one event at a time, for a trace read as
// it is shown: it keeps one entry per task, not the events. The zero
// value is ready to use.
type Summarizer struct {
	s           Summary
	index       map[taskKey]int
	finished    map[taskKey]bool
	events      int
	lastAt      time.Duration
	forceQuitAt time.Duration
	forceQuit   bool // a force-quit happened, and no background launch after it

	// Explain explains each violation (nil: [Explain], the rules page).
	Explain simulator.Explainer
}

func (z *Summarizer) task(e simulator.Event) *TaskSummary {
	if z.index == nil {
		z.index, z.finished = map[taskKey]int{}, map[taskKey]bool{}
	}
	k := taskKey{e.Session, e.Task}
	i, ok := z.index[k]
	if !ok {
		i = len(z.s.Tasks)
		z.index[k] = i
		z.s.Tasks = append(z.s.Tasks, TaskSummary{Session: e.Session, ID: e.Task, State: TaskWaiting})
	}
	t := &z.s.Tasks[i]
	if e.Desc != "" {
		t.Desc = e.Desc
	}
	return t
}

// Add takes the next event of the trace into account.
func (z *Summarizer) Add(e simulator.Event) {
	z.events++
	z.lastAt = e.At
	s := &z.s
	switch e.Kind {
	case simulator.KindTaskCreate:
		t := z.task(e)
		t.Kind, _, _ = strings.Cut(e.Detail, " ")
	case simulator.KindTaskWait:
		z.task(e).Why = e.Detail
	case simulator.KindTransferStart:
		z.task(e).Why = ""
	case simulator.KindTaskComplete:
		t := z.task(e)
		z.finished[taskKey{e.Session, e.Task}] = true
		t.Bytes, t.Sent, t.Why = e.Bytes, e.Total, ""
		if e.Code != 0 {
			t.State, t.Code, t.Reason = TaskFailed, e.Code, e.Reason
			if t.Reason == "" {
				t.Reason = e.Detail
			}
		}
	case simulator.KindSessionCallback:
		if e.Callback == simulator.CbDidCompleteWithError && e.Task != 0 {
			z.task(e).Told = true
		}
	case simulator.KindLaunch:
		s.Processes++
		if e.Reason != "user" {
			z.forceQuit = false // R-E3: the app was launched in the background after all
		}
	case simulator.KindTerminate:
		if e.TerminationReason() == simulator.TermUserForceQuit {
			z.forceQuitAt, z.forceQuit = e.At, true
		}
	case simulator.KindRelaunch:
		s.Wakes++
	case simulator.KindRelaunchDeferred:
		s.DeferredWakes++
	case simulator.KindCrash:
		s.Crashes++
	case simulator.KindViolation:
		explain := z.Explain
		if explain == nil {
			explain = Explain
		}
		s.Violations = append(s.Violations, violationSummary(explain, e))
	}
}

// Summary returns the outcome of the events added so far.
func (z *Summarizer) Summary() Summary {
	s := z.s
	s.Tasks = slices.Clone(z.s.Tasks)
	s.Violations = slices.Clone(z.s.Violations)
	for i := range s.Tasks {
		t := &s.Tasks[i]
		done := z.finished[taskKey{t.Session, t.ID}]
		switch {
		case t.State == TaskFailed:
			s.Failed++
		case done && t.Told:
			t.State = TaskDelivered
			s.Delivered++
		default:
			if done {
				t.Why = "finished in the daemon; its events still wait for the app"
			}
			s.Waiting++
		}
	}
	if z.forceQuit {
		// R-E3: say what did not happen, since that is the lesson.
		s.DidNotHappen = append(s.DidNotHappen, fmt.Sprintf(
			"%s passed after the force-quit and iOS did not launch the app in the background: "+
				"a force-quit cancels the app's transfers and stops its relaunches until the user opens it (%s)",
			(z.lastAt-z.forceQuitAt).Round(time.Millisecond), simulator.RuleE3))
	}
	return s
}

// violationSummary explains a violation with explain.
func violationSummary(explain simulator.Explainer, e simulator.Event) ViolationSummary {
	x := explain(e.Rule)
	return ViolationSummary{At: e.At, Rule: e.Rule, Detail: e.Detail, Mistake: x.Mistake, OnDevice: x.Device, Fix: x.Fix}
}

// WriteText writes the summary for a person, in lines of at most width
// columns (0: 100).
func (s Summary) WriteText(w io.Writer, width int) error {
	if width <= 0 {
		width = 100
	}
	var b strings.Builder
	para := func(first, rest, text string) {
		for i, l := range wrapText(text, width-max(len(first), len(rest))) {
			if i == 0 {
				b.WriteString(first)
			} else {
				b.WriteString(rest)
			}
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	head := "Outcome: no transfers"
	if len(s.Tasks) > 0 {
		head = fmt.Sprintf("Outcome: %d of %s delivered, %d failed, %d waiting",
			s.Delivered, plural(len(s.Tasks), "transfer", "transfers"), s.Failed, s.Waiting)
	}
	head += fmt.Sprintf("; %s, %s", plural(s.Processes, "process", "processes"), plural(s.Wakes, "wake", "wakes"))
	if s.DeferredWakes > 0 {
		head += fmt.Sprintf(" (%d deferred)", s.DeferredWakes)
	}
	if s.Crashes > 0 {
		head += ", " + plural(s.Crashes, "crash", "crashes")
	}
	para("", "", head+", "+plural(len(s.Violations), "violation", "violations")+".")
	for _, t := range s.Tasks {
		para("  ", "      ", t.line())
	}
	for _, v := range s.Violations {
		para("  ", "      ", fmt.Sprintf("%s at %s: %s", v.Rule, fakes.FormatOffset(v.At), v.Detail))
		if v.OnDevice != "" {
			para("      ", "        ", "on a device: "+v.OnDevice)
		}
		if v.Fix != "" {
			para("      ", "        ", fmt.Sprintf("fix (bgsim explain %s): %s", v.Mistake, v.Fix))
		}
	}
	for _, n := range s.DidNotHappen {
		para("  ", "      ", "Did not happen: "+n)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("scenarios: write summary: %w", err)
	}
	return nil
}

// line is one task's outcome: `task 1 "image-1" (download): delivered`.
func (t TaskSummary) line() string {
	name := fmt.Sprintf("task %d", t.ID)
	if t.Desc != "" {
		name += fmt.Sprintf(" %q", t.Desc)
	}
	if t.Kind != "" {
		name += " (" + t.Kind + ")"
	}
	switch t.State {
	case TaskDelivered:
		s := name + ": delivered to the app"
		if t.Sent > 0 {
			s += fmt.Sprintf(" (%d bytes sent)", t.Sent)
		} else if t.Bytes > 0 {
			s += fmt.Sprintf(" (%d bytes)", t.Bytes)
		}
		return s
	case TaskFailed:
		s := fmt.Sprintf("%s: failed with %d (%s)", name, t.Code, t.Reason)
		if !t.Told {
			s += "; the app was not told"
		}
		return s
	}
	s := name + ": still waiting"
	if t.Why != "" {
		s += ": " + t.Why
	}
	return s
}

// plural is "1 wake", "2 wakes", "0 wakes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// wrapText breaks s into lines of at most width bytes, at spaces; a word
// longer than width stands alone on its line.
func wrapText(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
