package simulator

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// wake is one system wake of the app for a session's events: resume or
// launch into the background, HandleEventsForBackgroundURL, delivery,
// DidFinishEventsForBackgroundSession, and the completion handler (R-D1 to
// R-D4). While it lasts it keeps the app from being suspended, until the
// handler is called or CompletionHandlerBudget runs out.
type wake struct {
	b        *bgSession
	p        *process // nil until the launched process exists
	open     bool     // HandleEventsForBackgroundURL returned: delivery may begin
	finished bool     // DidFinishEventsForBackgroundSession was queued
	calls    int      // completion handler calls
	budget   fakes.Timer
}

func (w *wake) stop() {
	if w.budget.Pending() {
		w.budget.Stop()
		w.budget = fakes.Timer{}
	}
}

// keepsAlive reports whether a wake in progress keeps p running.
func (d *daemon) keepsAlive(p *process) bool {
	for _, b := range d.sessions {
		if b.wake != nil && (b.wake.p == nil || b.wake.p == p) {
			return true
		}
	}
	return false
}

// needsWake: the session has events, all its tasks are done or one needs
// credentials, it sends launch events, and the app is not running (R-S5,
// R-D1). A running app gets its events without a wake; a force-quit app
// gets none until the user launches it (R-E3).
func (b *bgSession) needsWake() bool {
	if b.wakers == 0 || b.wake != nil || !b.cfg.SessionSendsLaunchEvents || b.blockedByForceQuit || b.ignoredWake {
		return false
	}
	if b.heldByExtension() {
		return false // R-X2: the extension gets the events itself
	}
	if b.active > 0 && !b.hasChallenge() {
		return false
	}
	st := b.d.s.state
	return st == suspended || st == notRunning || st == terminated
}

// maybeWake looks, once the current step is over, at whether the app must
// be woken for this session.
func (b *bgSession) maybeWake() {
	if b.check.Pending() || !b.needsWake() {
		return
	}
	b.check = b.d.s.clock.After(0, func() {
		b.check = fakes.Timer{}
		if b.needsWake() {
			b.d.requestWake(b)
		}
	})
}

// requestWake wakes the app for b now, or when the relaunch rate limiter
// allows it (R-R1).
func (d *daemon) requestWake(b *bgSession) {
	now := d.s.clock.Now()
	if at, ok := d.limiter.allowed(now, d.s.cfg); !ok {
		d.deferWake(b, at)
		return
	}
	d.limiter.used(now, d.s.cfg)
	b.wakeApp()
}

func (d *daemon) deferWake(b *bgSession, at time.Time) {
	if !b.deferredUntil.Equal(at) {
		b.deferredUntil = at
		d.s.emit(Event{Actor: ActorDaemon, Kind: KindRelaunchDeferred, Session: b.id,
			Detail: fmt.Sprintf("relaunch delayed until %s (delay %s)", fakes.FormatOffset(at.Sub(d.s.cfg.Start)), d.limiter.delay),
			Rule:   RuleR1})
	}
	if d.limiter.timer.Pending() {
		return
	}
	d.limiter.timer = d.s.clock.Schedule(at, func() {
		d.limiter.timer = fakes.Timer{}
		for _, b := range d.sessions {
			b.maybeWake()
		}
	})
}

// wakeApp resumes the suspended app, or launches it into the background,
// and then calls HandleEventsForBackgroundURL (R-I4, R-D2).
func (b *bgSession) wakeApp() {
	s := b.d.s
	why := fmt.Sprintf("all tasks of session %s are done; %d events wait", b.id, len(b.events))
	rule := RuleD1
	if b.active > 0 {
		why, rule = fmt.Sprintf("a task of session %s needs credentials", b.id), RuleS5
	}
	w := &wake{b: b}
	b.wake = w
	if s.state == suspended {
		s.emit(Event{Actor: ActorDaemon, Kind: KindRelaunch, Session: b.id, Process: s.proc.pid, Detail: "resumes the app: " + why, Rule: rule})
		p := s.proc
		w.p = p
		_ = s.fire(EvBackgroundResume, "session events", func() { b.handleEvents(w, p) })
		return
	}
	s.emit(Event{Actor: ActorDaemon, Kind: KindRelaunch, Session: b.id, Detail: "launches the app into the background: " + why, Rule: rule})
	err := s.launch(EvBackgroundLaunch, appmodel.LaunchOptions{Reason: appmodel.LaunchURLSession, SessionIdentifier: b.id},
		"session events", func(p *process) { b.handleEvents(w, p) })
	if err != nil {
		b.wake = nil
		return
	}
	if s.proc != nil && w.p == nil {
		w.p = s.proc
	}
}

// handleEvents calls HandleEventsForBackgroundURL with a completion handler
// that enforces its contract (R-D3, R-D4), and starts the handler's budget.
func (b *bgSession) handleEvents(w *wake, p *process) {
	s := b.d.s
	if p.dead || s.proc != p || b.wake != w {
		return
	}
	w.p = p
	handler := func() { b.handlerCalled(w) }
	p.main.async(func() {
		s.emit(Event{Actor: ActorApp, Kind: KindAppCallback, Process: p.pid, Callback: "HandleEventsForBackgroundURL",
			Queue: QueueMain, Session: b.id, Rule: RuleD2})
		p.delegate.HandleEventsForBackgroundURL(p.app, b.id, handler)
	}, func() {
		w.open = true
		b.pump()
	})
	w.budget = p.after(s.cfg.CompletionHandlerBudget, func() {
		w.budget = fakes.Timer{}
		s.violate(p, RuleD4, fmt.Sprintf("the completion handler of session %s was never called within %s; the app is suspended",
			b.id, s.cfg.CompletionHandlerBudget))
		if len(b.events) > 0 && (b.conn == nil || b.conn.p != p) {
			b.ignoredWake = true
			s.emit(Event{Actor: ActorDaemon, Kind: KindSystem, Session: b.id, Rule: RuleI6,
				Detail: fmt.Sprintf("%d events of session %s stay queued: the app never recreated the session", len(b.events), b.id)})
		}
		b.endWake(w)
	})
}

// handlerCalled is the app calling the completion handler: iOS takes the
// snapshot and lets the app be suspended (R-D4). It must be called once,
// on the main thread (R-D3), after DidFinishEventsForBackgroundSession.
func (b *bgSession) handlerCalled(w *wake) {
	s, p := b.d.s, w.p
	if p == nil || p.dead {
		return
	}
	w.calls++
	s.emit(Event{Actor: ActorApp, Kind: KindHandlerCall, Process: p.pid, Session: b.id, Queue: s.queueName(), Rule: RuleD4})
	if w.calls > 1 {
		s.violate(p, RuleD4, fmt.Sprintf("the completion handler of session %s was called %d times", b.id, w.calls))
		return
	}
	if s.current != p.main {
		s.violate(p, RuleD3, fmt.Sprintf("the completion handler of session %s was called on queue %q, not the main thread", b.id, s.queueName()))
	}
	if !w.finished {
		s.violate(p, RuleD4, fmt.Sprintf("the completion handler of session %s was called before DidFinishEventsForBackgroundSession: %d events not yet delivered", b.id, len(b.events)))
	}
	if b.wake != w {
		return // the budget already ran out
	}
	w.stop()
	s.emit(Event{Actor: ActorSystem, Kind: KindSnapshot, Process: p.pid, Session: b.id, Rule: RuleD4,
		Detail: "takes a snapshot of the app's UI for the app switcher"})
	b.endWake(w)
}

func (b *bgSession) endWake(w *wake) {
	if b.wake == w {
		b.wake = nil
	}
	b.d.s.maybeSuspend()
}

// relaunchLimiter is the per-app delay between background wakes (R-R1):
// each wake doubles it, from RelaunchDelayInitial; it resets when the user
// brings the app to the foreground, or after RelaunchDelayReset with no wake.
type relaunchLimiter struct {
	delay time.Duration
	next  time.Time // no wake before this
	last  time.Time // the last wake
	timer fakes.Timer
}

func (l *relaunchLimiter) allowed(now time.Time, cfg Config) (time.Time, bool) {
	if !l.last.IsZero() && now.Sub(l.last) >= cfg.RelaunchDelayReset {
		l.reset("")
	}
	return l.next, !now.Before(l.next)
}

func (l *relaunchLimiter) used(now time.Time, cfg Config) {
	if l.delay == 0 {
		l.delay = cfg.RelaunchDelayInitial
	} else {
		l.delay *= 2
	}
	l.last, l.next = now, now.Add(l.delay)
}

func (l *relaunchLimiter) reset(string) {
	l.delay, l.next, l.last = 0, time.Time{}, time.Time{}
}
