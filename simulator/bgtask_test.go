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
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				id := app.BeginBackgroundTask("upload", nil)
				app.After(12*lcSec, func() { app.EndBackgroundTask(id) })
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, 21*lcSec)
		Expect(sim.State()).To(Equal(appmodel.Background), "the task must keep the app running past the 5 s grace")
		lcUntil(sim, time.Minute)

		Expect(lcSuspensions(sim)).To(Equal([]time.Duration{22 * lcSec}))
		begins := lcSelect(sim, lcKind(simulator.KindBGTaskBegin))
		ends := lcSelect(sim, lcKind(simulator.KindBGTaskEnd))
		Expect(begins).To(HaveLen(1))
		Expect(ends).To(HaveLen(1))
		Expect(begins[0].At).To(Equal(10 * lcSec))
		Expect(begins[0].Detail).To(Equal("upload"))
		Expect(begins[0].Rule).To(Equal(simulator.RuleL4))
		Expect(ends[0].At).To(Equal(22 * lcSec))
		Expect(ends[0].Task).To(Equal(begins[0].Task))
		Expect(lcSelect(sim, lcKind(simulator.KindBGTaskExpire))).To(BeEmpty())
		Expect(sim.Violations()).To(BeEmpty())
	})

	It("R-L4: a task ended within the grace leaves the suspension at the end of the grace", func() {
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				id := app.BeginBackgroundTask("save", nil)
				app.After(2*lcSec, func() { app.EndBackgroundTask(id) })
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, time.Minute)
		Expect(lcSuspensions(sim)).To(Equal([]time.Duration{15 * lcSec}))
		Expect(sim.Violations()).To(BeEmpty())
	})

	It("R-L4: the expiration handler runs on the main queue BackgroundTaskExpiryWarning before the budget; ending the task there suspends the app", func() {
		var id appmodel.BackgroundTaskID
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, true))
			},
		})
		Expect(sim.Config().BackgroundTaskBudget).To(Equal(30 * lcSec))
		Expect(sim.Config().BackgroundTaskExpiryWarning).To(Equal(5 * lcSec))
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, 2*time.Minute)

		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 35 * lcSec, Main: true}}))
		exp := lcSelect(sim, lcKind(simulator.KindBGTaskExpire))
		Expect(exp).To(HaveLen(1))
		Expect(exp[0].At).To(Equal(35 * lcSec))
		Expect(exp[0].Task).To(Equal(int(id)))
		Expect(lcSuspensions(sim)).To(Equal([]time.Duration{35 * lcSec}))
		Expect(lcTerminations(sim)).To(BeEmpty())
		Expect(sim.Violations()).To(BeEmpty())
	})

	It("R-L4: a task not ended by the end of its budget gets the app killed by the watchdog, with no WillTerminate", func() {
		var id appmodel.BackgroundTaskID
		sim, r := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, false))
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, 39*lcSec)
		Expect(sim.State()).To(Equal(appmodel.Background))
		lcUntil(sim, 2*time.Minute)

		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 35 * lcSec, Main: true}}))
		v := lcViolations(sim, simulator.RuleL4)
		Expect(v).To(HaveLen(1))
		Expect(v[0].At).To(Equal(40 * lcSec))
		Expect(v[0].Detail).To(ContainSubstring("upload"))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
		Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
		Expect(sim.State()).To(Equal(appmodel.Terminated))
		Expect(lcSuspensions(sim)).To(BeEmpty())
		Expect(r.of("WillTerminate")).To(BeEmpty())
	})

	It("R-L4: the budget counts from entering the background: a task begun 10 s after gets 20 s", func() {
		var first, late appmodel.BackgroundTaskID
		var lateAt time.Duration
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				first = app.BeginBackgroundTask("first", nil)
				app.After(10*lcSec, func() {
					lateAt = app.Now().Sub(start)
					late = app.BeginBackgroundTask("late", expiry(app, "late", &late, false))
					app.EndBackgroundTask(first)
				})
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, 2*time.Minute)

		Expect(lateAt).To(Equal(20 * lcSec))
		Expect(late).NotTo(Equal(first))
		Expect(expiries).To(Equal([]lcExpiry{{Name: "late", At: 35 * lcSec, Main: true}}))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40*lcSec), "the late task got %s, not 20 s", ends[0].At-lateAt)
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
		Expect(lcViolations(sim, simulator.RuleL4)).To(HaveLen(1))
	})

	It("R-L4: the budget counts from entering the background: the first task, begun 10 s in (within a 15 s grace), gets 20 s", func() {
		var id appmodel.BackgroundTaskID
		sim, _ := lcNew(simulator.Config{BackgroundGrace: 15 * lcSec}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				app.After(10*lcSec, func() {
					id = app.BeginBackgroundTask("late", expiry(app, "late", &id, false))
				})
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, 2*time.Minute)

		begins := lcSelect(sim, lcKind(simulator.KindBGTaskBegin))
		Expect(begins).To(HaveLen(1))
		Expect(begins[0].At).To(Equal(20 * lcSec))
		Expect(expiries).To(Equal([]lcExpiry{{Name: "late", At: 35 * lcSec, Main: true}}))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
	})

	It("R-L4: a task begun right after the only open one ended shares what is left of the budget", func() {
		var first, second appmodel.BackgroundTaskID
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				first = app.BeginBackgroundTask("first", nil)
				app.After(10*lcSec, func() {
					app.EndBackgroundTask(first)
					second = app.BeginBackgroundTask("second", expiry(app, "second", &second, false))
				})
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, 2*time.Minute)

		Expect(lcSuspensions(sim)).To(BeEmpty())
		Expect(expiries).To(Equal([]lcExpiry{{Name: "second", At: 35 * lcSec, Main: true}}))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(40 * lcSec))
	})

	It("R-L4: a task begun in the foreground does not count down until the app enters the background", func() {
		var id appmodel.BackgroundTaskID
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			OnActivated: func(app appmodel.App) {
				if id == appmodel.InvalidBackgroundTask {
					id = app.BeginBackgroundTask("sync", expiry(app, "sync", &id, false))
				}
			},
		})
		lcAt(sim, 0, sim.Launch)
		Expect(id).NotTo(Equal(appmodel.InvalidBackgroundTask))
		lcAt(sim, time.Minute, sim.Home)
		Expect(lcSelect(sim, lcKind(simulator.KindBGTaskExpire))).To(BeEmpty())
		lcUntil(sim, 3*time.Minute)

		Expect(expiries).To(Equal([]lcExpiry{{Name: "sync", At: 85 * lcSec, Main: true}}))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(90 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
	})

	It("R-L4: returning to the foreground stops the countdown; the next stay in the background gets a full budget", func() {
		var id appmodel.BackgroundTaskID
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				if id == appmodel.InvalidBackgroundTask {
					id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, false))
				}
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcAt(sim, 30*lcSec, sim.Launch)
		lcUntil(sim, 2*time.Minute)
		Expect(sim.State()).To(Equal(appmodel.Active))
		Expect(expiries).To(BeEmpty())
		Expect(lcTerminations(sim)).To(BeEmpty())

		lcAt(sim, 2*time.Minute, sim.Home)
		lcUntil(sim, 5*time.Minute)
		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 2*time.Minute + 25*lcSec, Main: true}}))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(2*time.Minute + 30*lcSec))
	})

	It("R-L4: a custom BackgroundTaskBudget and BackgroundTaskExpiryWarning set the times", func() {
		var id appmodel.BackgroundTaskID
		sim, _ := lcNew(simulator.Config{BackgroundTaskBudget: 12 * lcSec, BackgroundTaskExpiryWarning: 2 * lcSec}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				id = app.BeginBackgroundTask("upload", expiry(app, "upload", &id, false))
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, time.Minute)
		Expect(expiries).To(Equal([]lcExpiry{{Name: "upload", At: 20 * lcSec, Main: true}}))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(22 * lcSec))
	})

	It("R-L4: every open task's expiration handler runs; ending them all suspends the app", func() {
		var a, b appmodel.BackgroundTaskID
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			DidEnterBackground: func(app appmodel.App) {
				a = app.BeginBackgroundTask("a", expiry(app, "a", &a, true))
				b = app.BeginBackgroundTask("b", expiry(app, "b", &b, true))
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcUntil(sim, time.Minute)
		Expect(a).NotTo(Equal(b))
		Expect(expiries).To(Equal([]lcExpiry{{Name: "a", At: 35 * lcSec, Main: true}, {Name: "b", At: 35 * lcSec, Main: true}}))
		Expect(lcSuspensions(sim)).To(Equal([]time.Duration{35 * lcSec}))
		Expect(lcTerminations(sim)).To(BeEmpty())
	})

	It("R-L4: EndBackgroundTask of an unknown id is a violation, and the app keeps running", func() {
		sim, r := lcNew(simulator.Config{}, nil)
		lcAt(sim, 0, sim.Launch)
		app := r.lastApp()
		app.InvokeOnMainThread(func() { app.EndBackgroundTask(appmodel.BackgroundTaskID(42)) })
		lcUntil(sim, lcSec)

		v := lcViolations(sim, simulator.RuleL4)
		Expect(v).To(HaveLen(1))
		Expect(v[0].Detail).To(ContainSubstring("42"))
		Expect(v[0].Process).To(Equal(1))
		Expect(lcSelect(sim, lcKind(simulator.KindViolation))).To(ConsistOf(HaveField("Rule", simulator.RuleL4)))
		Expect(sim.State()).To(Equal(appmodel.Active))
	})

	It("R-L4: ending the same task twice is a violation the second time", func() {
		sim, r := lcNew(simulator.Config{}, nil)
		lcAt(sim, 0, sim.Launch)
		app := r.lastApp()
		app.InvokeOnMainThread(func() {
			id := app.BeginBackgroundTask("once", nil)
			app.EndBackgroundTask(id)
			app.EndBackgroundTask(id)
		})
		lcUntil(sim, lcSec)
		Expect(lcSelect(sim, lcKind(simulator.KindBGTaskEnd))).To(HaveLen(1))
		Expect(lcViolations(sim, simulator.RuleL4)).To(HaveLen(1))
		Expect(sim.State()).To(Equal(appmodel.Active))
	})
})
