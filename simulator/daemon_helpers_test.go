package simulator_test

// Test app models and trace helpers for the daemon's specs
// (daemon_test.go, daemon_relaunch_test.go, daemon_delivery_test.go).
// Every unexported name starts with dm so as not to clash with the helpers
// of other spec files in this package.

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
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

// dmRec is one thing the app saw, recorded by the test (the recorder
// outlives processes; the app's own fields do not).
type dmRec struct {
	Instance    int    // which app instance (1 = the first process)
	Delegate    string // which session delegate, e.g. "app2/first"
	What        string // the delegate method, or "read", "tasks"
	Session     string
	Task        int
	Desc        string
	Location    string
	FileExisted bool  // DidFinishDownloading: the file was there during the call
	FileSize    int64 // ... and this big
	Err         *appmodel.URLError
	Status      int   // DidCompleteWithError: the task's HTTP status, 0 if none
	ReadErr     error // "read": reading the file after returning
	Tasks       []string
	Bytes       int64 // DidWriteData: total written
}

type dmRecorder struct {
	instances int
	recs      []dmRec
}

func (r *dmRecorder) add(x dmRec) { r.recs = append(r.recs, x) }

// of returns the records of method what.
func (r *dmRecorder) of(what string) []dmRec {
	var out []dmRec
	for _, x := range r.recs {
		if x.What == what {
			out = append(out, x)
		}
	}
	return out
}

// dmApp is the test app. One instance per process, as the simulator makes
// them; what must survive goes into Defaults.
type dmApp struct {
	appmodel.AppDelegateBase
	o        *dmOpts
	rec      *dmRecorder
	n        int
	app      appmodel.App
	sessions map[string]appmodel.Session
	handlers map[string]func()
}

// dmInstall installs the test app with o and returns its recorder.
func dmInstall(sim *simulator.Sim, o dmOpts) *dmRecorder {
	rec := &dmRecorder{}
	opts := o
	sim.Install(func() appmodel.AppDelegate {
		rec.instances++
		return &dmApp{o: &opts, rec: rec, n: rec.instances,
			sessions: map[string]appmodel.Session{}, handlers: map[string]func(){}}
	})
	return rec
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
	s := a.app.NewSession(a.config(id), &dmDelegate{a: a, name: fmt.Sprintf("app%d/first", a.n)})
	a.sessions[id] = s
	if a.o.ListTasks {
		s.GetAllTasks(func(ts []appmodel.Task) {
			var got []string
			for _, t := range ts {
				got = append(got, fmt.Sprintf("%d:%s", t.ID(), t.TaskDescription()))
			}
			a.rec.add(dmRec{Instance: a.n, What: "tasks", Session: id, Tasks: got})
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
				s = a.app.NewSession(a.config(id), &dmDelegate{a: a, name: fmt.Sprintf("app%d/second", a.n)})
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
	a    *dmApp
	name string
}

func (d *dmDelegate) rec(x dmRec) {
	x.Instance, x.Delegate = d.a.n, d.name
	d.a.rec.add(x)
}

func (d *dmDelegate) DidWriteData(s appmodel.Session, t appmodel.Task, _, total, _ int64) {
	d.rec(dmRec{What: "DidWriteData", Session: s.Identifier(), Task: t.ID(), Desc: t.TaskDescription(), Bytes: total})
}

func (d *dmDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	app := d.a.app
	r := dmRec{What: "DidFinishDownloading", Session: s.Identifier(), Task: t.ID(), Desc: t.TaskDescription(), Location: location}
	if f, err := app.Files().Stat(location); err == nil {
		r.FileExisted, r.FileSize = true, f.Size
	}
	d.rec(r)
	switch d.a.o.File {
	case dmFileMove:
		_ = app.Files().Rename(location, dmDocument(t))
	case dmFileReadLater:
		app.InvokeOnMainThread(func() {
			_, err := app.Files().Open(location)
			d.rec(dmRec{What: "read", Session: s.Identifier(), Task: t.ID(), Location: location, ReadErr: err})
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

func (d *dmDelegate) DidCompleteWithError(s appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	r := dmRec{What: "DidCompleteWithError", Session: s.Identifier(), Task: t.ID(), Desc: t.TaskDescription(), Err: err}
	if resp := t.Response(); resp != nil {
		r.Status = resp.StatusCode
	}
	d.rec(r)
}

func (d *dmDelegate) DidReceiveChallenge(s appmodel.Session, t appmodel.Task, c appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential)) {
	d.rec(dmRec{What: "DidReceiveChallenge", Session: s.Identifier(), Task: t.ID(), Desc: c.Method})
	var cred *appmodel.Credential
	if d.a.o.Answer == appmodel.UseCredential {
		cred = &appmodel.Credential{User: "user", Password: "secret"}
	}
	reply(d.a.o.Answer, cred)
}

func (d *dmDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	a := d.a
	d.rec(dmRec{What: "DidFinishEventsForBackgroundSession", Session: s.Identifier()})
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

// --- running ---

// dmNew makes a simulation with cfg and the resources of the specs:
// dmBig (20 MB) and dmSmall (4 MB), resumable; dmAuth (4 MB, behind Basic
// authentication); dmPlain (20 MB, no ETag: not resumable). Nothing is
// published at dmMissing.
func dmNew(cfg simulator.Config) *simulator.Sim {
	GinkgoHelper()
	sim := simulator.New(cfg)
	Expect(sim.Network().AddResource(dmBig, fakes.Resource{Size: 20_000_000, ETag: `"big-1"`, AcceptRanges: true})).To(Succeed())
	Expect(sim.Network().AddResource(dmSmall, fakes.Resource{Size: 4_000_000, ETag: `"small-1"`, AcceptRanges: true})).To(Succeed())
	Expect(sim.Network().AddResource(dmAuth, fakes.Resource{Size: 4_000_000, ETag: `"auth-1"`, AcceptRanges: true, Challenge: "Basic"})).To(Succeed())
	Expect(sim.Network().AddResource(dmPlain, fakes.Resource{Size: 20_000_000})).To(Succeed())
	DeferCleanup(func() {
		if CurrentSpecReport().Failed() {
			dmDump(sim)
		}
	})
	return sim
}

// dmAt runs sim until offset at from T+0, then does act.
func dmAt(sim *simulator.Sim, at time.Duration, act func() error) {
	GinkgoHelper()
	if d := at - sim.Elapsed(); d > 0 {
		Expect(sim.RunFor(d)).To(Succeed())
	}
	Expect(act()).To(Succeed())
}

// dmUntil runs sim until offset at from T+0.
func dmUntil(sim *simulator.Sim, at time.Duration) {
	GinkgoHelper()
	if d := at - sim.Elapsed(); d > 0 {
		Expect(sim.RunFor(d)).To(Succeed())
	}
}

// dmBackgroundKilled: the user launches the app (it starts its downloads),
// goes home at 1 s, and iOS reclaims the suspended app's memory at 8 s.
func dmBackgroundKilled(sim *simulator.Sim) {
	GinkgoHelper()
	dmAt(sim, 0, sim.Launch)
	dmAt(sim, time.Second, sim.Home)
	dmAt(sim, 8*time.Second, sim.MemoryPressureKill)
}

// --- reading the trace ---

// dmSelect returns the events that match.
func dmSelect(sim *simulator.Sim, match func(simulator.Event) bool) []simulator.Event {
	var out []simulator.Event
	for _, e := range sim.Trace() {
		if match(e) {
			out = append(out, e)
		}
	}
	return out
}

func dmKind(k simulator.Kind) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.Kind == k }
}

// dmCallback matches the start of an AppDelegate or SessionDelegate method.
func dmCallback(name simulator.Callback) func(simulator.Event) bool {
	return func(e simulator.Event) bool {
		return (e.Kind == simulator.KindAppCallback || e.Kind == simulator.KindSessionCallback) && e.Callback == name
	}
}

func dmViolations(sim *simulator.Sim, rule simulator.Rule) []simulator.Violation {
	var out []simulator.Violation
	for _, v := range sim.Violations() {
		if v.Rule == rule {
			out = append(out, v)
		}
	}
	return out
}

// dmSig names an event of the relaunch story in a few words, or "" for
// events the story leaves out (progress, logs, network, files).
func dmSig(e simulator.Event) string {
	switch e.Kind {
	case simulator.KindLaunch:
		return "launch(" + e.Reason + ")"
	case simulator.KindTerminate:
		return "terminate(" + e.Reason + ")"
	case simulator.KindTransition:
		return "→" + e.To
	case simulator.KindAppCallback:
		if e.Reason != "" {
			return string(e.Callback) + "(" + e.Reason + ")"
		}
		return string(e.Callback)
	case simulator.KindSessionCallback:
		if e.Callback == "DidWriteData" {
			return ""
		}
		if e.Task != 0 {
			return fmt.Sprintf("%s#%d", e.Callback, e.Task)
		}
		return string(e.Callback)
	case simulator.KindConnect:
		return "connect"
	case simulator.KindRelaunch:
		return "wake"
	case simulator.KindRelaunchDeferred:
		return "wake-deferred"
	case simulator.KindHandlerCall:
		return "handler(" + e.Queue + ")"
	case simulator.KindSnapshot:
		return "snapshot"
	case simulator.KindViolation:
		return "violation(" + string(e.Rule) + ")"
	}
	return ""
}

// dmStory is the relaunch story from the first event at or after from.
func dmStory(sim *simulator.Sim, from time.Duration) []string {
	var out []string
	for _, e := range sim.Trace() {
		if e.At < from {
			continue
		}
		if s := dmSig(e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dmStates pairs every event with the app state in force when it was
// recorded, read from the lifecycle transitions before it.
func dmStates(sim *simulator.Sim) []string {
	state := appmodel.NotRunning.String()
	out := make([]string, 0, len(sim.Trace()))
	for _, e := range sim.Trace() {
		if e.Kind == simulator.KindTransition {
			state = e.To
		}
		out = append(out, state)
	}
	return out
}

// dmCompletedAt is when the daemon completed task id of session.
func dmCompletedAt(sim *simulator.Sim, session string, id int) time.Duration {
	GinkgoHelper()
	evs := dmSelect(sim, func(e simulator.Event) bool {
		return e.Kind == simulator.KindTaskComplete && e.Session == session && e.Task == id
	})
	Expect(evs).To(HaveLen(1), "task.complete of %s task %d", session, id)
	return evs[0].At
}

// dmCovers checks that segs run contiguously over [0, size).
func dmCovers(segs []fakes.Segment, size int64) {
	GinkgoHelper()
	Expect(segs).NotTo(BeEmpty())
	Expect(segs[0].From).To(BeZero())
	for i := 1; i < len(segs); i++ {
		Expect(segs[i].From).To(Equal(segs[i-1].To), "segment %d", i)
	}
	Expect(segs[len(segs)-1].To).To(Equal(size))
}

// dmDump writes the timeline to the Ginkgo writer: dmNew does it for every
// failed spec, so the failure comes with the story that led to it.
func dmDump(sim *simulator.Sim) {
	_ = simulator.RenderText(GinkgoWriter, sim.Trace(), simulator.TextOptions{})
}

// dmExpectInOrder checks that want appears in story in this order, other
// entries possibly between.
func dmExpectInOrder(story []string, want ...string) {
	GinkgoHelper()
	i := 0
	for _, s := range story {
		if i < len(want) && s == want[i] {
			i++
		}
	}
	Expect(i).To(Equal(len(want)), "%q not found in order in %q (stopped at %q)", want, story, want[min(i, len(want)-1)])
}

// dmSessionStory is the SessionDelegate calls (progress left out) from
// offset from on.
func dmSessionStory(sim *simulator.Sim, from time.Duration) []string {
	var out []string
	for _, e := range sim.Trace() {
		if e.At >= from && e.Kind == simulator.KindSessionCallback {
			if s := dmSig(e); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
