package simulator_test

// Behaviour specs of the main thread (R-D5): which code runs on it, and
// what a UI update off it costs under each MainThreadPolicy.

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

var _ = Describe("R-D5: the main thread", func() {
	// onMain records IsMainThread by label.
	var onMain map[string]bool
	BeforeEach(func() { onMain = map[string]bool{} })

	It("R-D5: AppDelegate methods run on the main thread; App.DispatchBackground's queue is not the main thread", func() {
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			OnActivated: func(app appmodel.App) {
				onMain["OnActivated"] = app.IsMainThread()
				app.DispatchBackground(func() {
					onMain["background"] = app.IsMainThread()
					app.Log("on background")
				})
			},
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.At(20*lcSec, sim.Launch)
		env.At(25*lcSec, sim.MemoryPressureKill)

		for _, x := range env.Calls() {
			Expect(x.Main).To(BeTrue(), "%s ran off the main thread", x)
		}
		Expect(env.Calls()).To(ContainElement(And(HaveField("Callback", simulator.CbFinishedLaunching), HaveField("Launch.Reason", appmodel.LaunchUser))))
		Expect(env.Callbacks(1)).To(ContainElements(simulator.CbFinishedLaunching, simulator.CbOnActivated, simulator.CbOnResignActivation,
			simulator.CbDidEnterBackground, simulator.CbWillEnterForeground, simulator.CbWillTerminate))
		Expect(onMain).To(Equal(map[string]bool{"OnActivated": true, "background": false}))
		logs := env.Logs("on background")
		Expect(logs).NotTo(BeEmpty())
		for _, e := range logs {
			Expect(e.Queue).To(Equal(simulator.QueueGlobal))
		}
		for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindAppCallback}) {
			Expect(e.Queue).To(Equal(simulator.QueueMain))
		}
	})

	It("R-D5: code outside the app's queues (the test itself) is not on the main thread", func() {
		env := simtest.New(GinkgoTB())
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(env.App(1).IsMainThread()).To(BeFalse())
	})

	It("R-D5: a UI update on the main thread is fine", func() {
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			OnActivated: func(app appmodel.App) { app.UpdateUI("title") },
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.RunTo(lcSec)
		ui := env.Events(simulator.Pattern{Kind: simulator.KindUI})
		Expect(ui).To(HaveLen(1))
		Expect(ui[0].Queue).To(Equal(simulator.QueueMain))
		Expect(ui[0].Detail).To(Equal("title"))
		Expect(sim.Violations()).To(BeEmpty())
		Expect(sim.State()).To(Equal(appmodel.Active))
	})

	It("R-D5: a UI update off the main thread is a violation and, under the default policy terminate, a crash", func() {
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			OnActivated: func(app appmodel.App) {
				app.DispatchBackground(func() {
					app.Work(2*lcSec, func() {
						app.UpdateUI("progress 50%")
						app.Log("after the update")
					})
				})
			},
		}))
		sim := env.Sim()
		Expect(sim.Config().MainThreadPolicy).To(Equal(simulator.PolicyTerminate))
		env.At(0, sim.Launch)
		env.RunTo(10 * lcSec)

		ui := env.Events(simulator.Pattern{Kind: simulator.KindUI})
		Expect(ui).To(HaveLen(1))
		Expect(ui[0].Queue).To(Equal(simulator.QueueGlobal))
		v := env.ViolationsOf(simulator.RuleD5)
		Expect(v).To(HaveLen(1))
		Expect(v[0].At).To(Equal(2 * lcSec))
		Expect(v[0].Detail).To(And(ContainSubstring("progress 50%"), ContainSubstring(simulator.QueueGlobal)))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(2 * lcSec))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermCrash)))
		Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
		Expect(sim.State()).To(Equal(appmodel.Terminated))
		Expect(env.CallsOf(simulator.CbWillTerminate)).To(BeEmpty())
		Expect(env.Logs("after the update")).To(BeEmpty(), "a terminated app runs no more code")
	})

	It("R-D5: under PolicyReport a UI update off the main thread is a violation and the app keeps running", func() {
		env := simtest.New(GinkgoTB(), simtest.WithConfig(simulator.Config{MainThreadPolicy: simulator.PolicyReport}), simtest.WithHooks(simtest.Hooks{
			OnActivated: func(app appmodel.App) {
				app.DispatchBackground(func() {
					app.UpdateUI("progress 50%")
					app.Log("after the update")
				})
			},
		}))
		sim := env.Sim()
		Expect(simulator.PolicyReport.String()).To(Equal("report"))
		Expect(simulator.PolicyTerminate.String()).To(Equal("terminate"))
		env.At(0, sim.Launch)
		env.RunTo(10 * lcSec)

		Expect(env.ViolationsOf(simulator.RuleD5)).To(HaveLen(1))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(BeEmpty())
		Expect(sim.State()).To(Equal(appmodel.Active))
		Expect(env.Logs("after the update")).To(HaveLen(1))
	})

	It("R-D5: InvokeOnMainThread from the background queue runs the block on the main thread, after the background code", func() {
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
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
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.RunTo(10 * lcSec)

		Expect(onMain).To(Equal(map[string]bool{"invoked": true}))
		Expect(sim.Violations()).To(BeEmpty())
		ui := env.Events(simulator.Pattern{Kind: simulator.KindUI})
		Expect(ui).To(HaveLen(1))
		Expect(ui[0].Queue).To(Equal(simulator.QueueMain))
		Expect(ui[0].At).To(Equal(3 * lcSec))
		bg, inv := env.Logs("background returns"), env.Logs("invoked")
		Expect(bg).To(HaveLen(1))
		Expect(inv).To(HaveLen(1))
		Expect(bg[0].Queue).To(Equal(simulator.QueueGlobal))
		Expect(inv[0].Queue).To(Equal(simulator.QueueMain))
		Expect(bg[0].Seq).To(BeNumerically("<", inv[0].Seq), "the block is queued, not run inline")
		Expect(sim.State()).To(Equal(appmodel.Active))
	})

	It("R-D5: the main queue is serial: a block queued while main-queue work is busy waits for it", func() {
		env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
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
		}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.RunTo(10 * lcSec)
		done, behind := env.Logs("long main work done"), env.Logs("queued behind")
		Expect(done).To(HaveLen(1))
		Expect(behind).To(HaveLen(1))
		Expect(done[0].At).To(Equal(4 * lcSec))
		Expect(behind[0].At).To(Equal(4 * lcSec))
		Expect(done[0].Seq).To(BeNumerically("<", behind[0].Seq))
	})
})
