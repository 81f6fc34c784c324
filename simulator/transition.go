package simulator

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
)

// launch starts a new process with opts and fires ev for it.
func (s *Sim) launch(ev LifecycleEvent, opts appmodel.LaunchOptions, cause string, then func(*process)) error {
	if s.factory == nil {
		return ErrNoApp
	}
	if _, ok := lookup(s.state, ev); !ok {
		return &IllegalTransitionError{State: s.state, Event: ev}
	}
	p := s.newProcess(opts)
	s.proc = p
	s.emitEvent(&Event{Actor: ActorSystem, Kind: KindLaunch, Process: p.pid, Reason: opts.Reason.String(),
		Session: opts.SessionIdentifier, Rule: RuleL6}, nil)
	return s.fire(ev, cause, then)
}

// fire applies the lifecycle table's row for (state, ev): the state
// changes, the system does its bookkeeping, and the row's callbacks are
// queued on the main queue; then, if not nil, runs once the last of them
// has returned, with the process the row was fired for.
func (s *Sim) fire(ev LifecycleEvent, cause string, then func(*process)) error {
	t, ok := lookup(s.state, ev)
	if !ok {
		return &IllegalTransitionError{State: s.state, Event: ev}
	}
	p := s.proc
	from := s.state
	if t.To == terminated {
		if p.terminating {
			// Only app code can ask for this (a kill from WillTerminate):
			// a process ends once.
			return fmt.Errorf("simulator: %s: process %d is already being terminated", ev, p.pid)
		}
		p.terminating = true
		s.willTerminate(p, t.Callbacks)
	}
	s.state = t.To
	rule := t.Rule
	if ev == EvWatchdogKill && s.rare != nil && s.rare.killRule != "" {
		rule = s.rare.killRule // the rule of the budget that ran out, not the table's
	}
	s.emitTransition(p.pid, from, t.To, ev, cause, rule) // stored with no Event built

	if t.To == terminated {
		s.endProcess(p, ev)
		if then != nil {
			then(p)
		}
		return nil
	}
	switch {
	case t.To == suspended:
		p.freeze()
		s.daemon.appSuspended()
	case ev == EvEnterBackground:
		s.enterBackground(p)
		s.daemon.appLeftForeground()
	case ev == EvUserLaunch && (from == background || from == suspended):
		s.enterForeground(p)
	case ev == EvBackgroundLaunch || ev == EvBackgroundResume:
		s.backgroundSince = s.clock.Elapsed()
	}
	if ev == EvUserLaunch {
		s.daemon.userLaunched()
	}
	if from == suspended {
		p.thaw()
	}
	if t.NewProcess {
		s.current = p.main
		s.enterCode(p.main, "the app factory", false)
		s.safeCall(p, func() { p.delegate = s.factory() })
		s.leaveCode()
		s.current = nil
		if p.dead {
			return nil
		}
		if p.delegate == nil {
			s.crashProcess(p, "the app factory returned a nil AppDelegate")
			return nil
		}
	}
	s.dispatch(p, t.Callbacks, then)
	if t.To.Running() && !from.Running() {
		s.daemon.appRunnable()
	}
	return nil
}

func (s *Sim) callbackReason(p *process, cb Callback) string {
	if cb == CbFinishedLaunching {
		return p.opts.Reason.String()
	}
	return ""
}

func callbackRule(cb Callback) Rule {
	switch cb {
	case CbDidEnterBackground:
		return RuleL3
	case CbWillTerminate:
		return RuleL7
	}
	return RuleL2
}

// invoke calls one AppDelegate method.
func (s *Sim) invoke(p *process, cb Callback) {
	d, app := p.delegate, p.app()
	switch cb {
	case CbFinishedLaunching:
		d.FinishedLaunching(app, p.opts)
	case CbOnActivated:
		d.OnActivated(app)
	case CbOnResignActivation:
		d.OnResignActivation(app)
	case CbDidEnterBackground:
		d.DidEnterBackground(app)
	case CbWillEnterForeground:
		d.WillEnterForeground(app)
	case CbWillTerminate:
		d.WillTerminate(app)
	}
}

// willTerminate runs the row's last callbacks (WillTerminate)
// synchronously on the main queue, while the app still runs in its state
// (R-L7): the process will not live to run its queue.
func (s *Sim) willTerminate(p *process, cbs []Callback) {
	for _, cb := range cbs {
		prev := s.current
		s.current = p.main
		s.enterCode(p.main, "", false)
		s.emitCallback(KindAppCallback, &callbackEvent{pid: p.pid, cb: cb, queue: QueueMain, rule: callbackRule(cb)})
		s.safeCall(p, func() { s.invoke(p, cb) })
		s.leaveCode()
		s.current = prev
	}
}

// endProcess ends the process (R-L6) and tells the daemon.
func (s *Sim) endProcess(p *process, ev LifecycleEvent) {
	reason, detail := s.termReason, s.termDetail
	if reason == "" {
		reason = defaultTermReason(ev)
	}
	s.termReason, s.termDetail = "", ""
	p.kill()
	s.proc = nil
	s.lastTerm = reason
	s.emitEvent(&Event{Actor: ActorSystem, Kind: KindTerminate, Process: p.pid, Reason: string(reason), Detail: detail, Rule: RuleL6}, nil)
	s.daemon.processEnded(p, reason)
}

func defaultTermReason(ev LifecycleEvent) TerminationReason {
	switch ev {
	case EvForceQuit:
		return TermUserForceQuit
	case EvCrash:
		return TermCrash
	case EvWatchdogKill:
		return TermWatchdog
	}
	return TermMemoryPressure
}
