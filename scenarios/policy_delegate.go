package scenarios

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// policyDelegate is a policy app's session delegate for one session.
type policyDelegate struct {
	appmodel.SessionDelegateBase
	a  *policyApp
	id string // the declared identifier
}

// DidWriteData shows progress, where the policy updates the UI (R-D5).
func (d *policyDelegate) DidWriteData(_ appmodel.Session, _ appmodel.Task, _, total, expected int64) {
	if d.a.p.Progress != nil && !*d.a.p.Progress {
		return
	}
	d.a.ui("progress " + percentOf(total, expected))
}

// DidReceiveData shows a data task's progress as DidWriteData shows a
// download's: a data task's body arrives as data, not in a file (R-G3).
func (d *policyDelegate) DidReceiveData(_ appmodel.Session, t appmodel.Task, _ []byte) {
	if t.Kind() != appmodel.DataKind || d.a.p.Progress != nil && !*d.a.p.Progress {
		return
	}
	d.a.ui("progress " + percentOf(t.BytesReceived(), t.BytesExpectedToReceive()))
}

func percentOf(n, of int64) string {
	if of <= 0 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%d%%", n*100/of)
}

// DidFinishDownloading does what the policy says with the file: moving it
// before returning is the only way to keep it (R-D6).
func (d *policyDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	a := d.a
	app := a.app
	a.spend(simulator.CbDidFinishDownloading, func() {
		pt, ok := a.taskFor(s, t)
		if !ok {
			app.Log("DidFinishDownloading: task %d (%q) matches no download I know of; dropping the file", t.ID(), t.TaskDescription())
			return
		}
		dest := a.file(pt)
		move := func() {
			if _, err := app.Files().Open(location); err != nil {
				app.Log("could not read the download: %v", err)
				return
			}
			if app.Files().Rename(location, dest) == nil {
				a.moved[s.Identifier()]++
			}
		}
		switch a.p.DownloadedFile {
		case "read-on-other-queue":
			app.DispatchBackground(move)
		case "read-later":
			app.InvokeOnMainThread(move)
		case "ignore":
			app.Log("DidFinishDownloading: leaving the file where it is")
		default:
			if err := app.Files().Rename(location, dest); err != nil {
				app.Log("could not move the download: %v", err)
				return
			}
			saved := dest
			if a.p.Paths == "absolute" {
				saved = app.Files().HomeDirectory() + dest // M14: breaks when the container moves (R-L9)
			}
			app.Defaults().SetString(policyKeyPath+pt.Name, saved)
			app.Defaults().SetInt(policyKeyDone, app.Defaults().Int(policyKeyDone)+1)
			a.moved[s.Identifier()]++
			app.Log("moved the download to %s", dest)
		}
	})
}

// DidCompleteWithError logs the outcome and starts the tasks that come
// after this one (start: after, M17).
func (d *policyDelegate) DidCompleteWithError(s appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	a := d.a
	app := a.app
	a.spend(simulator.CbDidCompleteWithError, func() {
		if err != nil {
			app.Log("task %d failed: %v", t.ID(), err)
		} else {
			app.Log("task %d complete", t.ID())
		}
		pt, ok := a.taskFor(s, t)
		if !ok || err != nil {
			return
		}
		for i, next := range a.p.Tasks {
			if next.After == pt.Name && !app.Defaults().Bool(policyKeyStarted+next.Name) {
				a.start(i)
			}
		}
	})
}

// DidReceiveChallenge answers as the policy says.
func (d *policyDelegate) DidReceiveChallenge(_ appmodel.Session, _ appmodel.Task, _ appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential)) {
	switch d.a.p.Challenge {
	case "cancel":
		reply(appmodel.CancelAuthenticationChallenge, nil)
	case "default-handling":
		reply(appmodel.PerformDefaultHandling, nil)
	default:
		reply(appmodel.UseCredential, &appmodel.Credential{User: "user", Password: "secret"})
	}
}

// DidFinishEventsForBackgroundSession starts the next wake task (M8),
// then calls the completion handler when and where the policy says
// (R-D3, R-D4, M4, M15).
func (d *policyDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	a := d.a
	app := a.app
	a.spend(simulator.CbDidFinishEventsForBackgroundSession, func() {
		for i, t := range a.p.Tasks {
			if t.trigger() == "wake" && !app.Defaults().Bool(policyKeyStarted+t.Name) {
				a.start(i)
				break
			}
		}
		h := a.handlers[s.Identifier()]
		delete(a.handlers, s.Identifier())
		switch when := a.p.CompletionHandler.When; {
		case h == nil || when == "never":
			app.Log("DidFinishEventsForBackgroundSession: not calling the completion handler")
		case when == "when-no-tasks-remain":
			s.GetAllTasks(func(ts []appmodel.Task) {
				for _, t := range ts {
					if t.State() != appmodel.TaskCompleted {
						app.Log("DidFinishEventsForBackgroundSession: %d task(s) still running; not calling the completion handler", len(ts))
						return
					}
				}
				a.callHandler(s.Identifier(), h, false)
			})
		default:
			a.callHandler(s.Identifier(), h, when == "twice")
		}
	})
}
