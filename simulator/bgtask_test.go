package simulator_test

// Behaviour specs of background-task assertions (R-L4): what keeps a
// background app running past the grace period, for how long, and what
// happens when the app does not end its task.

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// lcExpiry is one run of an expiration handler, as the handler saw it.
type lcExpiry struct {
	Name string
	At   time.Duration
	Main bool
}

var _ = Describe("R-L4: background tasks", func() {
	var (
		start    time.Time
		expiries []lcExpiry
	)
	BeforeEach(func() {
		start = simulator.DefaultStart
		expiries = nil
	})
	// expiry returns an expiration handler that records its run and, with
	// end, ends the task.
	expiry := func(app appmodel.App, name string, id *appmodel.BackgroundTaskID, end bool) func() {
		return func() {
			expiries = append(expiries, lcExpiry{Name: name, At: app.Now().Sub(start), Main: app.IsMainThread()})
			if end {
				app.EndBackgroundTask(*id)
			}
		}
	}

	It("R-L4: BeginBackgroundTask keeps the app running past the grace; EndBackgroundTask then suspends it at once", func() {
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				id := app.BeginBackgroundTask("upload", nil)
				app.After(12*lcSec, func() { app.EndBackgroundTask(id) })
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(21 * lcSec)
		Expect(sim.State()).To(Equal(appmodel.Background), "the task must keep the app running past the 5 s grace")
		env.RunTo(time.Minute)

		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 22*lcSec)))
		begins := env.Events(simulator.Pattern{Kind: simulator.KindBGTaskBegin})
		ends := env.Events(simulator.Pattern{Kind: simulator.KindBGTaskEnd})
		Expect(begins).To(HaveLen(1))
		Expect(ends).To(HaveLen(1))
		Expect(begins[0].At).To(Equal(10 * lcSec))
		Expect(begins[0].Detail).To(Equal("upload"))
		Expect(begins[0].Rule).To(Equal(simulator.RuleL4))
		Expect(ends[0].At).To(Equal(22 * lcSec))
		Expect(ends[0].BGTask).To(Equal(begins[0].BGTask))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindBGTaskExpire})).To(BeEmpty())
		Expect(sim.Violations()).To(BeEmpty())
	})

	It("R-L4: a task ended within the grace leaves the suspension at the end of the grace", func() {
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				id := app.BeginBackgroundTask("save", nil)
				app.After(2*lcSec, func() { app.EndBackgroundTask(id) })
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(time.Minute)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 15*lcSec)))
		Expect(sim.Violations()).To(BeEmpty())
	})

	It("R-L4: the expiration handler runs on the main queue BackgroundTaskExpiryWarning before the budget; ending the task there suspends the app", func() {
		var id appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, true))
			},
		}))
		sim := env.Sim()
		Expect(sim.Config().BackgroundTaskBudget).To(Equal(30 * lcSec))
		Expect(sim.Config().BackgroundTaskExpiryWarning).To(Equal(5 * lcSec))
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(2 * time.Minute)

		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 35 * lcSec, Main: true}}))
		exp := env.Events(simulator.Pattern{Kind: simulator.KindBGTaskExpire})
		Expect(exp).To(HaveLen(1))
		Expect(exp[0].At).To(Equal(35 * lcSec))
		Expect(exp[0].BGTask).To(Equal(int(id)))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 35*lcSec)))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(BeEmpty())
		Expect(sim.Violations()).To(BeEmpty())
	})

	It("R-L4: a task not ended by the end of its budget gets the app killed by the watchdog, with no WillTerminate", func() {
		var id appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, false))
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(39 * lcSec)
		Expect(sim.State()).To(Equal(appmodel.Background))
		env.RunTo(2 * time.Minute)

		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 35 * lcSec, Main: true}}))
		v := env.ViolationsOf(simulator.RuleL4)
		Expect(v).To(HaveLen(1))
		Expect(v[0].At).To(Equal(40 * lcSec))
		Expect(v[0].Detail).To(ContainSubstring("upload"))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
		Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
		Expect(sim.State()).To(Equal(appmodel.Terminated))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(BeEmpty())
		Expect(env.CallsOf(simulator.CbWillTerminate)).To(BeEmpty())
	})

	It("R-L4: the budget counts from entering the background: a task begun 10 s after gets 20 s", func() {
		var first, late appmodel.BackgroundTaskID
		var lateAt time.Duration
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				first = app.BeginBackgroundTask("first", nil)
				app.After(10*lcSec, func() {
					lateAt = app.Now().Sub(start)
					late = app.BeginBackgroundTask("late", expiry(app, "late", &late, false))
					app.EndBackgroundTask(first)
				})
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(2 * time.Minute)

		Expect(lateAt).To(Equal(20 * lcSec))
		Expect(late).NotTo(Equal(first))
		Expect(expiries).To(Equal([]lcExpiry{{Name: "late", At: 35 * lcSec, Main: true}}))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40*lcSec), "the late task got %s, not 20 s", ends[0].At-lateAt)
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
		Expect(env.ViolationsOf(simulator.RuleL4)).To(HaveLen(1))
	})

	It("R-L4: the budget counts from entering the background: the first task, begun 10 s in (within a 15 s grace), gets 20 s", func() {
		var id appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithConfig(simulator.Config{BackgroundGrace: 15 * lcSec}), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				app.After(10*lcSec, func() {
					id = app.BeginBackgroundTask("late", expiry(app, "late", &id, false))
				})
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(2 * time.Minute)

		begins := env.Events(simulator.Pattern{Kind: simulator.KindBGTaskBegin})
		Expect(begins).To(HaveLen(1))
		Expect(begins[0].At).To(Equal(20 * lcSec))
		Expect(expiries).To(Equal([]lcExpiry{{Name: "late", At: 35 * lcSec, Main: true}}))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
	})

	It("R-L4: a task begun right after the only open one ended shares what is left of the budget", func() {
		var first, second appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				first = app.BeginBackgroundTask("first", nil)
				app.After(10*lcSec, func() {
					app.EndBackgroundTask(first)
					second = app.BeginBackgroundTask("second", expiry(app, "second", &second, false))
				})
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(2 * time.Minute)

		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(BeEmpty())
		Expect(expiries).To(Equal([]lcExpiry{{Name: "second", At: 35 * lcSec, Main: true}}))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40 * lcSec))
	})

	It("R-L4: a task begun in the foreground does not count down until the app enters the background", func() {
		var id appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			OnActivated: func(app appmodel.App) {
				if id == appmodel.InvalidBackgroundTask {
					id = app.BeginBackgroundTask("sync", expiry(app, "sync", &id, false))
				}
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(id).NotTo(Equal(appmodel.InvalidBackgroundTask))
		env.At(time.Minute, sim.Home)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindBGTaskExpire})).To(BeEmpty())
		env.RunTo(3 * time.Minute)

		Expect(expiries).To(Equal([]lcExpiry{{Name: "sync", At: 85 * lcSec, Main: true}}))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(90 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
	})

	It("R-L4: returning to the foreground stops the countdown; the next stay in the background gets a full budget", func() {
		var id appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				if id == appmodel.InvalidBackgroundTask {
					id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, false))
				}
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.At(30*lcSec, sim.Launch)
		env.RunTo(2 * time.Minute)
		Expect(sim.State()).To(Equal(appmodel.Active))
		Expect(expiries).To(BeEmpty())
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(BeEmpty())

		env.At(2*time.Minute, sim.Home)
		env.RunTo(5 * time.Minute)
		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 2*time.Minute + 25*lcSec, Main: true}}))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(2*time.Minute + 30*lcSec))
	})

	It("R-L4: a custom BackgroundTaskBudget and BackgroundTaskExpiryWarning set the times", func() {
		var id appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithConfig(simulator.Config{BackgroundTaskBudget: 12 * lcSec, BackgroundTaskExpiryWarning: 2 * lcSec}), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, false))
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(time.Minute)
		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 20 * lcSec, Main: true}}))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(22 * lcSec))
	})

	It("R-L4: every open task's expiration handler runs; ending them all suspends the app", func() {
		var a, b appmodel.BackgroundTaskID
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			DidEnterBackground: func(app appmodel.App) {
				a = app.BeginBackgroundTask("a", expiry(app, "a", &a, true))
				b = app.BeginBackgroundTask("b", expiry(app, "b", &b, true))
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.RunTo(time.Minute)
		Expect(a).NotTo(Equal(b))
		Expect(expiries).To(Equal([]lcExpiry{{Name: "a", At: 35 * lcSec, Main: true}, {Name: "b", At: 35 * lcSec, Main: true}}))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 35*lcSec)))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(BeEmpty())
	})

	It("R-L4: EndBackgroundTask of an unknown id is a violation, and the app keeps running", func() {
		env := simtest.New(GinkgoTB())
		sim := env.Sim()
		env.At(0, sim.Launch)
		app := env.App(1)
		app.InvokeOnMainThread(func() { app.EndBackgroundTask(appmodel.BackgroundTaskID(42)) })
		env.RunTo(lcSec)

		v := env.ViolationsOf(simulator.RuleL4)
		Expect(v).To(HaveLen(1))
		Expect(v[0].Detail).To(ContainSubstring("42"))
		Expect(v[0].Process).To(Equal(1))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindViolation})).To(ConsistOf(HaveField("Rule", simulator.RuleL4)))
		Expect(sim.State()).To(Equal(appmodel.Active))
	})

	It("R-L4: ending the same task twice is a violation the second time", func() {
		env := simtest.New(GinkgoTB())
		sim := env.Sim()
		env.At(0, sim.Launch)
		app := env.App(1)
		app.InvokeOnMainThread(func() {
			id := app.BeginBackgroundTask("once", nil)
			app.EndBackgroundTask(id)
			app.EndBackgroundTask(id)
		})
		env.RunTo(lcSec)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindBGTaskEnd})).To(HaveLen(1))
		Expect(env.ViolationsOf(simulator.RuleL4)).To(HaveLen(1))
		Expect(sim.State()).To(Equal(appmodel.Active))
	})
})
