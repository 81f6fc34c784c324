package simulator

import "github.com/bgsim/bgsim/appmodel"

// blockedByForceQuit: the user force-quit the app and has not launched it
// since, so nothing launches or resumes it in the background (R-E3).
func (d *daemon) blockedByForceQuit() bool { return d.rare != nil && d.rare.forceQuit }

// forceQuit is the daemon's answer to the user swiping the app away: every
// task of the app's background sessions (not those of an extension that
// still runs) is cancelled with -999, reason userForceQuit, with resume
// data where the download allows it, and the app gets no launch events
// until the user launches it again (R-E3). The cancellations are
// delivered once a new process recreates the session.
func (d *daemon) forceQuit() {
	d.rarely().forceQuit = true
	for _, b := range d.sessions {
		if b.heldByExtension() {
			continue // R-X1: a running extension's session is its own process's
		}
		for _, t := range b.tasks {
			if t.phase == phaseDone || t.phase == phaseCreated {
				continue
			}
			d.stopAttempt(t)
			err := &appmodel.URLError{Code: appmodel.ErrCancelled, HasReason: true, Reason: appmodel.ReasonUserForceQuit,
				ResumeData: d.resumeData(t), Message: "the user force-quit the app"}
			d.completeRule(t, err, "", RuleE3)
		}
	}
}
