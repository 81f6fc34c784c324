package simulator

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// keepsAlive reports whether a wake in progress keeps p running: the app
// is suspended only once every session's wake has ended (R-D4, R-D7).
func (d *daemon) keepsAlive(p *process) bool {
	for _, b := range d.sessions {
		if b.wake != nil && b.wake.p == p {
			return true
		}
	}
	return false
}

// wokenFor reports whether p runs in the background because the system
// woke it for session events, and a wake of it is still in progress.
func (d *daemon) wokenFor(p *process) bool {
	return p != nil && d.s.proc == p && d.s.state == background && d.keepsAlive(p)
}

// wantsWake: the session sends launch events and its events call for a
// wake (eventsCallForWake; R-S5, R-D1). With SessionSendsLaunchEvents
// false the events wait for the app to run (R-S11).
func (b *bgSession) wantsWake() bool {
	return b.cfg.SessionSendsLaunchEvents && b.eventsCallForWake()
}

// eventsCallForWake: the session's events call for a wake, whether or not
// it sends launch events (wantsWake): all its tasks are done or one needs
// credentials, no wake of it is in progress, the trace has not said they
// will not wake the app (wontWake), no other process holds the session,
// and the user has not force-quit the app since launching it (R-E3).
func (b *bgSession) eventsCallForWake() bool {
	if b.wakers == 0 || b.wake != nil || b.d.blockedByForceQuit() || b.wontWake {
		return false
	}
	if b.heldByExtension() || b.d.isHeldElsewhere(b.id) {
		return false // R-X2, R-I2: the process that holds the session gets the events itself
	}
	return b.active == 0 || b.hasChallenge()
}

// needsWake: the session wants a wake and the app is not running, so the
// daemon must resume or launch it.
func (b *bgSession) needsWake() bool {
	return b.wantsWake() && b.d.appAsleep()
}

// appAsleep: the app runs no code, so only a wake would bring it the
// events. A running app gets its events without one (R-I4); an app under
// the debugger is never suspended and never launched in the background
// (R-L8).
func (d *daemon) appAsleep() bool {
	if d.s.cfg.DebuggerAttached {
		return false
	}
	st := d.s.state
	return st == suspended || st == notRunning || st == terminated
}

// canJoin: the session wants a wake while the app is already awake in the
// background for another session's: it gets a wake of its own in the same
// run of the app, with no new relaunch (R-D7).
func (b *bgSession) canJoin() bool {
	return b.wantsWake() && b.d.wokenFor(b.d.s.proc)
}

// maybeWake looks, once the current step is over (and, with jitter, after
// a drawn delay), at whether the app must be woken for this session.
func (b *bgSession) maybeWake() {
	if !b.cfg.SessionSendsLaunchEvents {
		b.noteUnwoken()
	}
	if b.check.Pending() || !(b.needsWake() || b.canJoin()) {
		return
	}
	b.checking = true
	b.check = b.d.s.clock.After(b.d.jitter.wakeDelay(), b.clockFunc())
}

// noteUnwoken traces, once for the events that call for it (wontWake),
// that the app is not woken because the session does not send launch
// events: the moment a wake would have come, which the timeline would
// otherwise pass over in silence (R-S11).
func (b *bgSession) noteUnwoken() {
	if !b.eventsCallForWake() || !b.d.appAsleep() {
		return
	}
	b.wontWake = true
	waiting := fmt.Sprintf("%d events wait", b.events.len())
	if b.events.len() == 1 {
		waiting = "1 event waits"
	}
	b.d.s.emit(Event{Actor: ActorDaemon, Kind: KindSystem, Session: b.id, Rule: RuleS11,
		Detail: fmt.Sprintf("does not wake the app for session %s: it does not send launch events (SessionSendsLaunchEvents is off), so its %s until the app runs and makes the session again",
			b.id, waiting)})
}

// wakeCheck is the look maybeWake arranged: the app is woken, or the
// session joins the wake the app is in, if either is still called for.
func (b *bgSession) wakeCheck() {
	b.check = fakes.Timer{}
	switch {
	case b.needsWake():
		b.d.requestWake(b)
	case b.canJoin():
		b.join(b.d.s.proc)
	}
}

// requestWake wakes the app for b now, or when the relaunch rate limiter
// allows it (R-R1).
func (d *daemon) requestWake(b *bgSession) {
	now := d.s.clock.Elapsed()
	if at, ok := d.limiter.allowed(now); !ok {
		d.deferWake(b, at)
		return
	}
	d.limiter.used(now, d.s.cfg.RelaunchDelayInitial) // R-R1: raised before HandleEventsForBackgroundURL
	d.wakeApp(b)
}

func (d *daemon) deferWake(b *bgSession, at time.Duration) {
	d.limiter.owed = true
	if r := b.rarely(); r.deferredUntil != at {
		r.deferredUntil = at
		d.s.emit(Event{Actor: ActorDaemon, Kind: KindRelaunchDeferred, Session: b.id,
			Detail: fmt.Sprintf("relaunch delayed until %s (delay %s)", fakes.FormatOffset(at), d.limiter.delay),
			Rule:   RuleR1})
	}
	r := d.rarely()
	if r.deferred.Pending() {
		return
	}
	r.deferred = d.s.clock.ScheduleOffset(at, func() {
		r.deferred = fakes.Timer{}
		// R-R1: a wake still waiting when the delay ends takes it up (and
		// doubles it); with none, the delay starts over.
		d.limiter.owed = false
		for _, b := range d.sessions {
			if b.needsWake() {
				d.limiter.owed = true
			}
		}
		for _, b := range d.sessions {
			b.maybeWake()
		}
	})
}

// wakeApp resumes the suspended app, or launches it into the background,
// for first and every other session that wants a wake now; each gets its
// own HandleEventsForBackgroundURL, in the order the sessions were made
// (R-I4, R-D2, R-D7).
func (d *daemon) wakeApp(first *bgSession) {
	s := d.s
	var buf [4]*bgSession // group stays on the stack: what keeps it is handlerOf's
	group := append(buf[:0], first)
	for _, b := range d.sessions {
		if b != first && b.wantsWake() {
			group = append(group, b)
		}
	}
	for _, b := range group {
		b.wake = b.newWake(nil)
	}
	if s.state == suspended {
		p := s.proc
		d.emitWake(first, &Event{Process: p.pid}, "resumes the app: ")
		d.noteJoined(group[1:])
		for _, b := range group {
			b.wake.p = p
		}
		_ = s.fire(EvBackgroundResume, "session events", handlerOf(group))
		return
	}
	if delay := d.jitter.launchTime(); delay > 0 {
		// The launch takes time (Config.Jitter). The wake is traced, and
		// counted, when it happens: a user launch meanwhile abandons it
		// (userLaunched), and the events go to the app the user opened.
		later, w := slices.Clone(group), first.wake
		s.clock.After(delay, func() {
			if first.wake == w && w.phase == WakeRequested {
				d.launchForWake(later)
			}
		})
		return
	}
	d.launchForWake(group) // no closure when there is no delay
}

// launchForWake launches the app into the background for the sessions of
// a wake, group[0] the one that asked for it.
func (d *daemon) launchForWake(group []*bgSession) {
	s := d.s
	if s.state != notRunning && s.state != terminated {
		// The app was launched another way while this one was starting:
		// the events reach the running app without a wake (R-I4).
		abandon(group)
		return
	}
	d.emitWake(group[0], &Event{}, "launches the app into the background: ")
	d.noteJoined(group[1:])
	err := s.launch(EvBackgroundLaunch, appmodel.LaunchOptions{Reason: appmodel.LaunchURLSession, SessionIdentifier: group[0].id},
		"session events", handlerOf(group))
	if err != nil {
		abandon(group)
		return
	}
	for _, b := range group {
		if b.wake != nil && b.wake.p == nil {
			b.wake.p = s.proc
		}
	}
}

// emitWake traces the wake for first: e, made a daemon.relaunch event,
// whose detail says what the daemon does (how) and why.
func (d *daemon) emitWake(first *bgSession, e *Event, how string) {
	e.Actor, e.Kind, e.Session = ActorDaemon, KindRelaunch, first.id
	if first.active > 0 {
		e.Rule = RuleS5
		d.s.emitfEvent(e, "%sa task of session %s needs credentials", strArg(how), strArg(first.id))
		return
	}
	e.Rule = RuleD1
	d.s.emitfEvent(e, "%sall tasks of session %s are done; %s", strArg(how), strArg(first.id),
		countArg(first.events.len(), "event waits", "events wait"))
}

// noteJoined traces the sessions that are woken with the first one.
func (d *daemon) noteJoined(rest []*bgSession) {
	for _, b := range rest {
		d.s.emit(Event{Actor: ActorDaemon, Kind: KindSystem, Session: b.id, Rule: RuleD7,
			Detail: fmt.Sprintf("session %s has events too: it gets its own HandleEventsForBackgroundURL in this wake", b.id)})
	}
}

// handlerOf is what calls HandleEventsForBackgroundURL for each session
// of group, in order, in the woken process p. A group of one session,
// nearly every wake's, takes that session's method value, made with the
// session (onWake): no allocation, where the group's array and a closure
// that keeps it are two.
func handlerOf(group []*bgSession) func(p *process) {
	if len(group) == 1 {
		return group[0].onWake
	}
	kept := slices.Clone(group) // not group: the caller's array stays its own
	return func(p *process) {
		for _, b := range kept {
			b.handleWake(p)
		}
	}
}

// handleWake calls HandleEventsForBackgroundURL for b's wake, if it still
// has one, in the woken process p.
func (b *bgSession) handleWake(p *process) {
	if b.wake != nil {
		b.handleEvents(b.wake, p)
	}
}

// abandon ends wakes that never reached the app.
func abandon(group []*bgSession) {
	for _, b := range group {
		if w := b.wake; w != nil && w.phase == WakeRequested {
			w.move(WakeEnded)
			b.wake = nil
			b.pump()
			b.maybeWake()
		}
	}
}

// join gives b a wake of its own in the wake p is already in (R-D7).
func (b *bgSession) join(p *process) {
	w := b.newWake(p)
	b.wake = w
	b.d.s.emit(Event{Actor: ActorDaemon, Kind: KindSystem, Session: b.id, Process: p.pid, Rule: RuleD7,
		Detail: fmt.Sprintf("session %s is ready while the app is awake for another session: it gets its own HandleEventsForBackgroundURL", b.id)})
	b.handleEvents(w, p)
}

// handleEvents calls HandleEventsForBackgroundURL with a completion handler
// that enforces its contract (R-D3, R-D4), and starts the handler's budget.
func (b *bgSession) handleEvents(w *wake, p *process) {
	s := b.d.s
	if p.dead || s.proc != p || b.wake != w {
		return
	}
	w.p = p
	w.move(WakeHandling)
	// A typed item rather than a block and its done closure (queue.go):
	// callHandleEvents, then handleEventsReturned.
	p.main.push(queueItem{code: (*handleEventsItem)(w)})
	// The session's clock function rather than a closure of its own: one
	// allocation less a wake (budgetFired).
	w.budget = s.clock.After(s.cfg.CompletionHandlerBudget, b.clockFunc())
	w.budgeting = true
}

// budgetFired: the completion handler's budget of w, b's wake, ran out.
// Every path that ends a wake or takes it from b stops its budget first
// (wake.stop), and so does a process's end (processEndedWake): a budget
// that fires is that of b's wake, handled in a live process.
func (b *bgSession) budgetFired(w *wake) {
	w.budgeting = false
	w.budget = fakes.Timer{}
	if p := w.p; p != nil && !p.dead {
		b.budgetOut(w, p)
	}
}

// callHandleEvents calls p's HandleEventsForBackgroundURL for b with the
// completion handler handler (the item handleEvents queues).
func (b *bgSession) callHandleEvents(p *process, handler func()) {
	b.d.s.emitCallback(KindAppCallback, &callbackEvent{pid: p.pid, cb: CbHandleEventsForBackgroundURL,
		queue: QueueMain, session: b.id, rule: RuleD2})
	p.delegate.HandleEventsForBackgroundURL(p.app(), b.id, handler)
}

// handleEventsReturned: HandleEventsForBackgroundURL of wake w and the
// work it started are over, so delivery may go on.
func (b *bgSession) handleEventsReturned(w *wake) {
	if b.wake == w {
		w.move(WakeDelivering)
	}
	b.pump()
}

// budgetOut: CompletionHandlerBudget passed and the handler was not
// called. An app still busy in its own code is killed (R-D8); one that
// merely forgot the handler is suspended with a violation (R-D4).
func (b *bgSession) budgetOut(w *wake, p *process) {
	s := b.d.s
	if b.wake != w {
		return
	}
	if p.blocked() {
		b.d.killBlocked(p, b)
		return
	}
	s.violate(p, RuleD4, fmt.Sprintf("the completion handler of session %s was never called within %s; the app is suspended",
		b.id, s.cfg.CompletionHandlerBudget))
	if b.events.len() > 0 && (b.conn == nil || b.conn.p != p) {
		b.wontWake = true
		s.emit(Event{Actor: ActorDaemon, Kind: KindSystem, Session: b.id, Rule: RuleI6,
			Detail: fmt.Sprintf("%s of session %s: the app never recreated the session", countOf(b.events.len(), "event stays queued", "events stay queued"), b.id)})
	}
	b.endWake(w)
}

// handlerCalled is the app calling the completion handler: iOS takes the
// snapshot and lets the app be suspended (R-D4). It must be called once,
// on the main thread (R-D3), after DidFinishEventsForBackgroundSession.
func (b *bgSession) handlerCalled(w *wake) {
	s := b.d.s
	if !s.onSimFor("the completion handler of session ", b.id) {
		return // outside.go: only the simulation's goroutine may go on
	}
	p := w.p
	if p == nil || p.dead {
		if p != nil {
			s.deadCall(p, "the completion handler of session "+b.id)
		}
		return
	}
	w.calls++
	s.emitEvent(&Event{Actor: ActorApp, Kind: KindHandlerCall, Process: p.pid, Session: b.id, Queue: s.queueName(), Rule: RuleD4}, nil)
	if w.calls > 1 {
		s.violate(p, RuleD4, fmt.Sprintf("the completion handler of session %s was called %d times", b.id, w.calls))
		return
	}
	if s.current != p.main {
		s.violate(p, RuleD3, fmt.Sprintf("the completion handler of session %s was called on queue %q, not the main thread", b.id, s.queueName()))
	}
	if !w.finished() {
		s.violate(p, RuleD4, fmt.Sprintf("the completion handler of session %s was called before DidFinishEventsForBackgroundSession: %s not yet delivered", b.id, countOf(b.events.len(), "event", "events")))
	}
	if b.wake != w {
		return // the budget already ran out
	}
	w.stop()
	w.move(WakeHandlerCalled)
	s.emitEvent(&Event{Actor: ActorSystem, Kind: KindSnapshot, Process: p.pid, Session: b.id, Rule: RuleD4,
		Detail: "takes a snapshot of the app's UI for the app switcher"}, nil)
	b.endWake(w)
}

func (b *bgSession) endWake(w *wake) {
	w.stop()
	if w.phase != WakeEnded {
		w.move(WakeEnded)
	}
	if b.wake == w {
		b.wake = nil
	}
	b.d.s.maybeSuspend()
}

// processEndedWake ends the wake of b in p, if any: the process is gone.
func (b *bgSession) processEndedWake(p *process) {
	if w := b.wake; w != nil && w.p == p {
		w.stop()
		if w.phase != WakeEnded {
			w.move(WakeEnded)
		}
		b.wake = nil
	}
}

// relaunchLimiter is the per-app delay between background wakes (R-R1).
// A wake after a reset sets it to RelaunchDelayInitial; a wake that had to
// wait for it doubles it. It resets when the user brings the app to the
// foreground, and when it passes with no wake waiting for it.
type relaunchLimiter struct {
	delay time.Duration
	// next is the clock offset before which no wake may happen: 8 bytes
	// rather than a time.Time's 24, which kept the Sim, which holds its
	// daemon, out of the 2,304-byte size class. 0 is no limit: no clock
	// reads an offset below it.
	next time.Duration
	owed bool // a wake was deferred until next: it takes up the delay
	// (The timer of a deferred wake is daemonRare.deferred: most runs
	// defer none.)
}

// allowed reports whether a wake may happen at the clock offset now, and
// when the next may.
func (l *relaunchLimiter) allowed(now time.Duration) (time.Duration, bool) {
	if now < l.next {
		return l.next, false
	}
	if !l.owed {
		l.delay = 0 // R-R1: the delay passed with no wake waiting: it starts over
	}
	return l.next, true
}

// used takes a wake at the clock offset now: the next waits the delay,
// initial after a reset and twice the last otherwise.
func (l *relaunchLimiter) used(now time.Duration, initial time.Duration) {
	if l.delay == 0 {
		l.delay = initial
	} else {
		l.delay *= 2
	}
	l.next, l.owed = now+l.delay, false
	if l.delay > 0 && l.next < now { // past the largest offset: as a time.Time would, far ahead
		l.next = math.MaxInt64
	}
}

func (l *relaunchLimiter) reset(string) {
	l.delay, l.next, l.owed = 0, 0, false
}
