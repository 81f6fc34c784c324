package simulator

import (
	"strconv"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// daemon is nsurlsessiond: it owns the app's background sessions and their
// transfers, independently of the app's process (R-S1). It outlives every
// process; a process only connects to a session by making a session object
// with the same identifier (R-I3).
type daemon struct {
	s        *Sim
	net      *fakes.Network
	sessions []*bgSession // in creation order, for a stable trace
	// sessions0 is sessions' first array: nearly every app has one
	// background session.
	sessions0 [1]*bgSession
	limiter   relaunchLimiter
	// jitter draws the undocumented timings from the seed under
	// Config.Jitter; nil, they are fixed (most runs: 48 bytes fewer).
	jitter *jitter
	rare   *daemonRare
}

// daemonRare is the part of a daemon that most runs never use (a
// walkthrough does not), made on first use (daemon.rarely). Inline, with
// the jitter's streams, they took every Sim, which holds its daemon, into
// the 2,688-byte size class (TestSimSizeClass).
type daemonRare struct {
	partials []partial // bytes kept for resume data, by name (R-G1)
	// heldElsewhere lists the identifiers another process holds (R-I2).
	heldElsewhere []string
	// waitReasons are the reasons a task waits, as traced; a task keeps
	// the index of its last one plus one (waitReason).
	waitReasons []string
	// deferred is the timer of a wake the relaunch rate limiter deferred
	// (R-R1, deferWake).
	deferred fakes.Timer
	// foregroundOnly: a data task or an upload from memory was made, which
	// fail once the app leaves the foreground or stops (R-S2). Until one
	// is, there is nothing to fail: the walkthrough's every suspension and
	// move to the background looked at each task for them (about 230
	// instructions a run).
	foregroundOnly bool
	// zeros is the buffer a data task's progress hands to DidReceiveData
	// (sessionObj.receiveData).
	zeros []byte
	// forceQuit: the user force-quit the app and has not launched it
	// since: no session wakes it, those of its extensions made after the
	// force-quit included, for the block is the app's, not a session's
	// (R-E3).
	forceQuit bool
}

// rarely is the daemon's rarely used part, made if it was not yet: for
// writing. Readers check d.rare for nil instead, so that reading makes
// nothing.
func (d *daemon) rarely() *daemonRare {
	if d.rare == nil {
		d.rare = new(daemonRare)
	}
	return d.rare
}

// waitReason is the code of why: its index in waitReasons plus one. The
// reasons are a handful of fixed sentences, so a task keeps a byte rather
// than a string.
func (d *daemon) waitReason(why string) uint8 {
	r := d.rarely()
	for i, w := range r.waitReasons {
		if w == why {
			return uint8(i + 1)
		}
	}
	if len(r.waitReasons) == 255 {
		return 255 // never met: the reasons are fixed; the last code is shared
	}
	r.waitReasons = append(r.waitReasons, why)
	return uint8(len(r.waitReasons))
}

// init readies d, the daemon of s, part of it and still zero.
func (d *daemon) init(s *Sim) {
	link := s.cfg.Link
	if s.cfg.StartOffline {
		link = fakes.Link{Kind: fakes.Offline}
	}
	// d is part of a Sim just made, zero: its fields are set one by one,
	// not as a literal of the whole daemon copied over it, and the jitter's
	// streams only if it has any (a Config passed by value is 280 bytes).
	d.s, d.net = s, s.parts.network.Reset(s.clock, link) // Init, for a new Sim's zero network
	if s.cfg.Jitter {
		d.jitter = newJitter(s.cfg.Seed)
	}
	d.net.OnLinkChangeListener(s.boundLinkChanged())
}

// session finds the background session with identifier id.
func (d *daemon) session(id string) *bgSession {
	for _, b := range d.sessions {
		if b.id == id {
			return b
		}
	}
	return nil
}

// taskDesc is the TaskDescription of task id of session sid, "" if it has
// none or no longer exists.
func (d *daemon) taskDesc(sid string, id int) string {
	if b := d.session(sid); b != nil {
		if t := b.task(id); t != nil {
			return t.desc
		}
	}
	return ""
}

// descOf is the Desc of an event about task t that names t's session:
// what emit would look up (taskDesc of t.sess.id and t.id: the task of the
// first session with that identifier), t's own when its session is the
// first the daemon lists (nearly always: most apps have one), without the
// search. A walkthrough's events about its task looked it up six times
// that way, about 40 instructions each.
func (d *daemon) descOf(t *dtask) string {
	if len(d.sessions) > 0 && d.sessions[0] == t.sess {
		return t.desc
	}
	return d.taskDesc(t.sess.id, t.id)
}

// sessionFor finds or creates the background session with cfg's
// identifier, and reports whether it created it.
func (d *daemon) sessionFor(cfg *appmodel.SessionConfig) (*bgSession, bool) {
	if b := d.session(cfg.Identifier); b != nil {
		b.cfg = *cfg
		return b, false
	}
	b := d.s.newBGSession() // a spare of an earlier run's (Sim.Reset), or new
	b.d, b.id, b.cfg = d, cfg.Identifier, *cfg
	b.events.entries.startWith(b.events0[:])
	b.deadlines.first.entries.startWith(b.deadlines0[:])
	b.idles.first.entries.startWith(b.idles0[:])
	if d.sessions == nil {
		d.sessions = d.sessions0[:0]
	}
	d.sessions = append(d.sessions, b)
	return b, true
}

// appRunnable is called when the app starts running code: events and
// progress can flow to connected sessions again (R-E1).
func (d *daemon) appRunnable() {
	for _, b := range d.sessions {
		b.pump()
		b.armProgress()
	}
}

// appSuspended is called when the app is suspended: sessions with events
// waiting may now need to wake it (R-S5).
func (d *daemon) appSuspended() {
	d.appStopped()
	for _, b := range d.sessions {
		b.maybeWake()
	}
}

// processEnded disconnects the ended process's session objects. The
// transfers go on (R-S1, R-E2, R-E5); a force-quit cancels them (R-E3).
func (d *daemon) processEnded(p *process, reason TerminationReason) {
	for _, b := range d.sessions {
		if b.heldByExtension() {
			continue // R-X1: another process's session
		}
		if b.conn != nil && b.conn.p == p {
			b.conn = nil
		}
		if b.inFlight && b.current.kind == evFinishDownloading {
			b.afterDelivery(b.current, true) // R-D6: the file goes whether the method returned or the app died in it
		}
		b.pumping, b.inFlight = false, false
		b.processEndedWake(p)
	}
	d.appStopped()
	d.questionsLost(p) // R-S7
	if reason == TermUserForceQuit {
		d.forceQuit()
	}
	for _, b := range d.sessions {
		b.maybeWake()
	}
}

// userLaunched is called when the user brings the app to the foreground.
// The relaunch delay resets (R-R1): the tasks made in the background that
// waited for it may start. A background launch still under way is
// abandoned: the events go to the app the user opened, as soon as it
// recreates its session (R-I3).
func (d *daemon) userLaunched() {
	d.limiter.reset("the user brought the app to the foreground")
	if d.rare != nil {
		d.rare.forceQuit = false // R-E3: the user's launch lifts the block
	}
	var requested [4]*bgSession
	abandoned := requested[:0]
	for _, b := range d.sessions {
		if w := b.wake; w != nil && w.phase == WakeRequested && w.p == nil {
			abandoned = append(abandoned, b)
		}
		if so := b.conn; so != nil && so.p == d.s.proc && b.wake == nil && b.events.len() > 0 && so.backlog == backlogNone {
			so.backlog = backlogResumed // what waited while the app was suspended (deliveryRule)
		}
	}
	abandon(abandoned)
	d.relaunchDelayReset()
}

// relaunchDelayReset re-examines the tasks that wait for the relaunch
// delay, which just reset (R-R1).
func (d *daemon) relaunchDelayReset() {
	r := d.rare
	if r == nil {
		return // no task ever waited
	}
	for _, b := range d.sessions {
		for _, t := range b.tasks {
			if t.phase == phaseWaiting && t.waitWhy != 0 && int(t.waitWhy) <= len(r.waitReasons) &&
				r.waitReasons[t.waitWhy-1] == waitsForRelaunchDelay {
				d.startOrWait(t)
			}
		}
	}
}

// linkChanged restarts the transfers that waited for connectivity (R-S9).
func (d *daemon) linkChanged(old, cur fakes.Link) {
	d.s.emit(Event{Actor: ActorNetwork, Kind: KindLink, From: linkString(old), To: linkString(cur)})
	if cur.Kind == fakes.Offline {
		return
	}
	if cur.Bandwidth <= 0 {
		d.linkStilled() // R-S8: nothing moves, the request timeouts run
	}
	if cur.Kind == fakes.Cellular {
		d.offCellular()
	}
	d.conditionsChanged()
}

func linkString(l fakes.Link) string {
	if l.Kind == fakes.Offline {
		return "offline"
	}
	return l.Kind.String() + " " + formatRate(l.Bandwidth) + " " + l.Latency.String()
}

func formatRate(bps int64) string {
	switch {
	case bps >= 1_000_000:
		return strconv.FormatFloat(float64(bps)/1e6, 'f', -1, 64) + " MB/s"
	case bps >= 1000:
		return strconv.FormatFloat(float64(bps)/1e3, 'f', -1, 64) + " kB/s"
	}
	return strconv.FormatInt(bps, 10) + " B/s"
}

func (d *daemon) removeSession(b *bgSession) {
	for i, x := range d.sessions {
		if x == b {
			d.sessions = append(d.sessions[:i], d.sessions[i+1:]...)
			return
		}
	}
}

// appLeftForeground fails the uploads from memory: a background session
// cannot keep their bodies once the app is in the background (R-S2).
func (d *daemon) appLeftForeground() {
	d.failForegroundOnly(nil, func(t *dtask) bool { return t.fromMemory }, "uploads from memory fail once the app leaves the foreground")
}

// appStopped fails the data tasks, which live in the app's process: once
// it is suspended or gone they fail with -997 (R-S2).
func (d *daemon) appStopped() {
	d.failForegroundOnly(nil, (*dtask).foregroundOnly,
		"data tasks fail once the app is suspended")
}

// failForegroundOnly fails with -997 the tasks match picks among those
// that live in the process ext, an extension, or, ext nil, in the app's:
// a running extension's tasks are its own, whatever the app does, and
// go with it (R-S2, R-X1).
func (d *daemon) failForegroundOnly(ext *process, match func(*dtask) bool, why string) {
	if d.rare == nil || !d.rare.foregroundOnly {
		return
	}
	for _, b := range d.sessions {
		if ext == nil && b.heldByExtension() || ext != nil && (b.conn == nil || b.conn.p != ext) {
			continue
		}
		for _, t := range b.tasks {
			if t.phase != phaseDone && t.phase != phaseCreated && match(t) {
				d.fail(t, &appmodel.URLError{Code: appmodel.ErrBackgroundSessionWasDisconnected, Message: why}, RuleS2)
			}
		}
	}
}

// foregroundOnly reports whether t lives in the app's process rather than
// the daemon: a data task or an upload from memory. It fails with -997 once
// the app stops, and its events never wake the app (R-S2).
func (t *dtask) foregroundOnly() bool { return t.kind() == appmodel.DataKind || t.fromMemory }
