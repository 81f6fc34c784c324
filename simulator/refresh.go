package simulator

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
)

// BackgroundAppRefresh reports whether Background App Refresh is on for
// the app (it is at T+0).
func (s *Sim) BackgroundAppRefresh() bool { return !s.refreshOff }

// SetBackgroundAppRefresh is the user switching Background App Refresh on
// or off for the app in Settings. Switching it off cancels every
// background transfer of the app: -999 with reason
// backgroundUpdatesDisabled (1), with resume data where the download
// allows it (R-E4). Like a force-quit's, these cancellations never wake
// the app (bgsim's choice): a process hears of them once it recreates the
// session. Tasks made while it is off run as with it on: the rules do not
// say what iOS does with them.
func (s *Sim) SetBackgroundAppRefresh(on bool) error {
	if on == !s.refreshOff {
		return nil
	}
	s.refreshOff = !on
	s.emit(Event{Actor: ActorUser, Kind: KindUserAction, Rule: RuleE4,
		Detail: fmt.Sprintf("switches Background App Refresh %s for the app", map[bool]string{true: "on", false: "off"}[on])})
	if on {
		return s.settle(nil)
	}
	d := s.daemon
	for _, b := range d.sessions {
		for _, t := range b.tasks {
			if t.phase == phaseDone || t.phase == phaseCreated {
				continue
			}
			d.stopAttempt(t)
			err := &appmodel.URLError{Code: appmodel.ErrCancelled, HasReason: true, Reason: appmodel.ReasonBackgroundUpdatesDisabled,
				ResumeData: d.resumeData(t), Message: "the user switched Background App Refresh off"}
			d.completeRule(t, err, "", RuleE4)
		}
	}
	return s.settle(nil)
}
