package explore

import (
	"fmt"
	"strings"
	"time"

	"github.com/bgsim/bgsim/appmodel"
)

// The chaos app's keys in Defaults: it persists which downloads it started
// and where each one stands, since a relaunch is a new process (R-L6).
const chaosKeyStarted = "chaos.started"

func chaosKeyDownload(i int) string { return fmt.Sprintf("chaos.download.%d", i) }

// chaosDescription is the TaskDescription of download i: the daemon keeps
// it across relaunches, so a new process can tell what a task is for.
func chaosDescription(d ChaosDownload) string {
	return fmt.Sprintf("download-%d@%s", d.Index, d.Session)
}

func parseChaosDescription(desc string) (int, string, bool) {
	rest, ok := strings.CutPrefix(desc, "download-")
	if !ok {
		return 0, "", false
	}
	num, sess, ok := strings.Cut(rest, "@")
	if !ok {
		return 0, "", false
	}
	var i int
	if _, err := fmt.Sscanf(num, "%d", &i); err != nil {
		return 0, "", false
	}
	return i, sess, true
}

// chaosApp is an app that does everything right: it persists what it
// started, recreates its sessions at every launch (R-I3), keeps each
// completion handler and calls it on the main thread after
// DidFinishEventsForBackgroundSession (R-D3, R-D4), moves every file
// before DidFinishDownloading returns (R-D6), and restarts a download that
// was cancelled (from its resume data, R-G1) or answered with an HTTP
// error.
type chaosApp struct {
	appmodel.AppDelegateBase
	plan     *chaosPlan
	view     *ChaosAppView
	app      appmodel.App
	sessions map[string]appmodel.Session
	handlers map[string]func()
}

func (a *chaosApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a.app = app
	if app.Defaults().Bool(chaosKeyStarted) {
		for _, s := range a.plan.sessions {
			a.session(s.Identifier)
		}
	}
}

func (a *chaosApp) OnActivated(app appmodel.App) {
	a.app = app
	if app.Defaults().Bool(chaosKeyStarted) {
		return
	}
	app.Defaults().SetBool(chaosKeyStarted, true)
	for _, d := range a.plan.downloads {
		a.startDownload(d, nil)
	}
	app.UpdateUI(fmt.Sprintf("started %d downloads", len(a.plan.downloads)))
}

func (a *chaosApp) HandleEventsForBackgroundURL(app appmodel.App, id string, completionHandler func()) {
	a.app = app
	if a.handlers == nil {
		a.handlers = map[string]func(){}
	}
	a.handlers[id] = completionHandler
	a.session(id)
}

// session returns the process's session object for id, making it (and so
// reconnecting to the daemon's session) on first use.
func (a *chaosApp) session(id string) appmodel.Session {
	if s, ok := a.sessions[id]; ok {
		return s
	}
	if a.sessions == nil {
		a.sessions = map[string]appmodel.Session{}
	}
	cfg := appmodel.BackgroundSessionConfig(id)
	for _, s := range a.plan.sessions {
		if s.Identifier == id {
			cfg.AllowsCellularAccess = s.AllowsCellular
		}
	}
	s := a.app.NewSession(cfg, &chaosDelegate{a: a, id: id})
	a.sessions[id] = s
	return s
}

func (a *chaosApp) startDownload(d ChaosDownload, resume *appmodel.ResumeData) {
	s := a.session(d.Session)
	var t appmodel.Task
	if resume != nil {
		t = s.DownloadTaskWithResumeData(resume)
	} else {
		t = s.DownloadTask(appmodel.Request{URL: d.URL})
	}
	t.SetTaskDescription(chaosDescription(d))
	a.app.Defaults().SetString(chaosKeyDownload(d.Index), "running")
	a.view.Created++
	t.Resume()
}

// chaosDelegate is the delegate of one session, made for identifier id.
type chaosDelegate struct {
	appmodel.SessionDelegateBase
	a  *chaosApp
	id string
}

// identify finds the download a delivered task is for, and records a
// delivery to a session object or delegate the task does not belong to.
func (d *chaosDelegate) identify(s appmodel.Session, t appmodel.Task, what string) (ChaosDownload, bool) {
	i, owner, ok := parseChaosDescription(t.TaskDescription())
	key := ChaosTaskKey{s.Identifier(), t.ID()}
	switch {
	case !ok || i < 0 || i >= len(d.a.plan.downloads):
		d.a.view.Wrong = append(d.a.view.Wrong, fmt.Sprintf("%s of task %s: unknown description %q", what, key, t.TaskDescription()))
		return ChaosDownload{}, false
	case s.Identifier() != d.id:
		d.a.view.Wrong = append(d.a.view.Wrong, fmt.Sprintf("%s of task %s: session object %s, delegate made for %s", what, key, s.Identifier(), d.id))
	case owner != d.id:
		d.a.view.Wrong = append(d.a.view.Wrong, fmt.Sprintf("%s of task %s (%s): delivered to the delegate of %s", what, key, t.TaskDescription(), d.id))
	}
	return d.a.plan.downloads[i], true
}

func status(t appmodel.Task) string {
	if r := t.Response(); r != nil {
		return fmt.Sprint(r.StatusCode)
	}
	return "nothing"
}

func success(t appmodel.Task) bool {
	r := t.Response()
	return r != nil && r.StatusCode >= 200 && r.StatusCode < 300
}

// DidWriteData saves the progress, which keeps the delegate queue busy a
// little: events queued behind it wait, a window for a kill or a
// suspension between queueing an event and delivering it.
func (d *chaosDelegate) DidWriteData(appmodel.Session, appmodel.Task, int64, int64, int64) {
	d.a.app.Work(20*time.Millisecond, func() {})
}

func (d *chaosDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	a := d.a
	d.a.view.Finishes[ChaosTaskKey{s.Identifier(), t.ID()}]++
	dl, ok := d.identify(s, t, "DidFinishDownloading")
	if !ok {
		return
	}
	if !success(t) {
		a.app.Log("download %d: the server answered %s; not keeping the body", dl.Index, status(t))
		return
	}
	if err := a.app.Files().Rename(location, dl.Path); err != nil {
		a.view.MoveErrors = append(a.view.MoveErrors, fmt.Sprintf("download %d (task %d): %v", dl.Index, t.ID(), err))
		a.app.Log("could not move download %d: %v", dl.Index, err)
		return
	}
	a.app.Defaults().SetString(chaosKeyDownload(dl.Index), "moved")
	// Then it checks the file, which takes a while: the delegate queue
	// stays busy, a window for a kill or a suspension mid-delivery.
	a.app.Work(chaosWork(dl.Index), func() { a.app.Log("download %d checked", dl.Index) })
}

// chaosWork is how long the app works on download i in a delegate
// callback, after it has done what must not be lost.
func chaosWork(i int) time.Duration { return time.Duration(50+150*(i%4)) * time.Millisecond }

func (d *chaosDelegate) DidCompleteWithError(s appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	a := d.a
	a.view.Completions[ChaosTaskKey{s.Identifier(), t.ID()}]++
	a.view.completions++
	dl, ok := d.identify(s, t, "DidCompleteWithError")
	if !ok {
		return
	}
	restarts := fmt.Sprintf("chaos.restarts.%d", dl.Index)
	switch {
	case err == nil && success(t):
		a.finish(dl.Index, "done")
	case (err == nil || err.Code == appmodel.ErrCancelled) && a.app.Defaults().Int(restarts) < chaosMaxRestarts:
		a.app.Defaults().SetInt(restarts, a.app.Defaults().Int(restarts)+1)
		var resume *appmodel.ResumeData
		if err != nil {
			resume = err.ResumeData
		}
		a.app.Log("download %d: restarting (resume data: %t)", dl.Index, resume != nil)
		a.startDownload(dl, resume)
	case err == nil:
		a.finish(dl.Index, "failed: HTTP "+status(t))
	default:
		a.finish(dl.Index, "failed: "+err.Error())
	}
	a.app.Work(chaosWork(dl.Index+1), func() { a.app.Log("download %d: bookkeeping done", dl.Index) })
}

func (a *chaosApp) finish(i int, state string) {
	a.app.Defaults().SetString(chaosKeyDownload(i), state)
	a.view.Final[i] = state
}

func (d *chaosDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	a := d.a
	h := a.handlers[d.id]
	delete(a.handlers, d.id)
	if h == nil {
		a.app.Log("DidFinishEventsForBackgroundSession %s: no completion handler kept", d.id)
		return
	}
	app := a.app
	app.InvokeOnMainThread(func() {
		app.UpdateUI("shows the downloads of " + d.id)
		h()
	})
}
