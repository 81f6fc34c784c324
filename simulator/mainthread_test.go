package simulator_test

// Behaviour specs of the main thread (R-D5): which code runs on it, and
// what a UI update off it costs under each MainThreadPolicy.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

var _ = Describe("R-D5: the main thread", func() {
	// onMain records IsMainThread by label.
	var onMain map[string]bool
	BeforeEach(func() { onMain = map[string]bool{} })

	It("R-D5: AppDelegate methods run on the main thread; App.DispatchBackground's queue is not the main thread", func() {
		sim, r := lcNew(simulator.Config{}, &lcHooks{
			OnActivated: func(app appmodel.App) {
				onMain["OnActivated"] = app.IsMainThread()
				app.DispatchBackground(func() {
					onMain["background"] = app.IsMainThread()
					app.Log("on background")
				})
			},
		})
		lcLaunchToHome(sim, 10*lcSec)
		lcAt(sim, 20*lcSec, sim.Launch)
		lcAt(sim, 25*lcSec, sim.MemoryPressureKill)

		for _, x := range r.recs {
			Expect(x.Main).To(BeTrue(), "%s ran off the main thread", x.What)
		}
		Expect(r.whats()).To(ContainElements("FinishedLaunching(user)", "OnActivated", "OnResignActivation",
			"DidEnterBackground", "WillEnterForeground", "WillTerminate"))
		Expect(onMain).To(Equal(map[string]bool{"OnActivated": true, "background": false}))
		logs := lcLogs(sim, "on background")
		Expect(logs).NotTo(BeEmpty())
		for _, e := range logs {
			Expect(e.Queue).To(Equal(simulator.QueueGlobal))
		}
		for _, e := range lcSelect(sim, lcKind(simulator.KindAppCallback)) {
			Expect(e.Queue).To(Equal(simulator.QueueMain))
		}
	})

	It("R-D5: code outside the app's queues (the test itself) is not on the main thread", func() {
		sim, r := lcNew(simulator.Config{}, nil)
		lcAt(sim, 0, sim.Launch)
		Expect(r.lastApp().IsMainThread()).To(BeFalse())
	})

	It("R-D5: a UI update on the main thread is fine", func() {
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			OnActivated: func(app appmodel.App) { app.UpdateUI("title") },
		})
		lcAt(sim, 0, sim.Launch)
		lcUntil(sim, lcSec)
		ui := lcSelect(sim, lcKind(simulator.KindUI))
		Expect(ui).To(HaveLen(1))
		Expect(ui[0].Queue).To(Equal(simulator.QueueMain))
		Expect(ui[0].Detail).To(Equal("title"))
		Expect(sim.Violations()).To(BeEmpty())
		Expect(sim.State()).To(Equal(appmodel.Active))
	})

	It("R-D5: a UI update off the main thread is a violation and, under the default policy terminate, a crash", func() {
		sim, r := lcNew(simulator.Config{}, &lcHooks{
			OnActivated: func(app appmodel.App) {
				app.DispatchBackground(func() {
					app.Work(2*lcSec, func() {
						app.UpdateUI("progress 50%")
						app.Log("after the update")
					})
				})
			},
		})
		Expect(sim.Config().MainThreadPolicy).To(Equal(simulator.PolicyTerminate))
		lcAt(sim, 0, sim.Launch)
		lcUntil(sim, 10*lcSec)

		ui := lcSelect(sim, lcKind(simulator.KindUI))
		Expect(ui).To(HaveLen(1))
		Expect(ui[0].Queue).To(Equal(simulator.QueueGlobal))
		v := lcViolations(sim, simulator.RuleD5)
		Expect(v).To(HaveLen(1))
		Expect(v[0].At).To(Equal(2 * lcSec))
		Expect(v[0].Detail).To(And(ContainSubstring("progress 50%"), ContainSubstring(simulator.QueueGlobal)))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(2 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermCrash)))
		Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
		Expect(sim.State()).To(Equal(appmodel.Terminated))
		Expect(r.of("WillTerminate")).To(BeEmpty())
		Expect(lcLogs(sim, "after the update")).To(BeEmpty(), "a terminated app runs no more code")
	})

	It("R-D5: under PolicyReport a UI update off the main thread is a violation and the app keeps running", func() {
		sim, _ := lcNew(simulator.Config{MainThreadPolicy: simulator.PolicyReport}, &lcHooks{
			OnActivated: func(app appmodel.App) {
				app.DispatchBackground(func() {
					app.UpdateUI("progress 50%")
					app.Log("after the update")
				})
			},
		})
		Expect(simulator.PolicyReport.String()).To(Equal("report"))
		Expect(simulator.PolicyTerminate.String()).To(Equal("terminate"))
		lcAt(sim, 0, sim.Launch)
		lcUntil(sim, 10*lcSec)

		Expect(lcViolations(sim, simulator.RuleD5)).To(HaveLen(1))
		Expect(lcTerminations(sim)).To(BeEmpty())
		Expect(sim.State()).To(Equal(appmodel.Active))
		Expect(lcLogs(sim, "after the update")).To(HaveLen(1))
	})

	It("R-D5: InvokeOnMainThread from the background queue runs the block on the main thread, after the background code", func() {
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			OnActivated: func(app appmodel.App) {
				app.DispatchBackground(func() {
					app.Work(3*lcSec, func() {
						app.InvokeOnMainThread(func() {
							onMain["invoked"] = app.IsMainThread()
							app.UpdateUI("done")
							app.Log("invoked")
						})
						app.Log("background returns")
					})
				})
			},
		})
		lcAt(sim, 0, sim.Launch)
		lcUntil(sim, 10*lcSec)

		Expect(onMain).To(Equal(map[string]bool{"invoked": true}))
		Expect(sim.Violations()).To(BeEmpty())
		ui := lcSelect(sim, lcKind(simulator.KindUI))
		Expect(ui).To(HaveLen(1))
		Expect(ui[0].Queue).To(Equal(simulator.QueueMain))
		Expect(ui[0].At).To(Equal(3 * lcSec))
		bg, inv := lcLogs(sim, "background returns"), lcLogs(sim, "invoked")
		Expect(bg).To(HaveLen(1))
		Expect(inv).To(HaveLen(1))
		Expect(bg[0].Queue).To(Equal(simulator.QueueGlobal))
		Expect(inv[0].Queue).To(Equal(simulator.QueueMain))
		Expect(bg[0].Seq).To(BeNumerically("<", inv[0].Seq), "the block is queued, not run inline")
		Expect(sim.State()).To(Equal(appmodel.Active))
	})

	It("R-D5: the main queue is serial: a block queued while main-queue work is busy waits for it", func() {
		sim, _ := lcNew(simulator.Config{}, &lcHooks{
			OnActivated: func(app appmodel.App) {
				app.InvokeOnMainThread(func() {
					app.Work(4*lcSec, func() { app.Log("long main work done") })
				})
				app.DispatchBackground(func() {
					app.Work(lcSec, func() {
						app.InvokeOnMainThread(func() { app.Log("queued behind") })
					})
				})
			},
		})
		lcAt(sim, 0, sim.Launch)
		lcUntil(sim, 10*lcSec)
		done, behind := lcLogs(sim, "long main work done"), lcLogs(sim, "queued behind")
		Expect(done).To(HaveLen(1))
		Expect(behind).To(HaveLen(1))
		Expect(done[0].At).To(Equal(4 * lcSec))
		Expect(behind[0].At).To(Equal(4 * lcSec))
		Expect(done[0].Seq).To(BeNumerically("<", behind[0].Seq))
	})
})
