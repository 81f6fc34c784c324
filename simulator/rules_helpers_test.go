package simulator_test

// Test app model and trace helpers for the rule specs (rules_test.go,
// rules_network_test.go, mistakes_test.go). Every unexported name starts
// with rl so as not to clash with the helpers of other spec files in this
// package.

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

// rlCall is one delegate method the test app saw, recorded by the test:
// the recorder outlives processes, the app's own fields do not.
type rlCall struct {
	At       time.Duration // virtual time since T+0
	Instance int           // which app instance (1 = the first process)
	What     string        // the delegate method
	Session  string
	Task     int
	Desc     string // the task's TaskDescription
	Err      *appmodel.URLError
	// DidWriteData / DidSendBodyData: the delta, the total and the
	// expected total; DidResume: Total is the offset.
	Delta, Total, Expected int64
	Location               string
	FileExisted            bool               // DidFinishDownloading: the file was there during the call
	Resp                   *appmodel.Response // DidCompleteWithError: the task's response
	Data                   *appmodel.ResumeData
	Main                   bool   // the call ran on the main thread
	Body                   []byte // DidReceiveData: the data (R-D9)
}

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

// rlFixture is one simulation with the test app installed.
type rlFixture struct {
	sim   *simulator.Sim
	spec  rlSpec
	calls []rlCall
	apps  []*rlApp // every app instance, in launch order
}

// rlNew makes a simulation with cfg and installs the test app with spec.
func rlNew(cfg simulator.Config, spec rlSpec) *rlFixture {
	fx := &rlFixture{sim: simulator.New(cfg), spec: spec}
	fx.sim.Install(fx.factory())
	return fx
}

// factory makes the test app's instances, recorded in fx.apps.
func (fx *rlFixture) factory() appmodel.Factory {
	return func() appmodel.AppDelegate {
		a := &rlApp{fx: fx, n: len(fx.apps) + 1, sessions: map[string]appmodel.Session{},
			handlers: map[string]func(){}, tasks: map[string]appmodel.Task{}}
		fx.apps = append(fx.apps, a)
		return a
	}
}

// resource publishes r at url.
func (fx *rlFixture) resource(url string, r fakes.Resource) {
	GinkgoHelper()
	Expect(fx.sim.Network().AddResource(url, r)).To(Succeed())
}

// at runs the simulation until offset d from T+0, then does act.
func (fx *rlFixture) at(d time.Duration, act func() error) {
	GinkgoHelper()
	fx.until(d)
	Expect(act()).To(Succeed())
}

// until runs the simulation until offset d from T+0.
func (fx *rlFixture) until(d time.Duration) {
	GinkgoHelper()
	if left := d - fx.sim.Elapsed(); left > 0 {
		Expect(fx.sim.RunFor(left)).To(Succeed())
	}
}

// app is the latest app instance.
func (fx *rlFixture) app() *rlApp {
	GinkgoHelper()
	Expect(fx.apps).NotTo(BeEmpty(), "no app instance was launched")
	return fx.apps[len(fx.apps)-1]
}

// onMain runs f on the main queue of the latest app instance, now: the
// app's own code doing something (the app must be running).
func (fx *rlFixture) onMain(f func(a *rlApp)) {
	GinkgoHelper()
	a := fx.app()
	ran := false
	a.app.InvokeOnMainThread(func() { ran = true; f(a) })
	Expect(fx.sim.RunFor(0)).To(Succeed())
	Expect(ran).To(BeTrue(), "the app's main queue did not run (state %s)", fx.sim.State())
}

// of returns the calls of delegate method what.
func (fx *rlFixture) of(what string) []rlCall {
	var out []rlCall
	for _, c := range fx.calls {
		if c.What == what {
			out = append(out, c)
		}
	}
	return out
}

// completion is the one DidCompleteWithError the app saw for the task
// with description desc.
func (fx *rlFixture) completion(desc string) rlCall {
	GinkgoHelper()
	var out []rlCall
	for _, c := range fx.of("DidCompleteWithError") {
		if c.Desc == desc {
			out = append(out, c)
		}
	}
	Expect(out).To(HaveLen(1), "DidCompleteWithError for %q", desc)
	return out[0]
}

// events returns the trace events that match every predicate.
func (fx *rlFixture) events(match ...func(simulator.Event) bool) []simulator.Event {
	return rlEvents(fx.sim, match...)
}

// rlEvents returns the trace events of sim that match every predicate.
func rlEvents(sim *simulator.Sim, match ...func(simulator.Event) bool) []simulator.Event {
	var out []simulator.Event
next:
	for _, e := range sim.Trace() {
		for _, m := range match {
			if !m(e) {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// one is the single trace event that matches every predicate.
func (fx *rlFixture) one(match ...func(simulator.Event) bool) simulator.Event {
	GinkgoHelper()
	evs := fx.events(match...)
	Expect(evs).To(HaveLen(1), "events matching")
	return evs[0]
}

// violations are the violations of rule.
func (fx *rlFixture) violations(rule simulator.Rule) []simulator.Violation {
	var out []simulator.Violation
	for _, v := range fx.sim.Violations() {
		if v.Rule == rule {
			out = append(out, v)
		}
	}
	return out
}

func rlKind(k simulator.Kind) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.Kind == k }
}

func rlTask(id int) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.Task == id }
}

func rlSess(id string) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.Session == id }
}

func rlRule(rule simulator.Rule) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.Rule == rule }
}

// rlCallback matches the start of a SessionDelegate or AppDelegate method.
func rlCallback(name simulator.Callback) func(simulator.Event) bool {
	return func(e simulator.Event) bool {
		return (e.Kind == simulator.KindSessionCallback || e.Kind == simulator.KindAppCallback) && e.Callback == name
	}
}

func rlBefore(d time.Duration) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.At < d }
}

// rlTimes are the times of events.
func rlTimes(evs []simulator.Event) []time.Duration {
	out := make([]time.Duration, len(evs))
	for i, e := range evs {
		out[i] = e.At
	}
	return out
}

// rlCovers checks that segs run contiguously over [0, size).
func rlCovers(segs []fakes.Segment, size int64) {
	GinkgoHelper()
	Expect(segs).NotTo(BeEmpty())
	Expect(segs[0].From).To(BeZero())
	for i := 1; i < len(segs); i++ {
		Expect(segs[i].From).To(Equal(segs[i-1].To), "segment %d", i)
	}
	Expect(segs[len(segs)-1].To).To(Equal(size))
}

// rlApp is the test app. One instance per process, as the simulator makes
// them; what must survive goes into Defaults.
type rlApp struct {
	appmodel.AppDelegateBase
	fx       *rlFixture
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
	if a.fx.spec.Config != nil {
		a.fx.spec.Config(&cfg)
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
	if a.fx.spec.Launched != nil {
		a.fx.spec.Launched(a, opts)
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
	if a.fx.spec.Activated != nil {
		a.fx.spec.Activated(a)
	}
}

func (a *rlApp) DidEnterBackground(app appmodel.App) {
	a.app = app
	if a.fx.spec.Background != nil {
		a.fx.spec.Background(a)
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

func (d *rlDelegate) rec(s appmodel.Session, t appmodel.Task, c rlCall) {
	fx := d.a.fx
	c.At, c.Instance, c.Main = fx.sim.Elapsed(), d.a.n, d.a.app.IsMainThread()
	if s != nil {
		c.Session = s.Identifier()
	}
	if t != nil {
		c.Task, c.Desc = t.ID(), t.TaskDescription()
	}
	fx.calls = append(fx.calls, c)
}

// rlDocument is where the test app keeps a task's file.
func rlDocument(desc string) string { return "/Documents/rl/" + desc }

func (d *rlDelegate) DidWriteData(s appmodel.Session, t appmodel.Task, delta, total, expected int64) {
	d.rec(s, t, rlCall{What: "DidWriteData", Delta: delta, Total: total, Expected: expected})
}

func (d *rlDelegate) DidSendBodyData(s appmodel.Session, t appmodel.Task, delta, total, expected int64) {
	d.rec(s, t, rlCall{What: "DidSendBodyData", Delta: delta, Total: total, Expected: expected})
}

func (d *rlDelegate) DidReceiveData(s appmodel.Session, t appmodel.Task, data []byte) {
	d.rec(s, t, rlCall{What: "DidReceiveData", Body: data})
}

func (d *rlDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	files := d.a.app.Files()
	d.rec(s, t, rlCall{What: "DidFinishDownloading", Location: location, FileExisted: files.Exists(location)})
	desc := t.TaskDescription()
	if desc == "" {
		desc = fmt.Sprintf("task-%d", t.ID())
	}
	_ = files.Rename(location, rlDocument(desc))
	if f := d.a.fx.spec.Downloaded; f != nil {
		f(d.a, t)
	}
}

func (d *rlDelegate) DidCompleteWithError(s appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	c := rlCall{What: "DidCompleteWithError", Err: err, Resp: t.Response()}
	if err != nil {
		c.Data = err.ResumeData
	}
	d.rec(s, t, c)
}

func (d *rlDelegate) DidResume(s appmodel.Session, t appmodel.Task, offset, expected int64) {
	d.rec(s, t, rlCall{What: "DidResume", Total: offset, Expected: expected})
}

func (d *rlDelegate) DidReceiveChallenge(s appmodel.Session, t appmodel.Task, ch appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential)) {
	d.rec(s, t, rlCall{What: "DidReceiveChallenge", Location: ch.Method})
	reply(appmodel.PerformDefaultHandling, nil)
}

func (d *rlDelegate) WillBeginDelayedRequest(s appmodel.Session, t appmodel.Task, reply func(appmodel.DelayedDisposition, *appmodel.Request)) {
	d.rec(s, t, rlCall{What: "WillBeginDelayedRequest"})
	if f := d.a.fx.spec.Delayed; f != nil {
		reply(f(t))
		return
	}
	reply(appmodel.ContinueLoading, nil)
}

func (d *rlDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	a := d.a
	d.rec(s, nil, rlCall{What: "DidFinishEventsForBackgroundSession"})
	if f := a.fx.spec.FinishEvents; f != nil {
		f(a, s)
	}
	if h := a.handlers[s.Identifier()]; h != nil {
		delete(a.handlers, s.Identifier())
		a.app.InvokeOnMainThread(h)
	}
}

func (d *rlDelegate) DidBecomeInvalidWithError(s appmodel.Session, err *appmodel.URLError) {
	d.rec(s, nil, rlCall{What: "DidBecomeInvalidWithError", Err: err})
}

// dump writes the trace to the Ginkgo writer, for a failing spec.
func (fx *rlFixture) dump() {
	for _, e := range fx.sim.Trace() {
		if e.Kind == simulator.KindSessionCallback && (e.Callback == "DidWriteData" || e.Callback == "DidSendBodyData") {
			continue
		}
		GinkgoWriter.Printf("%4d %-12s %-22s %s\n", e.Seq, fakes.FormatOffset(e.At), e.Kind, simulator.Describe(e))
	}
}

// rlCode is the code of err, 0 for nil.
func rlCode(err *appmodel.URLError) appmodel.ErrorCode {
	if err == nil {
		return 0
	}
	return err.Code
}
