// Package broken is PhotoSync with three mistakes iOS developers make,
// each marked MISTAKE: it calls the completion handler on the delegate
// queue (M4, R-D3), reads the downloaded manifest after
// DidFinishDownloading returned (M5, R-D6), and fetches the manifest as a
// follow-up request at the background wake (M17, R-R1). Its suite is
// photosync's, word for word, and fails: run it with
//
//	go test -tags broken ./broken
package broken

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// What PhotoSync talks to, and the identifier of its background session.
const (
	SessionID   = "com.example.photosync.transfers"
	UploadURL   = "https://photos.example.com/upload"
	ManifestURL = "https://photos.example.com/manifest.json"
	Photos      = 3
	PhotoSize   = 8_000_000
)

// Serve publishes what PhotoSync talks to on the simulated network: the
// upload endpoint, which answers 201 Created with the photo's id, and the
// manifest.
func Serve(n *fakes.Network) error {
	if err := n.AddUploadEndpoint(UploadURL, fakes.UploadEndpoint{Status: 201, Body: `{"id": 1}`}); err != nil {
		return err
	}
	return n.AddResource(ManifestURL, fakes.Resource{Size: 40_000, ETag: `"m1"`, AcceptRanges: true})
}

// keySession is the user-defaults key of the session identifier while a
// sync is under way: a relaunched process finds it there (R-L6).
const keySession = "sync.session"

// App is PhotoSync's app delegate.
type App struct {
	appmodel.AppDelegateBase
	app     appmodel.App
	session appmodel.Session
	handler func()
}

// New is PhotoSync's factory: a new App for every process.
func New() appmodel.AppDelegate { return &App{} }

// FinishedLaunching reconnects to the session if a sync is under way (R-I3).
func (a *App) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	a.app = app
	if app.Defaults().String(keySession) != "" {
		a.connect()
	}
}

// HandleEventsForBackgroundURL keeps the handler for later (R-D3).
func (a *App) HandleEventsForBackgroundURL(app appmodel.App, _ string, completionHandler func()) {
	a.app, a.handler = app, completionHandler
	if a.session == nil {
		a.connect()
	}
}

func (a *App) connect() {
	a.session = a.app.NewSession(appmodel.BackgroundSessionConfig(SessionID), &delegate{a: a})
}

// SyncNow is the "Sync" button: it saves the photos from the camera into
// files (a background session uploads only from files, R-S2) and uploads
// them.
func (a *App) SyncNow() {
	a.app.Defaults().SetString(keySession, SessionID)
	if a.session == nil {
		a.connect()
	}
	for i := 1; i <= Photos; i++ {
		path := fmt.Sprintf("/Documents/outbox/photo-%d.jpg", i)
		if err := appmodel.WriteFileOfSize(a.app.Files(), path, PhotoSize); err != nil {
			a.app.Log("cannot save photo %d: %v", i, err)
			continue
		}
		a.start(a.session.UploadTask(appmodel.Request{URL: UploadURL, Method: "POST"}, path), fmt.Sprintf("photo-%d", i))
	}
	// MISTAKE (M17): the manifest is fetched once the uploads are done, at
	// the background wake; a task created in the background waits for the
	// relaunch delay and another wake (R-R1).
	a.app.UpdateUI("syncing")
}

// start labels a task (the label survives relaunches: per-task state) and
// resumes it.
func (a *App) start(t appmodel.Task, label string) {
	t.SetTaskDescription(label)
	t.Resume()
}

// delegate is PhotoSync's session delegate.
type delegate struct {
	appmodel.SessionDelegateBase
	a *App
}

// DidFinishDownloading keeps the manifest, too late.
func (d *delegate) DidFinishDownloading(_ appmodel.Session, t appmodel.Task, location string) {
	if t.TaskDescription() != "manifest" {
		return
	}
	// MISTAKE (M5): the file is read later, on another queue; by then the
	// daemon has deleted it (R-D6).
	app := d.a.app
	app.DispatchBackground(func() {
		if err := app.Files().Rename(location, "/Documents/manifest.json"); err != nil {
			app.Log("cannot keep the manifest: %v", err)
		}
	})
}

// DidCompleteWithError records the result under the task's label.
func (d *delegate) DidCompleteWithError(_ appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	app := d.a.app
	result := "done"
	if err != nil {
		result = err.Error()
	}
	app.Defaults().SetString("result."+t.TaskDescription(), result)
	app.InvokeOnMainThread(func() { app.UpdateUI(t.TaskDescription() + ": " + result) })
}

// DidFinishEventsForBackgroundSession starts the manifest download after
// the uploads and calls the kept handler.
func (d *delegate) DidFinishEventsForBackgroundSession(appmodel.Session) {
	a := d.a
	if a.app.Defaults().String("result.manifest") == "" && a.app.Defaults().String("manifest.started") == "" {
		a.app.Defaults().SetString("manifest.started", "yes")
		a.start(a.session.DownloadTask(appmodel.Request{URL: ManifestURL}), "manifest")
	} else {
		a.app.Defaults().Remove(keySession)
	}
	h := a.handler
	a.handler = nil
	a.app.InvokeOnMainThread(func() { a.app.UpdateUI("sync complete") })
	if h != nil {
		h() // MISTAKE (M4): on the delegate queue, not the main thread (R-D3)
	}
}
