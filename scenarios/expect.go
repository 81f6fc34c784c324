package scenarios

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// check evaluates the expect block against a run, each failure at the
// line of its expectation.
func (s *Scenario) check(res *Result) []*Failure {
	c := &checker{s: s, tr: res.Trace}
	e := s.Expect
	c.events(e.Events)
	for _, p := range e.Absent {
		if got := simulator.Select(c.tr, p.Pattern()); len(got) > 0 {
			c.fail(p.Pos, "%s must not occur, but did %d time(s), first: %s", p.Pattern(), len(got), eventLine(got[0]))
		}
	}
	for _, st := range e.States {
		at := time.Duration(st.At)
		if end := res.Sim.Elapsed(); at > end {
			// The run never reached that time: the state there is
			// unknown, and the last one seen would pass for it.
			c.fail(st.Pos, "the app's state at %s is unknown: the run ended at %s; run that long, or check the state at the end with end: {state: %s}",
				fakes.FormatOffset(at), fakes.FormatOffset(end), st.State)
			continue
		}
		if got := stateAt(c.tr, at); got != st.State {
			c.fail(st.Pos, "at %s the app is %s, not %s", fakes.FormatOffset(at), got, st.State)
		}
	}
	if end := e.End; end != nil {
		if end.State != "" && res.Sim.State().String() != end.State {
			c.fail(end.Pos, "the run ends with the app %s, not %s", res.Sim.State(), end.State)
		}
		if end.Processes != nil && res.Sim.Processes() != *end.Processes {
			c.fail(end.Pos, "the run launched %d process(es), not %d", res.Sim.Processes(), *end.Processes)
		}
	}
	if v := e.Violations; v != nil {
		c.violations(v, res.Sim.Violations())
	}
	for _, t := range e.Tasks {
		c.task(t, res.Tasks)
	}
	if m := s.Mistake; m != nil {
		var ps []simulator.Pattern
		for _, p := range m.Consequence {
			ps = append(ps, p.Pattern())
		}
		if _, missing := simulator.MatchInOrder(c.tr, ps...); missing >= 0 {
			c.fail(m.Consequence[missing].Pos, "the mistake's consequence %s did not occur", ps[missing])
		}
	}
	sort.SliceStable(c.out, func(i, j int) bool {
		a, b := c.out[i].Pos, c.out[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return c.out
}

type checker struct {
	s   *Scenario
	tr  []simulator.Event
	out []*Failure
}

func (c *checker) fail(p Position, format string, args ...any) {
	c.out = append(c.out, &Failure{File: c.s.file, Pos: p, Message: fmt.Sprintf(format, args...)})
}

// events checks the ordered subsequence, with each within measured from
// the event the previous pattern matched.
func (c *checker) events(ps []EventPattern) {
	i := 0
	var prev *simulator.Event
	for _, p := range ps {
		sp := p.Pattern()
		for i < len(c.tr) && !sp.Matches(c.tr[i]) {
			i++
		}
		if i == len(c.tr) {
			after := "from the start"
			if prev != nil {
				after = "after " + eventLine(*prev)
			}
			c.fail(p.Pos, "expected %s %s; it did not occur", sp, after)
			return
		}
		e := c.tr[i]
		if p.Within != nil && prev != nil && e.At-prev.At > time.Duration(*p.Within) {
			c.fail(p.Pos, "%s came %s after the previous expected event, not within %s", sp,
				FormatDuration(e.At-prev.At), FormatDuration(time.Duration(*p.Within)))
		}
		prev = &c.tr[i]
		i++
	}
}

func (c *checker) violations(v *ViolationList, got []simulator.Violation) {
	var rules []string
	for _, g := range got {
		rules = append(rules, string(g.Rule))
	}
	if strings.Join(rules, ",") == strings.Join(v.Rules, ",") {
		return
	}
	var lines []string
	for _, g := range got {
		lines = append(lines, g.String())
	}
	want := "none"
	if len(v.Rules) > 0 {
		want = "[" + strings.Join(v.Rules, ", ") + "]"
	}
	gotS := "none"
	if len(lines) > 0 {
		gotS = "\n  " + strings.Join(lines, "\n  ")
	}
	c.fail(v.Pos, "expected violations %s, got %s", want, gotS)
}

func (c *checker) task(t TaskExpect, outcomes []TaskOutcome) {
	var o *TaskOutcome
	var sessions []string // of the tasks that match
	for i := range outcomes {
		if (t.Desc == "" || outcomes[i].Desc == t.Desc) && (t.Task == 0 || outcomes[i].ID == t.Task) &&
			(t.Session == "" || outcomes[i].Session == t.Session) {
			if o == nil {
				o = &outcomes[i]
			}
			if !slices.Contains(sessions, outcomes[i].Session) {
				sessions = append(sessions, outcomes[i].Session)
			}
		}
	}
	name := fmt.Sprintf("task %q", t.Desc)
	switch {
	case t.Desc == "" && t.Session != "":
		name = fmt.Sprintf("task %d of session %s", t.Task, t.Session)
	case t.Desc == "":
		name = fmt.Sprintf("task %d", t.Task)
	}
	switch {
	case t.Desc == "" && len(sessions) > 1:
		// Task ids count from 1 in each session: a Go model's sessions
		// are known only now (the loader refuses this for the others).
		c.fail(t.Pos, "%s is ambiguous: sessions %s each have a task %d; add session: to say which", name, strings.Join(sessions, ", "), t.Task)
	case o == nil:
		c.fail(t.Pos, "%s was never created", name)
	case o.Outcome != t.Outcome:
		c.fail(t.Pos, "%s %s (code %d), not %s", name, o.Outcome, o.Code, t.Outcome)
	case t.Code != 0 && o.Code != t.Code:
		c.fail(t.Pos, "%s ended with code %d, not %d", name, o.Code, t.Code)
	case t.Status != 0 && o.Status != t.Status:
		c.fail(t.Pos, "%s got HTTP status %d, not %d", name, o.Status, t.Status)
	case t.Delivered != nil && o.Delivered != *t.Delivered:
		c.fail(t.Pos, "%s: DidCompleteWithError delivered to the app: %t, expected %t", name, o.Delivered, *t.Delivered)
	}
}

// stateAt is the app's state at virtual time at, from the trace's
// lifecycle transitions (the last one at or before it).
func stateAt(tr []simulator.Event, at time.Duration) string {
	state := "not-running"
	for _, e := range tr {
		if e.At > at {
			break
		}
		if e.Kind == simulator.KindTransition {
			state = e.To
		}
	}
	return state
}

func eventLine(e simulator.Event) string {
	return fmt.Sprintf("%s %s %s", fakes.FormatOffset(e.At), e.Actor, simulator.Describe(e))
}
