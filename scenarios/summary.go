package scenarios

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/bgsim/bgsim/appmodel"
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
	// Delivered, Failed, Cancelled, Waiting and Lost count Tasks by state.
	Delivered int `json:"delivered"`
	Failed    int `json:"failed"`
	Cancelled int `json:"cancelled,omitempty"`
	Waiting   int `json:"waiting"`
	Lost      int `json:"lost,omitempty"`
	// FilesLost counts the delivered downloads whose file the daemon
	// deleted before the app moved it (R-D6).
	FilesLost int `json:"files_lost,omitempty"`
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

// States of a task in a Summary. Failed and cancelled are the words of a
// scenario's task outcomes (TaskOutcome.Outcome), which expectations use.
const (
	TaskDelivered = "delivered" // finished, and DidCompleteWithError reached the app
	TaskFailed    = "failed"    // ended with an error other than -999 (Code, Reason)
	TaskCancelled = "cancelled" // ended with -999 cancelled: a force-quit, the app's own cancel (Code, Reason)
	TaskWaiting   = "waiting"   // not finished, or finished with its events still waiting for the app
	TaskLost      = "lost"      // finished, but its events were dropped when the app was killed (R-D8)
)

// TaskSummary is what became of one transfer.
type TaskSummary struct {
	Session string `json:"session"`
	ID      int    `json:"task"`
	Desc    string `json:"desc,omitempty"`
	// Kind is download, upload or data, from the task's creation.
	Kind string `json:"kind,omitempty"`
	// State is delivered, failed, cancelled, waiting or lost.
	State string `json:"state"`
	// Code and Reason are the error of a failed or cancelled task.
	Code   int    `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Bytes is how many bytes the task received, Sent how many an upload
	// sent.
	Bytes int64 `json:"bytes,omitempty"`
	Sent  int64 `json:"sent,omitempty"`
	// Told: the app received DidCompleteWithError for the task.
	Told bool `json:"told"`
	// FileLost: the app received the download in DidFinishDownloading,
	// but returned without moving the file, and the daemon deleted it
	// (R-D6).
	FileLost bool `json:"file_lost,omitempty"`
	// Dropped: the task's events were dropped when the watchdog killed the
	// app during their wake (R-D8).
	Dropped bool `json:"dropped,omitempty"`
	// Why says, for a waiting task, what it waits for; for a lost one,
	// what became of its events.
	Why string `json:"why,omitempty"`
}

// ViolationSummary is one broken rule with what it costs on a device and
// how to fix it, from the rules page's mistake that cites the rule.
// OnDevice has a line for each way of making a mistake made in several
// ([MistakeEntry.Device]).
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
	s     Summary
	index map[taskKey]int
	facts []taskTrail // by index in s.Tasks
	quit  forceQuitWindow

	// Explain explains each violation (nil: [Explain], the rules page).
	Explain simulator.Explainer
}

// taskTrail is what the trace showed of a task beyond its summary.
type taskTrail struct {
	finished bool // the daemon completed it
	gotFile  bool // DidFinishDownloading reached the app
}

// forceQuitWindow is the last force-quit and what followed it, for the
// "did not happen" line (R-E3).
type forceQuitWindow struct {
	at        time.Duration // when the user swiped the app away
	open      bool          // a force-quit happened, and no background launch after it
	cancelled int           // transfers it cancelled (-999, userForceQuit)
	reopened  bool          // the user launched the app again, at reopenAt
	reopenAt  time.Duration
}

func (z *Summarizer) task(e simulator.Event) (*TaskSummary, *taskTrail) {
	if z.index == nil {
		z.index = map[taskKey]int{}
	}
	k := taskKey{e.Session, e.Task}
	i, ok := z.index[k]
	if !ok {
		i = len(z.s.Tasks)
		z.index[k] = i
		z.s.Tasks = append(z.s.Tasks, TaskSummary{Session: e.Session, ID: e.Task, State: TaskWaiting})
		z.facts = append(z.facts, taskTrail{})
	}
	t := &z.s.Tasks[i]
	if e.Desc != "" {
		t.Desc = e.Desc
	}
	return t, &z.facts[i]
}

// Add takes the next event of the trace into account.
func (z *Summarizer) Add(e simulator.Event) {
	s := &z.s
	switch e.Kind {
	case simulator.KindTaskCreate:
		t, _ := z.task(e)
		t.Kind, _, _ = strings.Cut(e.Detail, " ")
	case simulator.KindTaskWait:
		t, _ := z.task(e)
		t.Why = e.Detail
	case simulator.KindTransferStart:
		t, _ := z.task(e)
		t.Why = ""
	case simulator.KindTaskComplete:
		t, f := z.task(e)
		f.finished = true
		t.Bytes, t.Sent, t.Why = e.Bytes, e.Total, ""
		if e.Code != 0 {
			t.State, t.Code, t.Reason = TaskFailed, e.Code, e.Reason
			if e.Code == int(appmodel.ErrCancelled) {
				t.State = TaskCancelled
			}
			if t.Reason == "" {
				t.Reason = e.Detail
			}
			if z.quit.open && !z.quit.reopened && e.Code == int(appmodel.ErrCancelled) &&
				e.Reason == appmodel.ReasonUserForceQuit.String() {
				z.quit.cancelled++ // R-E3
			}
		}
	case simulator.KindSessionCallback:
		switch {
		case e.Task == 0:
		case e.Callback == simulator.CbDidCompleteWithError:
			t, _ := z.task(e)
			t.Told = true
		case e.Callback == simulator.CbDidFinishDownloading:
			_, f := z.task(e)
			f.gotFile = true
		}
	case simulator.KindFile:
		if e.Task != 0 && e.Rule == simulator.RuleD6 && strings.HasPrefix(e.Detail, "deleted") {
			// R-D6: the daemon deleted a file the app did not move.
			t, _ := z.task(e)
			t.FileLost = true
		}
	case simulator.KindSystem:
		if e.Rule == simulator.RuleD8 && e.Task == 0 && e.Session != "" && strings.Contains(e.Detail, "dropped") {
			z.dropped(e.Session)
		}
	case simulator.KindLaunch:
		s.Processes++
		switch {
		case !z.quit.open || z.quit.reopened:
		case e.Reason != "user":
			z.quit.open = false // R-E3: the app was launched in the background after all
		default:
			// R-E3: the user's launch lifts the force-quit's ban on
			// background launches.
			z.quit.reopened, z.quit.reopenAt = true, e.At
		}
	case simulator.KindTerminate:
		if e.TerminationReason() == simulator.TermUserForceQuit {
			z.quit = forceQuitWindow{at: e.At, open: true}
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

// dropped marks the tasks of session whose events the daemon just dropped
// (R-D8): those it finished and whose DidCompleteWithError had not reached
// the app. The event names only the session; a task finished later is
// not among them.
func (z *Summarizer) dropped(session string) {
	for i := range z.s.Tasks {
		t := &z.s.Tasks[i]
		if t.Session == session && z.facts[i].finished && !t.Told {
			t.Dropped = true
		}
	}
}

// Summary returns the outcome of the events added so far.
func (z *Summarizer) Summary() Summary {
	s := z.s
	s.Tasks = slices.Clone(z.s.Tasks)
	s.Violations = slices.Clone(z.s.Violations)
	for i := range s.Tasks {
		t := &s.Tasks[i]
		f := z.facts[i]
		switch {
		case t.State == TaskFailed:
			s.Failed++
		case t.State == TaskCancelled:
			s.Cancelled++
		case f.finished && t.Told:
			t.State = TaskDelivered
			s.Delivered++
			if t.FileLost {
				s.FilesLost++
			}
		case t.Dropped:
			t.State, t.Why = TaskLost, lostWhy(*t, f)
			s.Lost++
		default:
			if f.finished {
				t.Why = "finished in the daemon; its events still wait for the app"
			}
			s.Waiting++
		}
	}
	if q := z.quit; q.open && q.cancelled > 0 {
		// R-E3: say what did not happen, since that is the lesson.
		why := fmt.Sprintf("a force-quit cancels the app's transfers and stops its relaunches until the user opens it (%s)",
			simulator.RuleE3)
		if q.reopened {
			s.DidNotHappen = append(s.DidNotHappen, fmt.Sprintf(
				"in the %s from the force-quit at %s to the user's launch at %s, iOS did not launch the app in the background: %s",
				(q.reopenAt-q.at).Round(time.Millisecond), fakes.FormatOffset(q.at), fakes.FormatOffset(q.reopenAt), why))
		} else {
			s.DidNotHappen = append(s.DidNotHappen, fmt.Sprintf(
				"after the force-quit at %s, iOS did not launch the app in the background: %s",
				fakes.FormatOffset(q.at), why))
		}
	}
	return s
}

// lostWhy says what became of a task whose events were dropped (R-D8), and
// of its file if DidFinishDownloading reached the app first.
func lostWhy(t TaskSummary, f taskTrail) string {
	const killed = "when the app was killed"
	switch {
	case f.gotFile && t.FileLost:
		return fmt.Sprintf("its file was deleted before the app moved it (%s), and its DidCompleteWithError was dropped %s (%s)",
			simulator.RuleD6, killed, simulator.RuleD8)
	case f.gotFile:
		return fmt.Sprintf("the app got its file in DidFinishDownloading, but its DidCompleteWithError was dropped %s (%s)",
			killed, simulator.RuleD8)
	}
	return fmt.Sprintf("its events were dropped %s (%s)", killed, simulator.RuleD8)
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
		head = fmt.Sprintf("Outcome: %d of %s delivered", s.Delivered, plural(len(s.Tasks), "transfer", "transfers"))
		if s.FilesLost > 0 {
			head += fmt.Sprintf(" (%s lost)", plural(s.FilesLost, "file", "files"))
		}
		head += fmt.Sprintf(", %d failed", s.Failed)
		if s.Cancelled > 0 {
			head += fmt.Sprintf(", %d cancelled", s.Cancelled)
		}
		head += fmt.Sprintf(", %d waiting", s.Waiting)
		if s.Lost > 0 {
			head += fmt.Sprintf(", %d lost", s.Lost)
		}
	}
	head += fmt.Sprintf("; %s, %s", plural(s.Processes, "process", "processes"), plural(s.Wakes, "wake", "wakes"))
	if s.DeferredWakes > 0 {
		head += fmt.Sprintf(" (%d deferred)", s.DeferredWakes)
	}
	if s.Crashes > 0 {
		head += ", " + plural(s.Crashes, "crash", "crashes")
	}
	para("", "    ", head+", "+plural(len(s.Violations), "violation", "violations")+".")
	for _, t := range s.Tasks {
		para("  ", "      ", t.line())
	}
	for _, v := range s.Violations {
		para("  ", "      ", fmt.Sprintf("%s at %s: %s", v.Rule, fakes.FormatOffset(v.At), v.Detail))
		if cases := strings.Split(v.OnDevice, "\n"); len(cases) > 1 {
			// A mistake made in several ways: one item for each.
			para("      ", "        ", "on a device:")
			for _, c := range cases {
				para("        - ", "          ", c)
			}
		} else if v.OnDevice != "" {
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

// line is one task's outcome: `task 1 "image-1" (download): delivered
// to the app (30000000 bytes)`.
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
		if t.FileLost {
			s += fmt.Sprintf(", but the file was deleted before the app moved it (%s)", simulator.RuleD6)
		}
		return s
	case TaskFailed, TaskCancelled:
		s := fmt.Sprintf("%s: %s with %d (%s)", name, t.State, t.Code, t.Reason)
		switch {
		case t.Dropped:
			s += fmt.Sprintf("; the app was not told: its events were dropped when the app was killed (%s)", simulator.RuleD8)
		case !t.Told:
			s += "; the app was not told"
		}
		return s
	case TaskLost:
		return name + ": lost: " + t.Why
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
