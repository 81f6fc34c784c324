package simulator

import (
	"fmt"
)

// keepUnlaunched bounds how long the daemon keeps a finished download's
// file for a session that does not launch the app: after
// TempFileRetentionUnlaunched, if the app has not taken it yet, the file is
// deleted and DidFinishDownloading will name a file that is gone (R-S11).
func (d *daemon) keepUnlaunched(t *dtask, loc string) {
	if t.sess.cfg.SessionSendsLaunchEvents {
		return
	}
	b := t.sess
	d.s.clock.After(d.s.cfg.TempFileRetentionUnlaunched, func() {
		if !d.s.files.Exists(loc) || !b.queuedFile(loc) {
			return
		}
		_ = d.s.files.Remove(loc)
		d.s.emit(Event{Actor: ActorDaemon, Kind: KindFile, Session: b.id, Task: t.id, Rule: RuleS11,
			Detail: fmt.Sprintf("deleted %s: kept %s for a session that does not launch the app, and the app never came for it",
				loc, d.s.cfg.TempFileRetentionUnlaunched)})
	})
}

// queuedFile reports whether a DidFinishDownloading for loc still waits in
// the session's queue.
func (b *bgSession) queuedFile(loc string) bool {
	for e := range b.events.all() {
		if e.kind == evFinishDownloading && e.location == loc {
			return true
		}
	}
	return false
}
