package simulator

import (
	"fmt"
	"time"
)

// The main-thread watchdogs of launch and scene transitions (R-L2). iOS
// kills an app whose launch, or a change of its scene's state, keeps the
// main thread too long: the crash report's exception code is 0x8badf00d
// ("ate bad food"). The limits are Config.LaunchWatchdog and
// Config.SceneWatchdog; DidEnterBackground has its own, BackgroundGrace
// (R-L3, system.go).

// mainThreadLimit is the watchdog limit of callback cb, 0 if it has none.
func (s *Sim) mainThreadLimit(cb Callback) time.Duration {
	switch cb {
	case CbFinishedLaunching:
		return s.cfg.LaunchWatchdog
	case CbOnActivated, CbOnResignActivation, CbWillEnterForeground:
		return s.cfg.SceneWatchdog
	}
	return 0
}

// armWatchdog arms the watchdog of p's running callback step (callbackSteps),
// if it has one still to arm: its callback, which started now, did not
// return in this instant (it asked for Work, or its process ended in it).
// A callback that returns in the instant it starts cannot overrun, and
// most do: their watchdog is never given to the clock. It is armed with
// the ticket the step took as the callback started, so it comes due among
// the events of its time where a timer armed then would have. endStep
// stops it once the callback (with its Work) is over (callbackSteps.pop).
func (s *Sim) armWatchdog(p *process) {
	if p.steps.head == len(p.steps.list) {
		return
	}
	c := &p.steps
	if c.watchdogAt == 0 {
		return
	}
	at := s.clock.Now().Add(s.mainThreadLimit(c.running().cbs[0]))
	c.watchdog = s.clock.ScheduleTicket(at, c.watchdogAt, func() { s.watchdogFired(p) })
	c.watchdogAt = 0
}

// watchdogFired kills p for the callback that outlived its limit: the one
// running, whose step's timer this was. A suspended app's clock is stopped
// (R-L5), so its watchdog does not bite then.
func (s *Sim) watchdogFired(p *process) {
	if p.dead || s.state == suspended {
		return
	}
	cb := p.steps.running().cbs[0]
	s.watchdogKill(p, RuleL2, fmt.Sprintf("%s did not return within %s: the watchdog killed the app "+
		"(exception code 0x8badf00d); move long work off the main thread", cb, s.mainThreadLimit(cb)))
}
