package explore

import (
	"github.com/bgsim/bgsim/scenarios"
)

// Property names, as reports and JUnit cases give them.
const (
	PropNoViolation = "no-violation"  // no violation beyond those the scenario expects
	PropAbsent      = "absent"        // none of the scenario's absent events
	PropExactlyOnce = "exactly-once"  // no task completed or delivered twice
	PropDeadProcess = "dead-process"  // no delegate call to a process that ended
	PropSessions    = "sessions"      // nothing delivered to a session the process is not connected to
	PropFiles       = "files"         // every downloaded file whole and of one version of its resource
	PropRun         = "run"           // the run ends normally
	PropDelivered   = "delivered"     // every task's outcome reaches the app (liveness)
	PropHandler     = "handler"       // every wake ends with the completion handler (liveness)
	PropDeterminism = "deterministic" // the same seed gives the same trace (CheckDeterminism)
)

// Properties lists every property, safety first.
func Properties() []string {
	return []string{PropNoViolation, PropAbsent, PropExactlyOnce, PropDeadProcess, PropSessions, PropFiles, PropRun,
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

// check returns the first property a finished run broke, safety before
// liveness, from its trace: the monitor replayed over events already
// kept. Exploration checks as the run goes (target.run); this is for a
// trace read back, with no file system to look at.
func check(s *scenarios.Scenario, res *scenarios.Result, safetyOnly bool) *broken {
	sp := newSpec(s)
	m := newMonitor(sp, func() versions { return sp.vers.withSteps(s.Steps) })
	for i := range res.Trace {
		m.event(&res.Trace[i], nil)
	}
	m.finish(res)
	return m.first(safetyOnly)
}
