package simulator

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
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

// armWatchdog starts the watchdog of callback cb, which starts running now
// on p's main queue as p's running callback step (dispatch.go); stop the
// timer once the callback (with the Work it asked for) is over.
func (s *Sim) armWatchdog(p *process, cb Callback) fakes.Timer {
	limit := s.mainThreadLimit(cb)
	if limit <= 0 {
		return fakes.Timer{}
	}
	return s.clock.After(limit, p.watchdogFired)
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
