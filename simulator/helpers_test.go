package simulator_test

// Test app model and trace helpers for the lifecycle specs
// (lifecycle_test.go, bgtask_test.go, mainthread_test.go). Every unexported
// name starts with lc so as not to clash with the helpers of other spec
// files in this package.

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// lcRec is one thing the test app saw: an AppDelegate method beginning, or
// a marker the spec's own code recorded.
type lcRec struct {
	What     string         // callback name or marker
	At       time.Duration  // virtual time since T+0
	State    appmodel.State // app.State() at that moment
	Main     bool           // app.IsMainThread() at that moment
	Instance int            // which app model instance (1 = the first the factory made)
}

// lcRecorder collects what every instance of the test app saw, across
// processes.
type lcRecorder struct {
	start     time.Time
	recs      []lcRec
	instances int
	apps      []appmodel.App // the App handle of each launched instance, in order
}

func (r *lcRecorder) add(app appmodel.App, inst int, what string) {
	r.recs = append(r.recs, lcRec{What: what, At: app.Now().Sub(r.start), State: app.State(),
		Main: app.IsMainThread(), Instance: inst})
}

// whats lists the names recorded, in order.
func (r *lcRecorder) whats() []string {
	out := make([]string, len(r.recs))
	for i, x := range r.recs {
		out[i] = x.What
	}
	return out
}

// of returns the records named what.
func (r *lcRecorder) of(what string) []lcRec {
	var out []lcRec
	for _, x := range r.recs {
		if x.What == what {
			out = append(out, x)
		}
	}
	return out
}

// lastApp is the App handle of the latest instance.
func (r *lcRecorder) lastApp() appmodel.App {
	GinkgoHelper()
	Expect(r.apps).NotTo(BeEmpty(), "no app instance was made")
	return r.apps[len(r.apps)-1]
}

// lcHooks are code the spec runs inside an AppDelegate method, after the
// method was recorded. A nil hook does nothing.
type lcHooks struct {
	FinishedLaunching   func(app appmodel.App, opts appmodel.LaunchOptions)
	OnActivated         func(app appmodel.App)
	OnResignActivation  func(app appmodel.App)
	DidEnterBackground  func(app appmodel.App)
	WillEnterForeground func(app appmodel.App)
	WillTerminate       func(app appmodel.App)
}

// lcApp is the test app: it records every AppDelegate method and runs the
// spec's hooks.
type lcApp struct {
	appmodel.AppDelegateBase
	r     *lcRecorder
	h     *lcHooks
	inst  int
	count int // in-memory only: dies with the process (R-L6)
}

func (a *lcApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a.r.apps = append(a.r.apps, app)
	a.r.add(app, a.inst, "FinishedLaunching("+opts.Reason.String()+")")
	if a.h.FinishedLaunching != nil {
		a.h.FinishedLaunching(app, opts)
	}
}

func (a *lcApp) OnActivated(app appmodel.App) {
	a.count++
	a.r.add(app, a.inst, "OnActivated")
	if a.h.OnActivated != nil {
		a.h.OnActivated(app)
	}
}

func (a *lcApp) OnResignActivation(app appmodel.App) {
	a.r.add(app, a.inst, "OnResignActivation")
	if a.h.OnResignActivation != nil {
		a.h.OnResignActivation(app)
	}
}

func (a *lcApp) DidEnterBackground(app appmodel.App) {
	a.r.add(app, a.inst, "DidEnterBackground")
	if a.h.DidEnterBackground != nil {
		a.h.DidEnterBackground(app)
	}
}

func (a *lcApp) WillEnterForeground(app appmodel.App) {
	a.r.add(app, a.inst, "WillEnterForeground")
	if a.h.WillEnterForeground != nil {
		a.h.WillEnterForeground(app)
	}
}

func (a *lcApp) WillTerminate(app appmodel.App) {
	a.r.add(app, a.inst, "WillTerminate")
	if a.h.WillTerminate != nil {
		a.h.WillTerminate(app)
	}
}

// lcNew makes a simulation with cfg and installs the test app with hooks h
// (nil: no hooks).
func lcNew(cfg simulator.Config, h *lcHooks) (*simulator.Sim, *lcRecorder) {
	if h == nil {
		h = &lcHooks{}
	}
	sim := simulator.New(cfg)
	r := &lcRecorder{start: sim.Config().Start}
	sim.Install(func() appmodel.AppDelegate {
		r.instances++
		return &lcApp{r: r, h: h, inst: r.instances}
	})
	return sim, r
}

// lcAt runs sim until offset at from T+0, then does act, which must succeed.
func lcAt(sim *simulator.Sim, at time.Duration, act func() error) {
	GinkgoHelper()
	lcUntil(sim, at)
	Expect(act()).To(Succeed())
}

// lcUntil runs sim until offset at from T+0.
func lcUntil(sim *simulator.Sim, at time.Duration) {
	GinkgoHelper()
	if d := at - sim.Elapsed(); d > 0 {
		Expect(sim.RunFor(d)).To(Succeed())
	}
	Expect(sim.Elapsed()).To(Equal(at), "the simulation is already past %s", at)
}

// lcSelect returns the trace events that match.
func lcSelect(sim *simulator.Sim, match func(simulator.Event) bool) []simulator.Event {
	var out []simulator.Event
	for _, e := range sim.Trace() {
		if match(e) {
			out = append(out, e)
		}
	}
	return out
}

func lcKind(k simulator.Kind) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.Kind == k }
}

// lcCallbacks lists the AppDelegate methods in the trace, in order, as
// "pid:Name".
func lcCallbacks(sim *simulator.Sim) []string {
	var out []string
	for _, e := range lcSelect(sim, lcKind(simulator.KindAppCallback)) {
		out = append(out, fmt.Sprintf("%d:%s", e.Process, e.Callback))
	}
	return out
}

// lcTransitions lists the lifecycle transitions in the trace as
// "T+mm:ss.mmm from->to (cause)".
func lcTransitions(sim *simulator.Sim) []string {
	var out []string
	for _, e := range lcSelect(sim, lcKind(simulator.KindTransition)) {
		out = append(out, lcTransition(e))
	}
	return out
}

func lcTransition(e simulator.Event) string {
	return fmt.Sprintf("%s %s->%s (%s)", lcT(e.At), e.From, e.To, e.Cause)
}

// lcT formats an offset as the trace does.
func lcT(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("T+%02d:%02d.%03d", ms/60000, ms/1000%60, ms%1000)
}

// lcSuspensions are the times the app was suspended.
func lcSuspensions(sim *simulator.Sim) []time.Duration {
	var out []time.Duration
	for _, e := range lcSelect(sim, lcKind(simulator.KindTransition)) {
		if e.To == appmodel.Suspended.String() {
			out = append(out, e.At)
		}
	}
	return out
}

// lcTerminations are the process.terminate events.
func lcTerminations(sim *simulator.Sim) []simulator.Event {
	return lcSelect(sim, lcKind(simulator.KindTerminate))
}

// lcViolations are the violations of rule.
func lcViolations(sim *simulator.Sim, rule simulator.Rule) []simulator.Violation {
	var out []simulator.Violation
	for _, v := range sim.Violations() {
		if v.Rule == rule {
			out = append(out, v)
		}
	}
	return out
}

// lcLogs are the app.log events whose detail is what.
func lcLogs(sim *simulator.Sim, what string) []simulator.Event {
	return lcSelect(sim, func(e simulator.Event) bool { return e.Kind == simulator.KindLog && e.Detail == what })
}

// lcLaunchToHome launches the app at 0 and sends it home at home.
func lcLaunchToHome(sim *simulator.Sim, home time.Duration) {
	GinkgoHelper()
	lcAt(sim, 0, sim.Launch)
	Expect(sim.State()).To(Equal(appmodel.Active))
	lcAt(sim, home, sim.Home)
}
