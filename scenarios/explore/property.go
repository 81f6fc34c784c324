package explore

import (
	"fmt"
	"slices"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// Property names, as reports and JUnit cases give them.
const (
	PropNoViolation  = "no-violation"  // no violation beyond those the scenario expects
	PropAbsent       = "absent"        // none of the scenario's absent events
	PropExactlyOnce  = "exactly-once"  // no task completed or delivered twice
	PropDeadProcess  = "dead-process"  // no delegate call to a process that ended
	PropSessions     = "sessions"      // nothing delivered to a session the process is not connected to
	PropRun          = "run"           // the run ends normally
	PropDelivered    = "delivered"     // every task's outcome reaches the app (liveness)
	PropHandler      = "handler"       // every wake ends with the completion handler (liveness)
	PropDeterminism  = "deterministic" // the same seed gives the same trace (CheckDeterminism)
	livenessProperty = 1
)

// Properties lists every property, safety first.
func Properties() []string {
	return []string{PropNoViolation, PropAbsent, PropExactlyOnce, PropDeadProcess, PropSessions, PropRun,
		PropDelivered, PropHandler, PropDeterminism}
}

// broken is one property a run broke: its name, what happened, and the
// expectation that makes a scenario file fail the same way (nil when no
// expectation can say it).
type broken struct {
	property string
	message  string
	expect   *expectation
}

// expectation is what a minimal scenario file expects so that bgsim run
// fails for the same reason.
type expectation struct {
	absent *scenarios.EventPattern
	task   *scenarios.TaskExpect
	event  *scenarios.EventPattern // must occur
}

// check returns the first property the run broke, safety before liveness.
func check(s *scenarios.Scenario, res *scenarios.Result, safetyOnly bool) *broken {
	checks := []func(*scenarios.Scenario, *scenarios.Result) *broken{
		checkRun, checkViolations, checkAbsent, checkExactlyOnce, checkDeadProcess, checkSessions,
	}
	if !safetyOnly {
		checks = append(checks, checkDelivered, checkHandler)
	}
	for _, c := range checks {
		if b := c(s, res); b != nil {
			return b
		}
	}
	return nil
}

func checkRun(_ *scenarios.Scenario, res *scenarios.Result) *broken {
	if res.Err == nil {
		return nil
	}
	return &broken{property: PropRun, message: "the run stopped early: " + res.Err.Error()}
}

func checkViolations(s *scenarios.Scenario, res *scenarios.Result) *broken {
	allowed := map[string]bool{}
	if v := s.Expect.Violations; v != nil {
		for _, r := range v.Rules {
			allowed[r] = true
		}
	}
	for _, e := range res.Trace {
		if e.Kind == simulator.KindViolation && !allowed[string(e.Rule)] {
			return &broken{property: PropNoViolation,
				message: fmt.Sprintf("%s violation %s by process %d: %s", fakes.FormatOffset(e.At), e.Rule, e.Process, e.Detail),
				expect:  &expectation{absent: &scenarios.EventPattern{Kind: string(simulator.KindViolation), Rule: string(e.Rule)}}}
		}
	}
	return nil
}

func checkAbsent(s *scenarios.Scenario, res *scenarios.Result) *broken {
	for i := range s.Expect.Absent {
		a := s.Expect.Absent[i]
		p := a.Pattern()
		for _, e := range res.Trace {
			if p.Matches(e) {
				a.Pos = scenarios.Position{}
				return &broken{property: PropAbsent,
					message: fmt.Sprintf("%s %s, which the scenario says must not happen (%s)", fakes.FormatOffset(e.At), e.Kind, p),
					expect:  &expectation{absent: &a}}
			}
		}
	}
	return nil
}

type taskKey struct {
	session string
	task    int
}

func checkExactlyOnce(_ *scenarios.Scenario, res *scenarios.Result) *broken {
	completes, delivered := map[taskKey]int{}, map[taskKey]int{}
	for _, e := range res.Trace {
		k := taskKey{e.Session, e.Task}
		switch {
		case e.Kind == simulator.KindTaskComplete:
			completes[k]++
			if completes[k] == 2 {
				return &broken{property: PropExactlyOnce,
					message: fmt.Sprintf("%s task %d of session %s completed twice", fakes.FormatOffset(e.At), e.Task, e.Session)}
			}
		case e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidCompleteWithError:
			delivered[k]++
			if delivered[k] == 2 {
				return &broken{property: PropExactlyOnce,
					message: fmt.Sprintf("%s task %d of session %s delivered twice", fakes.FormatOffset(e.At), e.Task, e.Session)}
			}
		}
	}
	return nil
}

func checkDeadProcess(_ *scenarios.Scenario, res *scenarios.Result) *broken {
	dead := map[int]bool{}
	for _, e := range res.Trace {
		switch e.Kind {
		case simulator.KindTerminate:
			dead[e.Process] = true
		case simulator.KindAppCallback, simulator.KindSessionCallback:
			if dead[e.Process] {
				return &broken{property: PropDeadProcess,
					message: fmt.Sprintf("%s %s called in process %d, which had ended", fakes.FormatOffset(e.At), e.Callback, e.Process)}
			}
		}
	}
	return nil
}

// checkSessions: a session delegate method is called only in a process
// that connected to that session (R-I3), never in another one.
func checkSessions(_ *scenarios.Scenario, res *scenarios.Result) *broken {
	type conn struct {
		process int
		session string
	}
	connected := map[conn]bool{}
	for _, e := range res.Trace {
		switch {
		case e.Kind == simulator.KindConnect:
			connected[conn{e.Process, e.Session}] = true
		case e.Kind == simulator.KindSessionCallback && e.Session != "" && !connected[conn{e.Process, e.Session}]:
			return &broken{property: PropSessions,
				message: fmt.Sprintf("%s %s for session %s in process %d, which never connected to it",
					fakes.FormatOffset(e.At), e.Callback, e.Session, e.Process)}
		}
	}
	return nil
}

func checkDelivered(_ *scenarios.Scenario, res *scenarios.Result) *broken {
	for _, t := range res.Tasks {
		if t.Outcome == "unfinished" || !t.Delivered {
			te := scenarios.TaskExpect{Task: t.ID, Desc: t.Desc, Delivered: boolp(true)}
			if t.Desc != "" {
				te.Task = 0
			}
			what := "never finished"
			if t.Outcome != "unfinished" {
				what = t.Outcome + " but the app was never told"
			}
			return &broken{property: PropDelivered,
				message: fmt.Sprintf("task %d %q of session %s %s, a day after the last trouble", t.ID, t.Desc, t.Session, what),
				expect:  &expectation{task: &te}}
		}
	}
	return nil
}

// checkHandler: every HandleEventsForBackgroundURL is answered by the
// completion handler of its session in the same process, unless that
// process ended first. A wake the user overtakes (the app comes to the
// foreground before the background launch is done) has no HandleEvents and
// needs no handler (R-D1).
func checkHandler(_ *scenarios.Scenario, res *scenarios.Result) *broken {
	type waiting struct {
		session string
		process int
		at      simulator.Event
	}
	var open []waiting
	for _, e := range res.Trace {
		switch {
		case e.Kind == simulator.KindAppCallback && e.Callback == simulator.CbHandleEventsForBackgroundURL:
			open = append(open, waiting{e.Session, e.Process, e})
		case e.Kind == simulator.KindHandlerCall:
			open = slices.DeleteFunc(open, func(w waiting) bool { return w.session == e.Session && w.process == e.Process })
		case e.Kind == simulator.KindTerminate:
			open = slices.DeleteFunc(open, func(w waiting) bool { return w.process == e.Process })
		}
	}
	if len(open) == 0 {
		return nil
	}
	w := open[0]
	return &broken{property: PropHandler,
		message: fmt.Sprintf("%s HandleEventsForBackgroundURL(%s) in process %d was never answered by its completion handler",
			fakes.FormatOffset(w.at.At), w.session, w.process),
		expect: &expectation{event: &scenarios.EventPattern{Kind: string(simulator.KindHandlerCall), Session: w.session}}}
}

// exercised adds what a run exercised to the coverage counts.
func (c *Coverage) exercised(res *scenarios.Result, p plan) {
	for _, e := range res.Trace {
		if e.Rule != "" {
			c.Rules[string(e.Rule)]++
		}
		c.Kinds[string(e.Kind)]++
	}
	for _, k := range p.troubles {
		c.Troubles[string(k)]++
	}
}
