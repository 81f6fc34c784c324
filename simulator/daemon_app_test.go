package simulator_test

// The test app model of the daemon's specs (daemon_test.go,
// daemon_relaunch_test.go, daemon_delivery_test.go) and the world it runs
// in. simtest records what it receives; what it observes beyond the
// delegate methods (a late read, a task list) it keeps in its own fields,
// which env.Model reads after the run. Every unexported name starts with
// dm so as not to clash with the other spec files of this package.

import (
	"fmt"
	"strings"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// Fixed names of the test app.
const (
	dmSession  = "com.example.dm.BackgroundSession"
	dmSession2 = "com.example.dm.OtherSession"
	dmBig      = "https://files.example.com/big.bin"
	dmSmall    = "https://files.example.com/small.bin"
	dmAuth     = "https://files.example.com/private.bin"
	dmPlain    = "https://files.example.com/plain.bin" // no validator: not resumable (R-G1)
	dmMissing  = "https://files.example.com/missing.bin"
	// defaults keys: what the app persists so a relaunched process knows
	// which sessions to recreate (R-L6).
	dmKeySessions = "dm.sessions"
)

// dmHandlerMode is what the app does with the completion handler of
// HandleEventsForBackgroundURL.
type dmHandlerMode int

const (
	// dmHandlerOnMain keeps it and calls it on the main thread once
	// DidFinishEventsForBackgroundSession has come: the right way (R-D3, R-D4).
	dmHandlerOnMain dmHandlerMode = iota
	// dmHandlerNever keeps it and never calls it (M4).
	dmHandlerNever
	// dmHandlerOffMain calls it on the delegate queue, in
	// DidFinishEventsForBackgroundSession (M4).
	dmHandlerOffMain
	// dmHandlerEarly calls it on the main thread inside
	// HandleEventsForBackgroundURL, before any event was delivered (M4).
	dmHandlerEarly
	// dmHandlerTwice calls it twice on the main thread once
	// DidFinishEventsForBackgroundSession has come (M4).
	dmHandlerTwice
)

// dmConnectMode is where a process recreates its background sessions.
type dmConnectMode int

const (
	// dmConnectAtLaunch recreates every persisted session in
	// FinishedLaunching, whatever the launch reason, and in
	// HandleEventsForBackgroundURL if it does not exist yet.
	dmConnectAtLaunch dmConnectMode = iota
	// dmConnectInHandleEvents recreates a session only in
	// HandleEventsForBackgroundURL.
	dmConnectInHandleEvents
	// dmConnectOnActivation recreates the sessions only when the app
	// becomes active (the user opened it), never for a background launch.
	dmConnectOnActivation
	// dmConnectNever never recreates a session after the first process.
	dmConnectNever
)

// dmFileMode is what DidFinishDownloading does with the file.
type dmFileMode int

const (
	// dmFileMove moves it into /Documents before returning (R-D6).
	dmFileMove dmFileMode = iota
	// dmFileIgnore leaves it where it is.
	dmFileIgnore
	// dmFileReadLater reads it from the main queue after returning (M5).
	dmFileReadLater
)

// dmDownload is a download the first process starts.
type dmDownload struct {
	Session string // dmSession if ""
	URL     string
	Desc    string // its TaskDescription
}

// dmOpts configure the test app.
type dmOpts struct {
	// Downloads are started by the first process, at its FinishedLaunching.
	Downloads []dmDownload
	// NoLaunchEvents sets SessionSendsLaunchEvents = false (R-S5).
	NoLaunchEvents bool
	Connect        dmConnectMode
	Handler        dmHandlerMode
	File           dmFileMode
	// Answer is the disposition DidReceiveChallenge replies with; with
	// UseCredential it gives a user and password.
	Answer appmodel.Disposition
	// DoubleSession makes a second session object with the same identifier
	// right after the first, and starts the downloads on it (R-I1, M7).
	DoubleSession bool
	// ListTasks calls GetAllTasks on every recreated session and records
	// what it sees.
	ListTasks bool
}

// dmRead is a read of a downloaded file after DidFinishDownloading returned.
type dmRead struct {
	Task     int
	Location string
	Err      error
}

// dmList is what GetAllTasks returned on a recreated session, as "id:desc".
type dmList struct {
	Session string
	Tasks   []string
}

// dmApp is the test app. One instance per process, as the simulator makes
// them; what must survive goes into Defaults.
type dmApp struct {
	appmodel.AppDelegateBase
	o        *dmOpts
	app      appmodel.App
	sessions map[string]appmodel.Session
	handlers map[string]func()
	reads    []dmRead
	lists    []dmList
}

// dmWorld is the options of a daemon spec: cfg, the device's default power
// (not charging), the resources of the specs, and the test app with o.
// The resources: dmBig (20 MB) and dmSmall (4 MB), resumable; dmAuth
// (4 MB, behind Basic authentication); dmPlain (20 MB, no ETag: not
// resumable). Nothing is published at dmMissing.
func dmWorld(cfg simulator.Config, o dmOpts) []simtest.Option {
	if cfg.Power == (simulator.Power{}) {
		cfg.Power = simulator.DefaultPower // simtest's default is charging
	}
	return []simtest.Option{
		simtest.WithConfig(cfg),
		simtest.WithResource(dmBig, fakes.Resource{Size: 20_000_000, ETag: `"big-1"`, AcceptRanges: true}),
		simtest.WithResource(dmSmall, fakes.Resource{Size: 4_000_000, ETag: `"small-1"`, AcceptRanges: true}),
		simtest.WithResource(dmAuth, fakes.Resource{Size: 4_000_000, ETag: `"auth-1"`, AcceptRanges: true, Challenge: "Basic"}),
		simtest.WithResource(dmPlain, fakes.Resource{Size: 20_000_000}),
		simtest.WithApp(func() appmodel.AppDelegate {
			return &dmApp{o: &o, sessions: map[string]appmodel.Session{}, handlers: map[string]func(){}}
		}),
	}
}

func (a *dmApp) config(id string) appmodel.SessionConfig {
	cfg := appmodel.BackgroundSessionConfig(id)
	cfg.SessionSendsLaunchEvents = !a.o.NoLaunchEvents
	return cfg
}

func (a *dmApp) persisted() []string {
	s := a.app.Defaults().String(dmKeySessions)
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// connect makes the session with identifier id (R-I3).
func (a *dmApp) connect(id string) appmodel.Session {
	if s, ok := a.sessions[id]; ok {
		return s
	}
	s := a.app.NewSession(a.config(id), &dmDelegate{a: a})
	a.sessions[id] = s
	if a.o.ListTasks {
		s.GetAllTasks(func(ts []appmodel.Task) {
			var got []string
			for _, t := range ts {
				got = append(got, fmt.Sprintf("%d:%s", t.ID(), t.TaskDescription()))
			}
			a.lists = append(a.lists, dmList{Session: id, Tasks: got})
		})
	}
	return s
}

func (a *dmApp) connectAll() {
	for _, id := range a.persisted() {
		a.connect(id)
	}
}

func (a *dmApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a.app = app
	if a.persisted() == nil && len(a.o.Downloads) > 0 {
		a.startDownloads()
		return
	}
	if a.o.Connect == dmConnectAtLaunch {
		a.connectAll()
	}
}

func (a *dmApp) startDownloads() {
	var ids []string
	for _, d := range a.o.Downloads {
		id := d.Session
		if id == "" {
			id = dmSession
		}
		s, seen := a.sessions[id]
		if !seen {
			ids = append(ids, id)
			s = a.connect(id)
			if a.o.DoubleSession {
				s = a.app.NewSession(a.config(id), &dmDelegate{a: a})
				a.sessions[id] = s
			}
		}
		t := s.DownloadTask(appmodel.Request{URL: d.URL})
		t.SetTaskDescription(d.Desc)
		t.Resume()
	}
	a.app.Defaults().SetString(dmKeySessions, strings.Join(ids, ","))
}

func (a *dmApp) OnActivated(app appmodel.App) {
	a.app = app
	if a.o.Connect == dmConnectOnActivation {
		a.connectAll()
	}
}

func (a *dmApp) HandleEventsForBackgroundURL(app appmodel.App, id string, handler func()) {
	a.app = app
	a.handlers[id] = handler
	if a.o.Connect == dmConnectAtLaunch || a.o.Connect == dmConnectInHandleEvents {
		a.connect(id)
	}
	if a.o.Handler == dmHandlerEarly {
		delete(a.handlers, id)
		handler()
	}
}

// dmDelegate is a session delegate of one app instance.
type dmDelegate struct {
	appmodel.SessionDelegateBase
	a *dmApp
}

func (d *dmDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	app := d.a.app
	switch d.a.o.File {
	case dmFileMove:
		_ = app.Files().Rename(location, dmDocument(t))
	case dmFileReadLater:
		id := t.ID()
		app.InvokeOnMainThread(func() {
			_, err := app.Files().Open(location)
			d.a.reads = append(d.a.reads, dmRead{Task: id, Location: location, Err: err})
		})
	}
}

// dmDocument is where dmFileMove puts a task's file.
func dmDocument(t appmodel.Task) string {
	name := t.TaskDescription()
	if name == "" {
		name = fmt.Sprintf("task-%d", t.ID())
	}
	return "/Documents/" + name
}

func (d *dmDelegate) DidReceiveChallenge(s appmodel.Session, t appmodel.Task, c appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential)) {
	var cred *appmodel.Credential
	if d.a.o.Answer == appmodel.UseCredential {
		cred = &appmodel.Credential{User: "user", Password: "secret"}
	}
	reply(d.a.o.Answer, cred)
}

func (d *dmDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	a := d.a
	h := a.handlers[s.Identifier()]
	if h == nil {
		return
	}
	switch a.o.Handler {
	case dmHandlerOnMain:
		delete(a.handlers, s.Identifier())
		a.app.InvokeOnMainThread(h)
	case dmHandlerOffMain:
		delete(a.handlers, s.Identifier())
		h()
	case dmHandlerTwice:
		delete(a.handlers, s.Identifier())
		a.app.InvokeOnMainThread(func() { h(); h() })
	}
}
