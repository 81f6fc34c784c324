package appmodel_test

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

const (
	sessionID = "com.example.Minimal"
	reportURL = "https://example.com/report.pdf"
)

// minimalApp is the least an app needs to download in the background and
// survive being killed: it recreates its session at every launch (the
// daemon reconnects it by identifier), keeps the completion handler, moves
// the file before DidFinishDownloading returns, and calls the handler on
// the main thread once the events are delivered.
type minimalApp struct {
	appmodel.AppDelegateBase
	app     appmodel.App
	session appmodel.Session
	handler func()
}

func (a *minimalApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	a.app = app
	a.session = app.NewSession(appmodel.BackgroundSessionConfig(sessionID), &minimalDelegate{a: a})
}

func (a *minimalApp) OnActivated(app appmodel.App) {
	if app.Defaults().Bool("started") {
		return
	}
	app.Defaults().SetBool("started", true) // a new process must not start it again
	t := a.session.DownloadTask(appmodel.Request{URL: reportURL})
	t.SetTaskDescription("report")
	t.Resume()
}

func (a *minimalApp) HandleEventsForBackgroundURL(_ appmodel.App, _ string, handler func()) {
	a.handler = handler
}

type minimalDelegate struct {
	appmodel.SessionDelegateBase
	a *minimalApp
}

func (d *minimalDelegate) DidFinishDownloading(_ appmodel.Session, _ appmodel.Task, location string) {
	if err := d.a.app.Files().Rename(location, "/Documents/report.pdf"); err != nil {
		d.a.app.Log("move failed: %v", err)
	}
}

func (d *minimalDelegate) DidFinishEventsForBackgroundSession(appmodel.Session) {
	if h := d.a.handler; h != nil {
		d.a.handler = nil
		d.a.app.InvokeOnMainThread(h)
	}
}

// A minimal app model, run through a memory kill: the download finishes in
// the daemon, the app is relaunched in the background, and the file ends
// up in its container.
func ExampleAppDelegate() {
	sim := simulator.New(simulator.Config{})
	_ = sim.Network().AddResource(reportURL, fakes.Resource{Size: 20_000_000})
	sim.Install(func() appmodel.AppDelegate { return &minimalApp{} })

	_ = sim.Launch()
	_ = sim.RunFor(time.Second)
	_ = sim.Home()
	_ = sim.RunFor(6 * time.Second) // suspended 5 s after going home
	_ = sim.MemoryPressureKill()
	_ = sim.RunFor(time.Minute)

	for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindLaunch}) {
		fmt.Println("process", e.Process, "launched for", e.Reason)
	}
	fmt.Println("report in the container:", sim.Files().Exists("/Documents/report.pdf"))
	fmt.Println("violations:", sim.Violations())
	// Output:
	// process 1 launched for user
	// process 2 launched for url-session
	// report in the container: true
	// violations: []
}

// An app makes a file of a given size in its container with one call: the
// simulated file system keeps sizes and where bytes came from, not bytes.
func ExampleWriteFileOfSize() {
	files := fakes.NewFS(fakes.NewClock(time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)))
	if err := appmodel.WriteFileOfSize(files, "/Documents/photo-1.jpg", 4_000_000); err != nil {
		fmt.Println(err)
	}
	f, err := files.Stat("/Documents/photo-1.jpg")
	fmt.Println(f.Size, err)
	// Output:
	// 4000000 <nil>
}

// countingApp logs its activations with LogInt: the same line as
// app.Log("activation %d", n), without boxing n.
type countingApp struct {
	appmodel.AppDelegateBase
	n int
}

func (a *countingApp) OnActivated(app appmodel.App) {
	a.n++
	appmodel.LogInt(app, "activation %d", a.n)
}

// A log line whose arguments are a string or ints is written with
// LogString, LogInt or LogInts: it reads as Log's, and the simulator keeps
// the arguments as they are until the trace is read.
func ExampleLogInt() {
	sim := simulator.New(simulator.Config{})
	sim.Install(func() appmodel.AppDelegate { return &countingApp{} })
	_ = sim.Launch()
	for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindLog}) {
		fmt.Println(e.Detail)
	}
	// Output:
	// activation 1
}

// A URLError reads like the NSError it stands for. One that carries resume
// data (R-G1) says from which byte the download would continue.
func ExampleURLError() {
	err := &appmodel.URLError{
		Code: appmodel.ErrCancelled, HasReason: true, Reason: appmodel.ReasonUserForceQuit,
		Message:    "the user force-quit the app",
		ResumeData: &appmodel.ResumeData{URL: "https://cdn.example.com/photo-1.jpg", Offset: 7900000, Validator: `"p1"`},
	}
	fmt.Println(err)
	// Output:
	// NSURLErrorDomain -999 cancelled (reason userForceQuit): the user force-quit the app; with resume data from byte 7900000
}
