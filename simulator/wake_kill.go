package simulator

import "fmt"

// blocked reports whether the process is stuck in its own code where a
// wake needs it: the main queue or a session's delegate queue is spending
// CPU time (App.Work) right now (R-D8). Work on the global queue does not
// keep events from being delivered.
func (p *process) blocked() bool {
	for _, q := range p.queues {
		if q.name() != QueueGlobal && q.working() {
			return true
		}
	}
	return false
}

// killBlocked is the watchdog ending an app that is still busy in its own
// code when the wake for b ran out of time (R-D8). The events the wake had
// not delivered follow Config.UndeliveredOnKill: dropped, or left queued
// for a later wake. The event the app was stuck in counts as delivered;
// its file goes with the process (R-D6).
func (d *daemon) killBlocked(p *process, b *bgSession) {
	s := d.s
	detail := fmt.Sprintf("the app was still busy in its code when the %s of the wake for session %s ran out",
		s.cfg.CompletionHandlerBudget, b.id)
	if s.cfg.UndeliveredOnKill == UndeliveredDrop {
		for _, x := range d.sessions {
			if x.wake != nil && x.wake.p == p {
				x.dropEvents()
			}
		}
	}
	s.watchdogKill(p, RuleD8, detail)
}

// dropEvents discards the session's queued completion events, deleting
// the files of the downloads among them (R-D8, UndeliveredDrop).
// Challenges stay: their tasks still wait for an answer.
func (b *bgSession) dropEvents() {
	s := b.d.s
	old := b.events.take()
	dropped := 0
	for e := range old.all() {
		if e.kind == evChallenge {
			b.events.push(e)
			continue
		}
		dropped++
		if e.wakes() {
			b.wakers--
		}
		if e.kind == evFinishDownloading && s.files.Exists(e.location) {
			_ = s.files.Remove(e.location)
		}
	}
	if dropped == 0 {
		return
	}
	s.emit(Event{Actor: ActorDaemon, Kind: KindSystem, Session: b.id, Rule: RuleD8,
		Detail: fmt.Sprintf("%d undelivered events of session %s are dropped: the app was killed during their wake", dropped, b.id)})
}
