package simulator

// Internal specs of the lifecycle table: every (state, event) pair, fired
// directly with the unexported fire and launch, since some events (activate,
// enter-background, suspend, background-launch, background-resume,
// watchdog-kill) have no public action. Ginkgo and Gomega are imported by
// name, not with dot imports, so that their many exported names cannot clash
// with the package's own.

import (
	"errors"
	"fmt"
	"time"

	gk "github.com/onsi/ginkgo/v2"
	gm "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
)

// lcTableCall is one AppDelegate method as the internal test app saw it.
type lcTableCall struct {
	Instance int
	Callback string
	Reason   string // FinishedLaunching's launch reason
	State    appmodel.State
	Main     bool
}

// lcTableApp records its AppDelegate calls into a log shared by every
// instance the factory makes.
type lcTableApp struct {
	appmodel.AppDelegateBase
	inst int
	log  *[]lcTableCall
}

func (a *lcTableApp) rec(app appmodel.App, cb Callback, reason string) {
	*a.log = append(*a.log, lcTableCall{Instance: a.inst, Callback: string(cb), Reason: reason,
		State: app.State(), Main: app.IsMainThread()})
}

func (a *lcTableApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a.rec(app, CbFinishedLaunching, opts.Reason.String())
}
func (a *lcTableApp) OnActivated(app appmodel.App)         { a.rec(app, CbOnActivated, "") }
func (a *lcTableApp) OnResignActivation(app appmodel.App)  { a.rec(app, CbOnResignActivation, "") }
func (a *lcTableApp) DidEnterBackground(app appmodel.App)  { a.rec(app, CbDidEnterBackground, "") }
func (a *lcTableApp) WillEnterForeground(app appmodel.App) { a.rec(app, CbWillEnterForeground, "") }
func (a *lcTableApp) WillTerminate(app appmodel.App)       { a.rec(app, CbWillTerminate, "") }

// lcTableFixture is a simulation with the internal test app installed.
type lcTableFixture struct {
	s         *Sim
	calls     []lcTableCall
	instances int
}

func lcNewTableFixture() *lcTableFixture {
	f := &lcTableFixture{s: New(Config{})}
	f.s.Install(func() appmodel.AppDelegate {
		f.instances++
		return &lcTableApp{inst: f.instances, log: &f.calls}
	})
	return f
}

// lcReach brings a fresh simulation into state st through public actions
// (and, for inactive, one internal step), with every consequence due now
// already run.
func lcReach(st appmodel.State) *lcTableFixture {
	gk.GinkgoHelper()
	f := lcNewTableFixture()
	s := f.s
	ok := func(err error) { gk.GinkgoHelper(); gm.Expect(err).NotTo(gm.HaveOccurred()) }
	switch st {
	case notRunning:
	case inactive:
		// The user leaves the app, frozen between OnResignActivation and
		// DidEnterBackground: fire resign-active without what follows it.
		ok(s.Launch())
		ok(s.fire(EvResignActive, "test: resign without entering the background", nil))
		ok(s.settle(nil))
	case active:
		ok(s.Launch())
	case background:
		ok(s.Launch())
		ok(s.RunFor(time.Second))
		ok(s.Home())
	case suspended:
		ok(s.Launch())
		ok(s.RunFor(time.Second))
		ok(s.Home())
		ok(s.RunFor(s.cfg.BackgroundGrace))
	case terminated:
		ok(s.Launch())
		ok(s.RunFor(time.Second))
		ok(s.MemoryPressureKill())
	default:
		gk.Fail("no way to reach state " + st.String())
	}
	gm.Expect(s.State()).To(gm.Equal(st), "setting up state %s", st)
	return f
}

// lcRowOf finds the public table's row for (st, ev).
func lcRowOf(st appmodel.State, ev LifecycleEvent) (Transition, bool) {
	for _, t := range Transitions() {
		if t.From == st && t.Event == ev {
			return t, true
		}
	}
	return Transition{}, false
}

// lcOptsFor are the launch options of a new process started by ev.
func lcOptsFor(ev LifecycleEvent) appmodel.LaunchOptions {
	if ev == EvBackgroundLaunch {
		return appmodel.LaunchOptions{Reason: appmodel.LaunchURLSession, SessionIdentifier: "com.example.lc.session"}
	}
	return appmodel.LaunchOptions{Reason: appmodel.LaunchUser}
}

var lcTermReasonOf = map[LifecycleEvent]TerminationReason{
	EvSystemKill:   TermMemoryPressure,
	EvForceQuit:    TermUserForceQuit,
	EvCrash:        TermCrash,
	EvWatchdogKill: TermWatchdog,
}

func lcTableEntries() []gk.TableEntry {
	var entries []gk.TableEntry
	for _, st := range AllStates() {
		for _, ev := range AllLifecycleEvents() {
			if row, ok := lcRowOf(st, ev); ok {
				entries = append(entries, gk.Entry(fmt.Sprintf("%s: %s + %s -> %s %v", row.Rule, st, ev, row.To, row.Callbacks), st, ev))
			} else {
				entries = append(entries, gk.Entry(fmt.Sprintf("R-L1: %s + %s is illegal", st, ev), st, ev))
			}
		}
	}
	return entries
}

var _ = gk.Describe("the lifecycle table, fired pair by pair (internal)", func() {
	gk.DescribeTable("every (state, event) pair",
		func(st appmodel.State, ev LifecycleEvent) {
			f := lcReach(st)
			s := f.s
			mark, markCalls := len(s.Trace()), len(f.calls)
			pids, instances, pidBefore := s.Processes(), f.instances, s.Process()
			row, legal := lcRowOf(st, ev)

			if !legal {
				err := s.fire(ev, "test", nil)
				var ite *IllegalTransitionError
				gm.Expect(errors.As(err, &ite)).To(gm.BeTrue(), "fire(%s) in %s: want *IllegalTransitionError, got %v", ev, st, err)
				gm.Expect(ite.State).To(gm.Equal(st))
				gm.Expect(ite.Event).To(gm.Equal(ev))
				gm.Expect(err.Error()).To(gm.And(gm.ContainSubstring(st.String()), gm.ContainSubstring(ev.String())))
				// launch refuses it too, before making a process.
				err = s.launch(ev, lcOptsFor(ev), "test", nil)
				gm.Expect(errors.As(err, &ite)).To(gm.BeTrue(), "launch(%s) in %s: want *IllegalTransitionError, got %v", ev, st, err)
				gm.Expect(ite.State).To(gm.Equal(st))
				gm.Expect(ite.Event).To(gm.Equal(ev))
				// Nothing changed.
				gm.Expect(s.State()).To(gm.Equal(st))
				gm.Expect(s.Trace()).To(gm.HaveLen(mark))
				gm.Expect(s.Processes()).To(gm.Equal(pids))
				gm.Expect(s.Process()).To(gm.Equal(pidBefore))
				gm.Expect(f.instances).To(gm.Equal(instances))
				gm.Expect(s.settle(nil)).To(gm.Succeed())
				gm.Expect(s.State()).To(gm.Equal(st))
				gm.Expect(s.Trace()).To(gm.HaveLen(mark))
				return
			}

			var err error
			if row.NewProcess {
				err = s.launch(ev, lcOptsFor(ev), "test", nil)
			} else {
				err = s.fire(ev, "test", nil)
			}
			gm.Expect(err).NotTo(gm.HaveOccurred())
			gm.Expect(s.settle(nil)).To(gm.Succeed())
			gm.Expect(s.State()).To(gm.Equal(row.To), "state after %s in %s", ev, st)

			added := s.Trace()[mark:]
			// The transition, as the table says, with its rule.
			var tr []Event
			for _, e := range added {
				if e.Kind == KindTransition {
					tr = append(tr, e)
				}
			}
			gm.Expect(tr).To(gm.HaveLen(1), "transitions after %s in %s: %v", ev, st, tr)
			gm.Expect(tr[0].From).To(gm.Equal(st.String()))
			gm.Expect(tr[0].To).To(gm.Equal(row.To.String()))
			gm.Expect(tr[0].Cause).To(gm.Equal(ev.String()))
			gm.Expect(tr[0].Rule).To(gm.Equal(row.Rule))

			// The row's callbacks, in order, in the trace and in the app.
			want := make([]string, len(row.Callbacks))
			for i, cb := range row.Callbacks {
				want[i] = string(cb)
			}
			traced := []string{}
			for _, e := range added {
				if e.Kind == KindAppCallback {
					traced = append(traced, string(e.Callback))
					gm.Expect(e.Queue).To(gm.Equal(QueueMain))
					gm.Expect(e.Process).To(gm.Equal(tr[0].Process))
				}
			}
			gm.Expect(traced).To(gm.Equal(want), "app.callback events after %s in %s", ev, st)
			called := []string{}
			for _, c := range f.calls[markCalls:] {
				called = append(called, c.Callback)
				gm.Expect(c.Main).To(gm.BeTrue(), "%s ran off the main queue", c.Callback)
			}
			gm.Expect(called).To(gm.Equal(want), "AppDelegate methods called after %s in %s", ev, st)

			if row.NewProcess {
				// A new process and a fresh app instance (R-L6).
				gm.Expect(s.Processes()).To(gm.Equal(pids + 1))
				gm.Expect(s.Process()).To(gm.Equal(pids + 1))
				gm.Expect(tr[0].Process).To(gm.Equal(pids + 1))
				gm.Expect(f.instances).To(gm.Equal(instances + 1))
				var launches []Event
				for _, e := range added {
					if e.Kind == KindLaunch {
						launches = append(launches, e)
					}
				}
				gm.Expect(launches).To(gm.HaveLen(1))
				gm.Expect(launches[0].Process).To(gm.Equal(pids + 1))
				gm.Expect(launches[0].Reason).To(gm.Equal(lcOptsFor(ev).Reason.String()))
				for _, c := range f.calls[markCalls:] {
					gm.Expect(c.Instance).To(gm.Equal(instances+1), "%s called on an old instance", c.Callback)
					if c.Callback == string(CbFinishedLaunching) {
						gm.Expect(c.Reason).To(gm.Equal(lcOptsFor(ev).Reason.String()))
						gm.Expect(c.State).To(gm.Equal(row.To), "state during FinishedLaunching")
					}
				}
			} else {
				gm.Expect(s.Processes()).To(gm.Equal(pids))
				gm.Expect(f.instances).To(gm.Equal(instances))
				gm.Expect(tr[0].Process).To(gm.Equal(pidBefore))
				for _, c := range f.calls[markCalls:] {
					gm.Expect(c.Instance).To(gm.Equal(instances), "%s called on another instance", c.Callback)
				}
			}

			if row.To == terminated {
				gm.Expect(s.Process()).To(gm.Equal(0))
				gm.Expect(s.LastTermination()).To(gm.Equal(lcTermReasonOf[ev]))
				var ends []Event
				for _, e := range added {
					if e.Kind == KindTerminate {
						ends = append(ends, e)
					}
				}
				gm.Expect(ends).To(gm.HaveLen(1))
				gm.Expect(ends[0].Process).To(gm.Equal(pidBefore))
				gm.Expect(ends[0].Reason).To(gm.Equal(string(lcTermReasonOf[ev])))
			} else {
				gm.Expect(s.Process()).NotTo(gm.Equal(0))
			}
		},
		lcTableEntries(),
	)

	gk.It("R-L1: the table has one row per legal pair and only known states and events", func() {
		seen := map[[2]int]bool{}
		for _, t := range Transitions() {
			key := [2]int{int(t.From), int(t.Event)}
			gm.Expect(seen[key]).To(gm.BeFalse(), "two rows for %s + %s", t.From, t.Event)
			seen[key] = true
			gm.Expect(AllStates()).To(gm.ContainElement(t.From))
			gm.Expect(AllStates()).To(gm.ContainElement(t.To))
			gm.Expect(AllLifecycleEvents()).To(gm.ContainElement(t.Event))
			gm.Expect(t.Rule).To(gm.MatchRegexp(`^R-[A-Z]\d+$`))
			// Only a launch from a state with no process starts one.
			gm.Expect(t.NewProcess).To(gm.Equal(!t.From.Alive() && t.To.Alive()), "%s + %s", t.From, t.Event)
		}
	})

	gk.It("R-L2: a launch into the background calls FinishedLaunching(url-session) in state background and no OnActivated", func() {
		f := lcNewTableFixture()
		s := f.s
		opts := appmodel.LaunchOptions{Reason: appmodel.LaunchURLSession, SessionIdentifier: "com.example.lc.session"}
		gm.Expect(s.launch(EvBackgroundLaunch, opts, "test: session events", nil)).To(gm.Succeed())
		gm.Expect(s.settle(nil)).To(gm.Succeed())
		gm.Expect(s.RunFor(time.Second)).To(gm.Succeed())

		gm.Expect(f.calls).To(gm.Equal([]lcTableCall{
			{Instance: 1, Callback: string(CbFinishedLaunching), Reason: "url-session", State: background, Main: true},
		}))
		gm.Expect(s.State()).To(gm.Equal(background))
		var launches, cbs []Event
		for _, e := range s.Trace() {
			switch e.Kind {
			case KindLaunch:
				launches = append(launches, e)
			case KindAppCallback:
				cbs = append(cbs, e)
			}
		}
		gm.Expect(launches).To(gm.HaveLen(1))
		gm.Expect(launches[0].Reason).To(gm.Equal("url-session"))
		gm.Expect(launches[0].Session).To(gm.Equal("com.example.lc.session"))
		gm.Expect(cbs).To(gm.HaveLen(1))
		gm.Expect(cbs[0].Callback).To(gm.Equal(CbFinishedLaunching))
		gm.Expect(cbs[0].Reason).To(gm.Equal("url-session"))
	})

	gk.It("R-L5: a suspended app woken in the background runs its waiting main-queue work at the wake, not before", func() {
		f := lcReach(suspended)
		s := f.s
		var app appmodel.App = s.proc.app()
		var ranAt []time.Duration
		app.InvokeOnMainThread(func() { ranAt = append(ranAt, s.Elapsed()) })
		gm.Expect(s.RunFor(time.Minute)).To(gm.Succeed())
		gm.Expect(ranAt).To(gm.BeEmpty(), "main-queue work ran while the app was suspended")
		wake := s.Elapsed()
		gm.Expect(s.fire(EvBackgroundResume, "test: session events", nil)).To(gm.Succeed())
		gm.Expect(s.settle(nil)).To(gm.Succeed())
		gm.Expect(ranAt).To(gm.Equal([]time.Duration{wake}))
	})
})
