package simulator

import "github.com/bgsim/bgsim/fakes"

// TerminationReason says why a process ended.
type TerminationReason string

// Termination reasons.
const (
	TermUserForceQuit  TerminationReason = "user-force-quit"
	TermMemoryPressure TerminationReason = "memory-pressure"
	TermCrash          TerminationReason = "crash"
	TermWatchdog       TerminationReason = "watchdog"
)

// enterBackground does the system's bookkeeping when the user sends the app
// to the background: the grace period starts (R-L3), and so does the budget
// of any open background task (R-L4).
func (s *Sim) enterBackground(p *process) {
	s.backgroundSince = s.clock.Elapsed()
	p.grace, p.graceArmed = s.clock.After(s.cfg.BackgroundGrace, s.clockFunc()), true
	p.armBackgroundBudget()
}

// graceOver: the grace period of p, the current process, is over (R-L3).
func (s *Sim) graceOver(p *process) {
	p.graceArmed, p.grace = false, fakes.Timer{}
	if p.inDidEnterBackground {
		s.watchdogKill(p, RuleL3, "DidEnterBackground did not return within "+s.cfg.BackgroundGrace.String())
		return
	}
	s.maybeSuspend()
}

// clockFunc is what the Sim's own timers call, made once: a process's
// grace period and the look at suspending the app once the app's code has
// returned (maybeSuspend). One function for both, rather than a closure
// at every grace period and a method value at every look, finds which one
// is due (clockEvent).
func (s *Sim) clockFunc() func() {
	if s.onClock == nil {
		s.onClock = s.boundClockEvent() // once for all its runs, for a Sim that is reset
	}
	return s.onClock
}

// clockEvent runs the Sim's timer whose event is firing. A grace period
// is the current process's (the process that ends stops its own, kill),
// and it fires if armed and no longer pending at the clock; any other
// event of the Sim's is a look at suspending the app: those are alike, so
// they need no telling apart.
func (s *Sim) clockEvent() {
	if p := s.proc; p != nil && p.graceArmed && !p.grace.Pending() {
		s.graceOver(p)
		return
	}
	s.maybeSuspend()
}

// enterForeground undoes enterBackground: a returning app is not suspended
// and its background tasks stop counting down.
func (s *Sim) enterForeground(p *process) {
	p.graceArmed = false
	if p.grace.Pending() {
		p.grace.Stop()
		p.grace = fakes.Timer{}
	}
	if p.bg != nil {
		p.bg.disarm()
	}
}

// maybeSuspend suspends a background app that nothing keeps running: the
// grace period is over, no background task is open, and no wake for
// session events is under way (R-L3, R-L4, R-D4).
func (s *Sim) maybeSuspend() {
	p := s.proc
	if p == nil || p.dead || s.state != background || p.grace.Pending() || p.bg != nil && len(p.bg.open) > 0 || s.daemon.keepsAlive(p) {
		return
	}
	if s.cfg.DebuggerAttached {
		return // R-L8: a debugger keeps the process running
	}
	if s.current != nil {
		// Called from the app's code (the completion handler,
		// EndBackgroundTask): the system suspends the app once that code
		// has returned, never in the middle of it (R-L5).
		s.clock.After(0, s.clockFunc())
		return
	}
	s.fire(EvSuspend, "nothing keeps the app running", nil)
}

// terminate ends the current process for reason, with detail for the trace.
func (s *Sim) terminate(ev LifecycleEvent, reason TerminationReason, detail string) error {
	s.termReason, s.termDetail = reason, detail
	return s.fire(ev, detail, nil)
}

func (s *Sim) watchdogKill(p *process, rule Rule, detail string) {
	if p.dead || s.proc != p {
		return
	}
	s.violate(p, rule, detail)
	r := s.rarely()
	r.killRule = rule
	_ = s.terminate(EvWatchdogKill, TermWatchdog, detail)
	r.killRule = ""
}

func (s *Sim) crashProcess(p *process, detail string) {
	// A crash in WillTerminate happens while the process is already being
	// terminated: it ends as the system decided, not as a crash.
	if p.ext != nil {
		s.endExtension(p, TermCrash, detail) // R-X1: an extension crashes alone
		return
	}
	if p.dead || s.proc != p || p.terminating {
		return
	}
	_ = s.terminate(EvCrash, TermCrash, detail)
}

// violate records that the app broke a rule of the platform.
func (s *Sim) violate(p *process, rule Rule, detail string) {
	pid := 0
	if p != nil {
		pid = p.pid
	}
	s.record(Violation{At: s.clock.Elapsed(), Process: pid, Rule: rule, Detail: detail})
}
