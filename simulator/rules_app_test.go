package simulator_test

// The test app model of the rule specs (rules_test.go,
// rules_network_test.go, rules_uploads_test.go, rules_v2_test.go) and the
// world it runs in; simtest records what it receives. Every unexported
// name starts with rl so as not to clash with the other spec files of this
// package.

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// Fixed names of the rule specs.
const (
	rlSession  = "com.example.rl.Session"
	rlSession2 = "com.example.rl.Second"
	rlSession3 = "com.example.rl.Third"
	rlSession4 = "com.example.rl.Fourth"
	// rlKeySessions is where the app persists its session identifiers, so
	// that a new process can recreate them (R-L6, R-I3).
	rlKeySessions = "rl.sessions"
)

// rlURL is the URL of a test resource.
func rlURL(name string) string { return "https://files.example.com/rl/" + name }

// rlSpec says how the test app behaves. Nil hooks do the default.
type rlSpec struct {
	// Config adjusts every session configuration the app makes.
	Config func(cfg *appmodel.SessionConfig)
	// Launched runs in FinishedLaunching; by default the app recreates
	// every session it persisted.
	Launched func(a *rlApp, opts appmodel.LaunchOptions)
	// Activated runs in OnActivated.
	Activated func(a *rlApp)
	// Background runs in DidEnterBackground.
	Background func(a *rlApp)
	// FinishEvents runs in DidFinishEventsForBackgroundSession, before
	// the app calls the kept completion handler on the main thread.
	FinishEvents func(a *rlApp, s appmodel.Session)
	// Downloaded runs in DidFinishDownloading, after the file was moved.
	Downloaded func(a *rlApp, t appmodel.Task)
	// Delayed answers WillBeginDelayedRequest (default: continue).
	Delayed func(t appmodel.Task) (appmodel.DelayedDisposition, *appmodel.Request)
}

// rlNew is the options of a rule spec: cfg (with the simulator's default
// power, not charging, unless it says otherwise) and the test app behaving
// as spec says.
func rlNew(cfg simulator.Config, spec rlSpec) []simtest.Option {
	if cfg.Power == (simulator.Power{}) {
		cfg.Power = simulator.DefaultPower // simtest's default is charging
	}
	return []simtest.Option{simtest.WithConfig(cfg), simtest.WithApp(rlFactory(spec))}
}

// rlFactory makes the test app's instances, behaving as spec says.
func rlFactory(spec rlSpec) appmodel.Factory {
	n := 0
	return func() appmodel.AppDelegate {
		n++
		return &rlApp{spec: &spec, n: n, sessions: map[string]appmodel.Session{},
			handlers: map[string]func(){}, tasks: map[string]appmodel.Task{}}
	}
}

// rlLatest is the app instance of the latest process.
func rlLatest(env *simtest.Env) *rlApp {
	GinkgoHelper()
	a, ok := env.Model(env.Sim().Processes()).(*rlApp)
	Expect(ok).To(BeTrue(), "no app instance was launched")
	return a
}

// rlApp is the test app. One instance per process, as the simulator makes
// them; what must survive goes into Defaults.
type rlApp struct {
	appmodel.AppDelegateBase
	spec     *rlSpec
	n        int
	app      appmodel.App
	sessions map[string]appmodel.Session
	handlers map[string]func()
	// tasks are the tasks this instance made, by description.
	tasks map[string]appmodel.Task
}

// config is the configuration of the session with identifier id.
func (a *rlApp) config(id string) appmodel.SessionConfig {
	cfg := appmodel.BackgroundSessionConfig(id)
	if a.spec.Config != nil {
		a.spec.Config(&cfg)
	}
	return cfg
}

// session returns this instance's session with identifier id, making it
// (and persisting the identifier) if needed (R-I3).
func (a *rlApp) session(id string) appmodel.Session {
	if s, ok := a.sessions[id]; ok {
		return s
	}
	s := a.app.NewSession(a.config(id), &rlDelegate{a: a})
	a.sessions[id] = s
	d := a.app.Defaults()
	known := d.String(rlKeySessions)
	if !strings.Contains(","+known+",", ","+id+",") {
		if known != "" {
			known += ","
		}
		d.SetString(rlKeySessions, known+id)
	}
	return s
}

// start labels t with desc, keeps it and resumes it.
func (a *rlApp) start(t appmodel.Task, desc string) appmodel.Task {
	t.SetTaskDescription(desc)
	a.tasks[desc] = t
	t.Resume()
	return t
}

// download starts a download of url in the session id, labelled desc.
func (a *rlApp) download(id, url, desc string) appmodel.Task {
	return a.start(a.session(id).DownloadTask(appmodel.Request{URL: url}), desc)
}

// task is the task this instance made with description desc.
func (a *rlApp) task(desc string) appmodel.Task {
	GinkgoHelper()
	t, ok := a.tasks[desc]
	Expect(ok).To(BeTrue(), "app %d made no task %q", a.n, desc)
	return t
}

func (a *rlApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a.app = app
	if a.spec.Launched != nil {
		a.spec.Launched(a, opts)
		return
	}
	if known := app.Defaults().String(rlKeySessions); known != "" {
		for _, id := range strings.Split(known, ",") {
			a.session(id)
		}
	}
}

func (a *rlApp) OnActivated(app appmodel.App) {
	a.app = app
	if a.spec.Activated != nil {
		a.spec.Activated(a)
	}
}

func (a *rlApp) DidEnterBackground(app appmodel.App) {
	a.app = app
	if a.spec.Background != nil {
		a.spec.Background(a)
	}
}

// HandleEventsForBackgroundURL keeps the handler and makes sure the
// session exists (R-D2).
func (a *rlApp) HandleEventsForBackgroundURL(app appmodel.App, id string, handler func()) {
	a.app = app
	a.handlers[id] = handler
	a.session(id)
}

// rlDelegate is a session delegate of one app instance: it records every
// call, moves downloaded files to /Documents/rl/<description> before
// returning (R-D6), and calls the kept completion handler on the main
// thread (R-D3, R-D4).
type rlDelegate struct {
	appmodel.SessionDelegateBase
	a *rlApp
}

// rlDocument is where the test app keeps a task's file.
func rlDocument(desc string) string { return "/Documents/rl/" + desc }

func (d *rlDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	files := d.a.app.Files()
	desc := t.TaskDescription()
	if desc == "" {
		desc = fmt.Sprintf("task-%d", t.ID())
	}
	_ = files.Rename(location, rlDocument(desc))
	if f := d.a.spec.Downloaded; f != nil {
		f(d.a, t)
	}
}

func (d *rlDelegate) DidReceiveChallenge(s appmodel.Session, t appmodel.Task, ch appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential)) {
	reply(appmodel.PerformDefaultHandling, nil)
}

func (d *rlDelegate) WillBeginDelayedRequest(s appmodel.Session, t appmodel.Task, reply func(appmodel.DelayedDisposition, *appmodel.Request)) {
	if f := d.a.spec.Delayed; f != nil {
		reply(f(t))
		return
	}
	reply(appmodel.ContinueLoading, nil)
}

func (d *rlDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	a := d.a
	if f := a.spec.FinishEvents; f != nil {
		f(a, s)
	}
	if h := a.handlers[s.Identifier()]; h != nil {
		delete(a.handlers, s.Identifier())
		a.app.InvokeOnMainThread(h)
	}
}
