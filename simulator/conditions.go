package simulator

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// waitsForRelaunchDelay is why a task made in the background waits (R-R1).
const waitsForRelaunchDelay = "was created in the background: waits for the relaunch delay"

// blocker says why t may not start now, if anything stops it: the rule,
// and the time it will be allowed if that is known (zero if it waits for
// a change of conditions instead).
func (d *daemon) blocker(t *dtask) (why string, rule Rule, until time.Time) {
	now := d.s.clock.Now()
	link := d.net.Link()
	switch {
	case t.peek().earliest.After(now):
		return "waits for its EarliestBeginDate", RuleS7, t.peek().earliest
	case t.peek().notBefore.After(now):
		return "starts late: this device holds background-session transfers started in the foreground", RuleS12, t.peek().notBefore
	case t.createdInBackground && d.limiter.next > d.s.clock.Elapsed():
		return waitsForRelaunchDelay, RuleR1, d.s.cfg.Start.Add(d.limiter.next)
	case link.Kind == fakes.Offline:
		return "waits for connectivity", RuleS9, time.Time{}
	case link.Kind == fakes.Cellular && !t.sess.cfg.AllowsCellularAccess:
		return "waits for Wi-Fi: the session does not allow cellular access", RuleS9, time.Time{}
	case d.discretionary(t) && !d.goodForDiscretionary():
		return "is discretionary: waits for Wi-Fi and power", RuleS6, time.Time{}
	}
	return "", "", time.Time{}
}

// discretionary: the session asks for it (honoured for transfers started
// in the foreground), or the task was made in the background, which makes
// it discretionary whatever the session says (R-S6).
func (d *daemon) discretionary(t *dtask) bool {
	return t.sess.cfg.Discretionary || t.createdInBackground
}

// goodForDiscretionary: Wi-Fi, and power as Config.DiscretionaryPower
// demands (R-S6).
func (d *daemon) goodForDiscretionary() bool {
	pw := d.s.power
	if d.net.Link().Kind != fakes.WiFi || pw.LowPowerMode {
		return false
	}
	return pw.Charging || d.s.cfg.DiscretionaryPower == PowerAnyLevel ||
		(d.s.cfg.DiscretionaryPower == PowerChargingOrAbove && pw.Battery >= d.s.cfg.DiscretionaryBattery)
}

// startOrWait starts t if nothing stops it, or parks it until something
// changes or a known time comes. A background session never fails for
// being offline: it waits (R-S9).
func (d *daemon) startOrWait(t *dtask) {
	if t.phase == phaseDone {
		return
	}
	why, rule, until := d.blocker(t)
	if why == "" {
		if t.delayed {
			d.delayedReady(t)
			return
		}
		d.startTransfer(t)
		return
	}
	d.park(t, why, rule)
	if !until.IsZero() {
		m := t.rare()
		if m.waitTimer.Pending() {
			m.waitTimer.Stop()
		}
		m.waitTimer = d.s.clock.Schedule(until, func() {
			m.waitTimer = fakes.Timer{}
			if t.phase == phaseWaiting {
				d.startOrWait(t)
			}
		})
	}
}

// park makes t wait, tracing why whenever the reason changes.
func (d *daemon) park(t *dtask, why string, rule Rule) {
	if t.phase != phaseWaiting {
		t.sess.setPhase(t, phaseWaiting)
	}
	code := d.waitReason(why)
	if t.waitWhy == code {
		return
	}
	t.waitWhy = code
	d.s.emit(Event{Actor: ActorDaemon, Kind: KindTaskWait, Session: t.sess.id, Task: t.id, Detail: why, Rule: rule})
}

// conditionsChanged re-examines every waiting task: the link, the power or
// the clock moved on.
func (d *daemon) conditionsChanged() {
	for _, b := range d.sessions {
		for _, t := range b.tasks {
			if t.phase == phaseWaiting {
				d.startOrWait(t)
			}
		}
	}
}

// delayedReady: a task's EarliestBeginDate has passed. A running app with
// the session connected is asked through WillBeginDelayedRequest whether to
// continue, cancel, or use a new request (R-S7); otherwise the daemon
// continues with the original request.
func (d *daemon) delayedReady(t *dtask) {
	t.delayed = false
	b := t.sess
	so := b.conn
	if so == nil || !so.p.runnable() {
		d.startTransfer(t)
		return
	}
	d.park(t, "is ready: asking the app whether to go on", RuleS7)
	t.rare().askedIn = so.p
	so.queue.async(func() {
		so.callback(&callbackEvent{cb: CbWillBeginDelayedRequest, task: t.id, rule: RuleS7})
		answered := false
		so.delegate.WillBeginDelayedRequest(so, so.taskObj(t), func(disp appmodel.DelayedDisposition, req *appmodel.Request) {
			if !d.s.fromApp(so.p, "the delayed-request completion handler") {
				return // outside.go: another goroutine, or an ended process
			}
			if answered || t.phase == phaseDone || t.peek().askedIn != so.p {
				return
			}
			answered, t.rare().askedIn = true, nil
			switch {
			case disp == appmodel.CancelDelayedRequest:
				d.cancel(t, false)
			case disp == appmodel.UseNewRequest && req != nil && !validScheme(req.URL):
				d.fail(t, &appmodel.URLError{Code: appmodel.ErrUnsupportedURL, // R-S3
					Message: "background sessions support only http and https: " + req.URL}, RuleS3)
			case disp == appmodel.UseNewRequest && req != nil:
				d.s.emit(Event{Actor: ActorApp, Kind: KindSystem, Session: b.id, Task: t.id, Rule: RuleS7,
					Detail: fmt.Sprintf("task %d continues with a new request: %s", t.id, req.URL)})
				t.req = *req
				d.startOrWait(t)
			default:
				d.startOrWait(t)
			}
		})
	})
}

// offCellular stops the transfers of the sessions that do not allow
// cellular access when the link turns cellular: they keep what they
// received, where resumable (R-G1), and wait for Wi-Fi (R-S9).
func (d *daemon) offCellular() {
	for _, b := range d.sessions {
		if b.cfg.AllowsCellularAccess {
			continue
		}
		for _, t := range b.tasks {
			if t.phase == phaseTransferring {
				d.suspend(t)
				d.startOrWait(t)
			}
		}
	}
}

// questionsLost: the process asked WillBeginDelayedRequest ended before it
// answered; the daemon goes on with the original request, as it does when
// no app runs to be asked (R-S7).
func (d *daemon) questionsLost(p *process) {
	for _, b := range d.sessions {
		for _, t := range b.tasks {
			if t.peek().askedIn == p {
				t.rare().askedIn = nil
				if t.phase == phaseWaiting {
					d.startOrWait(t)
				}
			}
		}
	}
}

// foregroundStart holds a transfer the app starts in the foreground for
// ForegroundStartDelay, as some devices were seen to do (R-S12).
func (d *daemon) foregroundStart(t *dtask) {
	st := d.s.state
	if d.s.cfg.ForegroundStartDelay > 0 && (st == active || st == inactive) {
		t.rare().notBefore = d.s.clock.Now().Add(d.s.cfg.ForegroundStartDelay)
	}
}
