// Package photosync is the app model of PhotoSync, an example app that
// uploads three photos and downloads a manifest through one background
// URL session, written the way a well-made iOS app does it:
//
//   - it reconnects to its session by the same identifier at every launch,
//     so a relaunched process receives the events (R-I3);
//   - it keeps what it needs across processes in user defaults and task
//     descriptions, never only in memory (R-L6);
//   - it moves the downloaded manifest before DidFinishDownloading returns
//     (R-D6);
//   - it keeps the completion handler of HandleEventsForBackgroundURL and
//     calls it on the main thread after DidFinishEventsForBackgroundSession
//     (R-D3, R-D4);
//   - it updates its UI only on the main thread (R-D5).
//
// The suite next to it pins that behaviour with scenarios/bdd; the broken
// package is the same app with three classic mistakes, and its suite fails.
package photosync

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
// files (a background session uploads only from files, R-S2), uploads
// them and fetches the new manifest.
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
	a.start(a.session.DownloadTask(appmodel.Request{URL: ManifestURL}), "manifest")
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

// DidFinishDownloading moves the manifest into the container now: the
// file is deleted when this method returns (R-D6).
func (d *delegate) DidFinishDownloading(_ appmodel.Session, t appmodel.Task, location string) {
	if t.TaskDescription() != "manifest" {
		return
	}
	if err := d.a.app.Files().Rename(location, "/Documents/manifest.json"); err != nil {
		d.a.app.Log("cannot keep the manifest: %v", err)
	}
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

// DidFinishEventsForBackgroundSession ends the sync and calls the kept
// handler on the main thread (R-D3, R-D4).
func (d *delegate) DidFinishEventsForBackgroundSession(appmodel.Session) {
	a := d.a
	a.app.Defaults().Remove(keySession)
	h := a.handler
	a.handler = nil
	a.app.InvokeOnMainThread(func() {
		a.app.UpdateUI("sync complete")
		if h != nil {
			h()
		}
	})
}
