package simulator

import (
	"github.com/bgsim/bgsim/appmodel"
)

// deliverable reports whether queued events can go to the app now: a
// session object is connected in a running process, and, during a system
// wake, HandleEventsForBackgroundURL has returned (R-D2). Events a wake is
// due for, because the app is awake in the background for another
// session's, wait for the HandleEventsForBackgroundURL of their own (R-D7).
func (b *bgSession) deliverable() bool {
	if b.conn == nil || !b.conn.p.runnable() {
		return false
	}
	if b.wake != nil {
		return b.wake.open()
	}
	return !b.wantsWake() || !b.d.wokenFor(b.conn.p)
}

// pump puts the next queued event on the connected session's delegate
// queue, one at a time: an event leaves the daemon's queue only when the
// app's code starts on it, so nothing is lost if the process dies or is
// suspended first. Once the queue is empty during a wake, it sends
// DidFinishEventsForBackgroundSession (R-D3).
func (b *bgSession) pump() {
	if b.pumping || !b.deliverable() {
		return
	}
	if b.events.len() == 0 {
		b.conn.backlog = backlogNone
		b.finishEvents()
		b.maybeInvalid()
		return
	}
	so := b.conn
	b.pumping, b.delivering = true, false
	so.queue.push(queueItem{code: (*deliverItem)(so)})
}

// deliverNext is the code of the delivery item pump queued for so. The
// app may have been suspended and woken again since it was queued: a new
// wake delivers nothing before its HandleEventsForBackgroundURL has
// returned (R-D2).
func (b *bgSession) deliverNext(so *sessionObj) {
	if !b.deliverable() || b.conn != so || b.events.len() == 0 {
		return
	}
	b.current = b.pop()
	b.inFlight, b.delivering = true, true
	b.deliver(so, b.current)
}

// delivered ends the delivery item once the delegate method and the work
// it asked for are over: the daemon cleans up after it and sends the next
// event.
func (b *bgSession) delivered() {
	e, was := b.current, b.delivering
	b.pumping, b.inFlight, b.delivering, b.current = false, false, false, sessionEvent{}
	if was {
		b.afterDelivery(e, false)
	}
	b.pump()
}

func (b *bgSession) deliver(so *sessionObj, e sessionEvent) {
	s := b.d.s
	t := so.taskObj(e.t)
	switch e.kind {
	case evFinishDownloading:
		so.callback(&callbackEvent{cb: CbDidFinishDownloading, task: e.t.id, desc: so.descOf(e.t), detail: e.location, bytes: e.t.got, rule: b.deliveryRule(so, e)})
		so.delegate.DidFinishDownloading(so, t, e.location)
	case evReceiveData:
		so.deliverData(t, e)
	case evComplete:
		ev := callbackEvent{cb: CbDidCompleteWithError, task: e.t.id, desc: so.descOf(e.t), rule: b.deliveryRule(so, e), detail: completedDetail(e.t)}
		if err := e.err(); err != nil {
			ev.code, ev.detail = int(err.Code), err.Error()
		}
		so.callback(&ev)
		so.delegate.DidCompleteWithError(so, t, e.err())
	case evChallenge:
		so.callback(&callbackEvent{cb: CbDidReceiveChallenge, task: e.t.id, detail: e.ch.challenge.Method, rule: RuleS5})
		replied := false
		so.delegate.DidReceiveChallenge(so, t, e.ch.challenge, func(disp appmodel.Disposition, cred *appmodel.Credential) {
			if !s.fromApp(so.p, "the challenge completion handler") {
				return // outside.go: another goroutine, or an ended process
			}
			if replied {
				s.violate(so.p, RuleS5, "challenge completion handler called twice")
				return
			}
			replied = true
			ok := disp == appmodel.UseCredential && cred != nil && !cred.ClientCertificate
			s.emit(Event{Actor: ActorApp, Kind: KindChallengeReply, Session: b.id, Task: e.t.id, Detail: challengeAnswer(disp, ok)})
			e.ch.reply(ok)
		})
	}
}

// deliveryRule is the rule a delivered event is traced with: the order of
// a background relaunch during a wake (R-D2); outside one, the events
// that waited for the app: the cancellations of a force-quit (R-E3) and
// the system's other cancellations (R-E4), the rest as the session
// object's backlog says (R-I3 for the session the app recreated, R-I4 for
// the existing session of the suspended app the user brought back). A
// task that ends while the app runs keeps R-D2's order:
// DidFinishDownloading, then DidCompleteWithError.
func (b *bgSession) deliveryRule(so *sessionObj, e sessionEvent) Rule {
	if b.wake != nil || so.backlog == backlogNone {
		return RuleD2
	}
	if err := e.err(); err != nil && err.HasReason {
		if err.Reason == appmodel.ReasonUserForceQuit {
			return RuleE3
		}
		return RuleE4 // Background App Refresh off, or the system short of resources
	}
	if so.backlog == backlogResumed {
		return RuleI4
	}
	return RuleI3
}

func challengeAnswer(d appmodel.Disposition, ok bool) string {
	switch {
	case ok:
		return "answered with a credential"
	case d == appmodel.UseCredential:
		return "no usable credential"
	case d == appmodel.PerformDefaultHandling:
		return "default handling: no credential"
	}
	return "challenge cancelled"
}

// afterDelivery is the daemon's cleanup once a delegate method returned,
// or its process died in it (died): the downloaded file is deleted (R-D6).
func (b *bgSession) afterDelivery(e sessionEvent, died bool) {
	if e.kind != evFinishDownloading {
		return
	}
	s := b.d.s
	if s.files.Exists(e.location) {
		_ = s.files.Remove(e.location)
		why := ": DidFinishDownloading returned without moving it"
		if died {
			why = ": the app died in DidFinishDownloading before moving it"
		}
		s.emitEvent(&Event{Actor: ActorDaemon, Kind: KindFile, Session: b.id, Task: e.t.id,
			Detail: "deleted " + e.location + why, Rule: RuleD6}, nil)
	}
}

// finishEvents sends DidFinishEventsForBackgroundSession once per wake,
// on the delegate queue, after the last queued event (R-D3).
func (b *bgSession) finishEvents() {
	w := b.wake
	if w == nil || w.phase != WakeDelivering || b.conn == nil {
		return
	}
	w.move(WakeFinishing)
	// Until its item runs the wake stays WakeFinishing, which only that
	// item takes back to WakeDelivering: no second one is queued meanwhile.
	w.finishTo = b.conn
	b.conn.queue.push(queueItem{code: (*finishEventsItem)(w)})
}

// finishEventsItem is the queue item of a wake's
// DidFinishEventsForBackgroundSession (finishEvents), on the delegate
// queue of its finishTo.
type finishEventsItem wake

func (f *finishEventsItem) run(*queue) {
	w := (*wake)(f)
	b, so := w.b, w.finishTo
	if b.events.len() > 0 {
		// Events came in after this was queued: they go first, and
		// pump sends this again once they are delivered (R-D3).
		if b.wake == w && w.phase == WakeFinishing {
			w.move(WakeDelivering)
		}
		return
	}
	so.callback(&callbackEvent{cb: CbDidFinishEventsForBackgroundSession, rule: RuleD3})
	so.delegate.DidFinishEventsForBackgroundSession(so)
}

func (*finishEventsItem) over(*queue) {}

// sendResumed tells the app a download made from resume data continues
// where it stopped (R-G1).
func (b *bgSession) sendResumed(t *dtask) {
	so := b.conn
	if so == nil || !so.p.runnable() {
		return
	}
	offset, total := t.base, t.expected
	t.reported = offset
	so.queue.async(func() {
		so.callback(&callbackEvent{cb: CbDidResume, task: t.id, bytes: offset, expected: total, rule: RuleG1})
		so.delegate.DidResume(so, so.taskObj(t), offset, total)
	})
}
