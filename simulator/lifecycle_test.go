package simulator_test

// Behaviour specs of the app lifecycle: states (R-L1), callback orders
// (R-L2), the background grace period (R-L3), suspension freezing the app
// (R-L5), new processes (R-L6), termination (R-L7), and what the simulator
// does with a misbehaving app model.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

const lcSec = time.Second

var _ = Describe("app lifecycle", func() {
	Describe("R-L1: states", func() {
		DescribeTable("R-L1: Running and Alive",
			func(st appmodel.State, running, alive bool) {
				Expect(st.Running()).To(Equal(running))
				Expect(st.Alive()).To(Equal(alive))
			},
			Entry("R-L1: not-running runs nothing and has no process", appmodel.NotRunning, false, false),
			Entry("R-L1: inactive runs code", appmodel.Inactive, true, true),
			Entry("R-L1: active runs code", appmodel.Active, true, true),
			Entry("R-L1: background runs code", appmodel.Background, true, true),
			Entry("R-L1: suspended is in memory but runs nothing", appmodel.Suspended, false, true),
			Entry("R-L1: terminated has no process", appmodel.Terminated, false, false),
		)

		It("R-L1: a new simulation is not running, and a process that ended leaves it terminated with a reason", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			Expect(sim.State()).To(Equal(appmodel.NotRunning))
			Expect(sim.Process()).To(Equal(0))
			Expect(sim.LastTermination()).To(BeEmpty())

			env.At(0, sim.Launch)
			Expect(sim.Process()).To(Equal(1))
			env.At(3*lcSec, sim.MemoryPressureKill)
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.Process()).To(Equal(0))
			Expect(sim.Processes()).To(Equal(1))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
		})

		It("R-L1: the app's own State() follows the simulator, and an ended process's App says terminated", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			app := env.App(1)
			Expect(app.State()).To(Equal(appmodel.Background))
			env.RunTo(15 * lcSec)
			Expect(app.State()).To(Equal(appmodel.Suspended))
			env.At(20*lcSec, sim.MemoryPressureKill)
			Expect(app.State()).To(Equal(appmodel.Terminated))
			env.At(30*lcSec, sim.Launch)
			Expect(app.State()).To(Equal(appmodel.Terminated), "the old process's App must not see the new process")
			Expect(env.Instances()).To(Equal(2))
			Expect(env.App(2).State()).To(Equal(appmodel.Active))
		})
	})

	Describe("R-L2: callback order", func() {
		It("R-L2: a cold user launch calls FinishedLaunching(user) while inactive, then OnActivated while active", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)

			Expect(simtest.Strings(env.Calls())).To(Equal([]string{
				"T+00:00.000 1:FinishedLaunching(user) inactive on main",
				"T+00:00.000 1:OnActivated active on main",
			}))
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(env.Lines(simulator.Pattern{Kind: simulator.KindTransition})).To(Equal([]string{
				"T+00:00.000 lifecycle.transition R-L2 process 1: not-running → inactive (user-launch)",
				"T+00:00.000 lifecycle.transition R-L2 process 1: inactive → active (activate)",
			}))
			cbs := env.Events(simulator.Pattern{Kind: simulator.KindAppCallback})
			Expect(cbs).To(HaveLen(2))
			Expect(cbs[0].Callback).To(Equal(simulator.CbFinishedLaunching))
			Expect(cbs[0].Reason).To(Equal("user"))
			Expect(cbs[0].Queue).To(Equal(simulator.QueueMain))
			Expect(cbs[1].Callback).To(Equal(simulator.CbOnActivated))
			launches := env.Events(simulator.Pattern{Kind: simulator.KindLaunch})
			Expect(launches).To(HaveLen(1))
			Expect(launches[0].Process).To(Equal(1))
			Expect(launches[0].Reason).To(Equal("user"))
			// The user's tap comes first in the trace.
			Expect(sim.Trace()[0].Actor).To(Equal(simulator.ActorUser))
			Expect(sim.Trace()[0].Kind).To(Equal(simulator.KindUserAction))
		})

		It("R-L2: leaving the app calls OnResignActivation while inactive, DidEnterBackground while background, then suspends with no callback", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(time.Minute)

			Expect(simtest.Strings(env.Calls()[2:])).To(Equal([]string{
				"T+00:10.000 1:OnResignActivation inactive on main",
				"T+00:10.000 1:DidEnterBackground background on main",
			}))
			Expect(env.Lines(simulator.Pattern{Kind: simulator.KindTransition})[2:]).To(Equal([]string{
				"T+00:10.000 lifecycle.transition R-L2 process 1: active → inactive (resign-active)",
				"T+00:10.000 lifecycle.transition R-L3 process 1: inactive → background (enter-background)",
				"T+00:15.000 lifecycle.transition R-L3 process 1: background → suspended (suspend)",
			}))
			Expect(env.Lines(simulator.Pattern{Kind: simulator.KindAppCallback})).To(Equal([]string{
				"T+00:00.000 app.callback R-L2 process 1: FinishedLaunching(user) on main",
				"T+00:00.000 app.callback R-L2 process 1: OnActivated on main",
				"T+00:10.000 app.callback R-L2 process 1: OnResignActivation on main",
				"T+00:10.000 app.callback R-L3 process 1: DidEnterBackground on main",
			}))
			Expect(sim.State()).To(Equal(appmodel.Suspended))
		})

		It("R-L2: returning from the background calls WillEnterForeground while inactive, then OnActivated", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.At(12*lcSec, sim.Launch)

			Expect(simtest.Strings(env.Calls()[4:])).To(Equal([]string{
				"T+00:12.000 1:WillEnterForeground inactive on main",
				"T+00:12.000 1:OnActivated active on main",
			}))
			Expect(env.Lines(simulator.Pattern{Kind: simulator.KindTransition})[4:]).To(Equal([]string{
				"T+00:12.000 lifecycle.transition R-L2 process 1: background → inactive (user-launch)",
				"T+00:12.000 lifecycle.transition R-L2 process 1: inactive → active (activate)",
			}))
			Expect(sim.Processes()).To(Equal(1))
		})

		It("R-L2: returning from suspended calls WillEnterForeground then OnActivated in the same process, with no FinishedLaunching", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(30 * lcSec)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			env.At(30*lcSec, sim.Launch)

			Expect(simtest.Strings(env.Calls()[4:])).To(Equal([]string{
				"T+00:30.000 1:WillEnterForeground inactive on main",
				"T+00:30.000 1:OnActivated active on main",
			}))
			Expect(env.Lines(simulator.Pattern{Kind: simulator.KindTransition})[5:]).To(Equal([]string{
				"T+00:30.000 lifecycle.transition R-L2 process 1: suspended → inactive (user-launch)",
				"T+00:30.000 lifecycle.transition R-L2 process 1: inactive → active (activate)",
			}))
			Expect(sim.Processes()).To(Equal(1))
			Expect(sim.Process()).To(Equal(1))
			Expect(env.CallsOf(simulator.CbFinishedLaunching)).To(ConsistOf(HaveField("Launch.Reason", appmodel.LaunchUser)))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindLaunch})).To(HaveLen(1))
		})
	})

	Describe("R-L3: the background grace period", func() {
		It("R-L3: an app nothing holds is suspended exactly BackgroundGrace (default 5 s) after entering the background", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			Expect(sim.Config().BackgroundGrace).To(Equal(5 * lcSec))
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(15*lcSec - time.Millisecond)
			Expect(sim.State()).To(Equal(appmodel.Background))
			env.RunTo(15 * lcSec)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			env.RunTo(time.Hour)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 15*lcSec)))
			sus := env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})
			Expect(sus[0].Rule).To(Equal(simulator.RuleL3))
			Expect(sim.Violations()).To(BeEmpty())
		})

		It("R-L3: a custom Config.BackgroundGrace is the time to suspension", func() {
			env := simtest.New(GinkgoTB(), simtest.WithConfig(simulator.Config{BackgroundGrace: 2 * lcSec}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(time.Minute)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 12*lcSec)))
		})

		It("R-L3: a DidEnterBackground that works longer than the grace gets the app killed by the watchdog", func() {
			env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
				DidEnterBackground: func(app appmodel.App) {
					app.Work(10*lcSec, func() { app.Log("saved") })
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(time.Minute)

			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
			v := env.ViolationsOf(simulator.RuleL3)
			Expect(v).To(HaveLen(1))
			Expect(v[0].At).To(Equal(15 * lcSec))
			Expect(v[0].Process).To(Equal(1))
			ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].At).To(Equal(15 * lcSec))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(BeEmpty())
			Expect(env.Logs("saved")).To(BeEmpty(), "the work of a killed app must not finish")
			Expect(env.CallsOf(simulator.CbWillTerminate)).To(BeEmpty(), "R-L7: a watchdog kill calls nothing")
		})

		It("R-L3: a DidEnterBackground that returns within the grace is suspended at the end of the grace, not killed", func() {
			env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
				DidEnterBackground: func(app appmodel.App) {
					app.Work(3*lcSec, func() { app.Log("saved") })
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(time.Minute)

			Expect(sim.Violations()).To(BeEmpty())
			Expect(env.Logs("saved")).To(HaveLen(1))
			Expect(env.Logs("saved")[0].At).To(Equal(13 * lcSec))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 15*lcSec)))
		})

		It("R-L3: returning to the foreground before the grace ends cancels the suspension; the next stay gets a fresh grace", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.At(13*lcSec, sim.Launch)
			env.RunTo(30 * lcSec)
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(BeEmpty())

			env.At(30*lcSec, sim.Home)
			env.RunTo(time.Minute)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 35*lcSec)))
		})

		It("R-L3: leaving again right after a quick return starts a new grace: the old one does not suspend the app early", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.At(13*lcSec, sim.Launch)
			env.At(14*lcSec, sim.Home)
			env.RunTo(18*lcSec + 999*time.Millisecond)
			Expect(sim.State()).To(Equal(appmodel.Background), "suspended by the first stay's grace")
			env.RunTo(time.Minute)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 19*lcSec)))
		})
	})

	Describe("R-L5: a suspended app runs no code", func() {
		It("R-L5: an App.After timer due while suspended runs at the resume instant, not before", func() {
			env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
				DidEnterBackground: func(app appmodel.App) {
					app.After(20*lcSec, func() { app.Log("timer") })
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(59 * lcSec)
			Expect(env.Logs("timer")).To(BeEmpty(), "the timer ran while the app was suspended")
			env.At(time.Minute, sim.Launch)

			logs := env.Logs("timer")
			Expect(logs).To(HaveLen(1))
			Expect(logs[0].At).To(Equal(time.Minute))
			Expect(logs[0].Queue).To(Equal(simulator.QueueMain))
			Expect(env.CallsOf(simulator.CbOnActivated)).To(HaveLen(2))
		})

		It("R-L5: an App.After timer due while running fires on time on the main queue, and a stopped one never fires", func() {
			var stopped bool
			env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
				OnActivated: func(app appmodel.App) {
					app.After(3*lcSec, func() { app.Log("on time") })
					t := app.After(4*lcSec, func() { app.Log("stopped") })
					stopped = t.Stop()
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.RunTo(10 * lcSec)
			Expect(stopped).To(BeTrue())
			Expect(env.Logs("on time")).To(HaveLen(1))
			Expect(env.Logs("on time")[0].At).To(Equal(3 * lcSec))
			Expect(env.Logs("on time")[0].Queue).To(Equal(simulator.QueueMain))
			Expect(env.Logs("stopped")).To(BeEmpty())
		})

		It("R-L5: InvokeOnMainThread work queued while suspended waits for the resume", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(20 * lcSec)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			app := env.App(1)
			app.InvokeOnMainThread(func() { app.Log("main work") })
			env.RunTo(50 * lcSec)
			Expect(env.Logs("main work")).To(BeEmpty(), "main-queue work ran while the app was suspended")
			env.At(50*lcSec, sim.Launch)
			Expect(env.Logs("main work")).To(HaveLen(1))
			Expect(env.Logs("main work")[0].At).To(Equal(50 * lcSec))
		})

		It("R-L5: App.Work in progress stops counting while suspended and finishes its remaining time after the resume", func() {
			env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
				DidEnterBackground: func(app appmodel.App) {
					app.DispatchBackground(func() {
						app.Work(8*lcSec, func() { app.Log("work done") })
					})
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.RunTo(59 * lcSec)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(HaveExactElements(HaveField("At", 15*lcSec)))
			Expect(env.Logs("work done")).To(BeEmpty())
			env.At(time.Minute, sim.Launch)
			env.RunTo(2 * time.Minute)
			// 5 s ran before the suspension (10 s to 15 s); 3 s remain after 60 s.
			done := env.Logs("work done")
			Expect(done).To(HaveLen(1))
			Expect(done[0].At).To(Equal(63 * lcSec))
			Expect(done[0].Queue).To(Equal(simulator.QueueGlobal))
		})
	})

	Describe("R-L6: a new process per launch", func() {
		It("R-L6: the counter app's in-memory count restarts at 0 in a new process", func() {
			env := simtest.New(GinkgoTB(), simtest.WithApp(appmodel.NewCounterApp(false)))
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(10*lcSec, sim.Home)
			env.At(30*lcSec, sim.Launch)
			env.At(40*lcSec, sim.Home)
			env.At(2*time.Minute, sim.MemoryPressureKill)
			env.At(3*time.Minute, sim.Launch)

			Expect(sim.Processes()).To(Equal(2))
			var ui, starts []string
			for _, e := range sim.Trace() {
				switch e.Kind {
				case simulator.KindUI:
					ui = append(ui, fmt.Sprintf("%d:%s", e.Process, e.Detail))
				case simulator.KindLog:
					if strings.HasPrefix(e.Detail, "new process") {
						starts = append(starts, fmt.Sprintf("%d:%s", e.Process, e.Detail))
					}
				}
			}
			Expect(ui).To(Equal([]string{"1:activations: 1", "1:activations: 2", "2:activations: 1"}))
			Expect(starts).To(Equal([]string{
				"1:new process: in-memory count 0, persisted count 0",
				"2:new process: in-memory count 0, persisted count 0",
			}))
			Expect(sim.Defaults().Keys()).To(BeEmpty())
		})

		It("R-L6: what the counter app persisted in Defaults survives into the next process", func() {
			env := simtest.New(GinkgoTB(), simtest.WithApp(appmodel.NewCounterApp(true)))
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(10*lcSec, sim.Home)
			env.At(30*lcSec, sim.Launch)
			env.At(40*lcSec, sim.Home)
			env.At(2*time.Minute, sim.MemoryPressureKill)
			env.At(3*time.Minute, sim.Launch)

			var starts []simulator.Event
			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindLog, Process: 2}) {
				if strings.HasPrefix(e.Detail, "new process") {
					starts = append(starts, e)
				}
			}
			Expect(starts).To(ConsistOf(HaveField("Detail", "new process: in-memory count 0, persisted count 2")))
			Expect(sim.Defaults().Int("activations")).To(Equal(3))
		})

		It("R-L6: every process gets a fresh app instance from the factory; files in the container survive", func() {
			env := simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
				FinishedLaunching: func(app appmodel.App, _ appmodel.LaunchOptions) {
					if app.Files().Exists("/Documents/state.json") {
						app.Log("found state")
						return
					}
					if err := app.Files().Write("/Documents/state.json", fakes.Segment{From: 0, To: 10, Source: "app"}); err != nil {
						app.Log("write failed: %v", err)
					}
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(5*lcSec, func() error { return sim.Crash("test crash") })
			env.At(10*lcSec, sim.Launch)
			env.At(15*lcSec, sim.ForceQuit)
			env.At(20*lcSec, sim.Launch)

			Expect(env.Instances()).To(Equal(3))
			Expect(sim.Processes()).To(Equal(3))
			insts := []int{}
			for _, x := range env.CallsOf(simulator.CbFinishedLaunching) {
				if x.Launch.Reason == appmodel.LaunchUser {
					insts = append(insts, x.Process)
				}
			}
			Expect(insts).To(Equal([]int{1, 2, 3}))
			found := env.Logs("found state")
			Expect(found).To(HaveLen(2))
			Expect(found[0].Process).To(Equal(2))
			Expect(found[1].Process).To(Equal(3))
			Expect(sim.Files().Exists("/Documents/state.json")).To(BeTrue())
		})

		It("R-L6: the App of an ended process does nothing, and each call is reported", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			old := env.App(1)
			env.At(5*lcSec, sim.MemoryPressureKill)
			mark := len(sim.Trace())
			old.Log("ghost")
			old.UpdateUI("ghost")
			old.InvokeOnMainThread(func() { old.Log("ghost work") })
			old.After(0, func() { old.Log("ghost timer") })
			Expect(old.BeginBackgroundTask("ghost", nil)).To(Equal(appmodel.InvalidBackgroundTask))
			env.RunTo(10 * lcSec)
			env.At(10*lcSec, sim.Launch)
			env.RunTo(20 * lcSec)
			for _, e := range sim.Trace()[mark:] {
				Expect(e.Detail).NotTo(HavePrefix("ghost"))
				if e.Kind != simulator.KindViolation {
					Expect(e.Process).NotTo(Equal(1))
				}
			}
			var calls []string
			for _, v := range sim.Violations() {
				Expect(v.Rule).To(Equal(simulator.RuleL6))
				Expect(v.Process).To(Equal(1))
				calls = append(calls, strings.Fields(v.Detail)[0])
			}
			Expect(calls).To(Equal([]string{"Log", "UpdateUI", "InvokeOnMainThread", "After", "BeginBackgroundTask"}))
		})
	})

	Describe("R-L7: termination", func() {
		It("R-L7: a running background app (within the grace) killed for memory gets WillTerminate on the main thread", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.At(12*lcSec, sim.MemoryPressureKill)

			wt := env.CallsOf(simulator.CbWillTerminate)
			Expect(wt).To(HaveLen(1))
			Expect(wt[0].At).To(Equal(12 * lcSec))
			Expect(wt[0].Main).To(BeTrue())
			Expect(env.Lines(simulator.Pattern{Kind: simulator.KindAppCallback})).To(HaveExactElements(
				"T+00:00.000 app.callback R-L2 process 1: FinishedLaunching(user) on main",
				"T+00:00.000 app.callback R-L2 process 1: OnActivated on main",
				"T+00:10.000 app.callback R-L2 process 1: OnResignActivation on main",
				"T+00:10.000 app.callback R-L3 process 1: DidEnterBackground on main",
				"T+00:12.000 app.callback R-L7 process 1: WillTerminate on main"))
			ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
			Expect(ends[0].At).To(Equal(12 * lcSec))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
			// WillTerminate comes before the process ends.
			Expect(env.First(simulator.Pattern{Kind: simulator.KindAppCallback, Callback: simulator.CbWillTerminate}).Seq).To(BeNumerically("<", env.First(simulator.Pattern{Kind: simulator.KindTerminate}).Seq))
		})

		It("R-L7: an active app killed for memory gets WillTerminate", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(5*lcSec, sim.MemoryPressureKill)
			Expect(env.CallsOf(simulator.CbWillTerminate)).To(HaveLen(1))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
		})

		It("R-L7: a suspended app killed for memory gets no WillTerminate", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			env.At(time.Minute, sim.MemoryPressureKill)

			Expect(env.CallsOf(simulator.CbWillTerminate)).To(BeEmpty())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindAppCallback, Callback: simulator.CbWillTerminate})).To(BeEmpty())
			ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
			Expect(ends[0].At).To(Equal(time.Minute))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
		})

		It("R-L7: a force-quit of an active app resigns active first (OnResignActivation), then, still running, gets WillTerminate (v2)", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			mark := len(sim.Trace())
			env.At(5*lcSec, sim.ForceQuit)

			Expect(simtest.Strings(env.Calls())).To(Equal([]string{
				"T+00:00.000 1:FinishedLaunching(user) inactive on main",
				"T+00:00.000 1:OnActivated active on main",
				"T+00:05.000 1:OnResignActivation inactive on main",
				"T+00:05.000 1:WillTerminate inactive on main",
			}))
			Expect(env.CallsOf(simulator.CbOnResignActivation)[0].State).To(Equal(appmodel.Inactive))
			var story []string
			for _, e := range sim.Trace()[mark:] {
				switch e.Kind {
				case simulator.KindTransition:
					story = append(story, e.From+"->"+e.To+" ("+e.Cause+")")
				case simulator.KindAppCallback:
					story = append(story, string(e.Callback))
				case simulator.KindTerminate:
					story = append(story, "terminate "+e.Reason)
				default:
					story = append(story, string(e.Kind))
				}
			}
			Expect(story).To(Equal([]string{
				"user.action",
				"active->inactive (resign-active)",
				"OnResignActivation",
				"WillTerminate",
				"inactive->terminated (force-quit)",
				"terminate user-force-quit",
			}))
			Expect(sim.LastTermination()).To(Equal(simulator.TermUserForceQuit))
		})

		DescribeTable("R-L7: a force-quit calls WillTerminate only if the app still runs (v2)",
			func(st appmodel.State, want []simulator.Callback) {
				env := reachPublic(st)
				sim := env.Sim()
				before := len(env.Calls())
				Expect(sim.ForceQuit()).To(Succeed())
				var got []simulator.Callback
				for _, c := range env.Calls()[before:] {
					got = append(got, c.Callback)
				}
				Expect(got).To(Equal(want))
				Expect(sim.State()).To(Equal(appmodel.Terminated))
				Expect(sim.LastTermination()).To(Equal(simulator.TermUserForceQuit))
				ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
				Expect(ends).To(HaveLen(1))
				Expect(ends[0].Reason).To(Equal(string(simulator.TermUserForceQuit)))
			},
			Entry("R-L7: from background (within the grace): the app runs, WillTerminate", appmodel.Background, []simulator.Callback{simulator.CbWillTerminate}),
			Entry("R-L7: from suspended: nothing", appmodel.Suspended, nil),
		)

		It("R-L7: a crash calls nothing and ends the process with reason crash and its message", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			env.At(10*lcSec, sim.Home)
			before := len(env.Calls())
			Expect(sim.Crash("EXC_BAD_ACCESS")).To(Succeed())
			Expect(env.Calls()[before:]).To(BeEmpty())
			ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermCrash)))
			Expect(ends[0].Detail).To(ContainSubstring("EXC_BAD_ACCESS"))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
		})

		It("R-L7: each termination's reason is in the trace and LastTermination follows the latest", func() {
			env := simtest.New(GinkgoTB())
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(1*lcSec, sim.MemoryPressureKill)
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
			env.At(2*lcSec, sim.Launch)
			env.At(3*lcSec, sim.ForceQuit)
			Expect(sim.LastTermination()).To(Equal(simulator.TermUserForceQuit))
			env.At(4*lcSec, sim.Launch)
			env.At(5*lcSec, func() error { return sim.Crash("boom") })
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))

			var reasons []string
			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindTerminate}) {
				reasons = append(reasons, fmt.Sprintf("%d:%s", e.Process, e.Reason))
			}
			Expect(reasons).To(Equal([]string{"1:memory-pressure", "2:user-force-quit", "3:crash"}))
		})
	})

	Describe("misbehaving app models", func() {
		It("R-L1: a panic in a callback is reported as a crash and the simulator keeps working", func() {
			panics := 1
			env := simtest.New(GinkgoTB(), simtest.WithAppPanics(simulator.PanicsReport), simtest.WithHooks(simtest.Hooks{
				OnActivated: func(app appmodel.App) {
					if panics > 0 {
						panics--
						panic("nil reference in OnActivated")
					}
				},
			}))
			sim := env.Sim()
			Expect(sim.Launch()).To(Succeed())

			crashes := env.Events(simulator.Pattern{Kind: simulator.KindCrash})
			Expect(crashes).To(HaveLen(1))
			Expect(crashes[0].Process).To(Equal(1))
			Expect(crashes[0].Detail).To(ContainSubstring("nil reference in OnActivated"))
			Expect(crashes[0].Where).To(ContainSubstring("lifecycle_test.go:"), "the crash names the app's frame")
			Expect(crashes[0].Reason).To(BeEmpty(), "the location has its own field")
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(ConsistOf(HaveField("Reason", string(simulator.TermCrash))))
			Expect(env.CallsOf(simulator.CbWillTerminate)).To(BeEmpty())

			env.At(5*lcSec, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(sim.Process()).To(Equal(2))
		})

		It("R-L1: a panic in an App.After timer callback crashes the app, not the simulator", func() {
			env := simtest.New(GinkgoTB(), simtest.WithAppPanics(simulator.PanicsReport), simtest.WithHooks(simtest.Hooks{
				OnActivated: func(app appmodel.App) {
					app.After(2*lcSec, func() { panic(errors.New("timer exploded")) })
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.RunTo(10 * lcSec)
			crashes := env.Events(simulator.Pattern{Kind: simulator.KindCrash})
			Expect(crashes).To(HaveLen(1))
			Expect(crashes[0].At).To(Equal(2 * lcSec))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
		})

		It("R-L7: a panic in WillTerminate is reported and the process still ends once", func() {
			env := simtest.New(GinkgoTB(), simtest.WithAppPanics(simulator.PanicsReport), simtest.WithHooks(simtest.Hooks{
				WillTerminate: func(app appmodel.App) { panic("cleanup failed") },
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(5*lcSec, sim.MemoryPressureKill)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindCrash})).To(HaveLen(1))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(HaveLen(1))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.Process()).To(Equal(0))
			env.At(10*lcSec, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
		})

		It("R-L6: a factory that returns nil is reported as a crash at launch, and a fixed factory launches again", func() {
			env := simtest.New(GinkgoTB(), simtest.WithApp(func() appmodel.AppDelegate { return nil }))
			sim := env.Sim()
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
			ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Detail).To(ContainSubstring("nil AppDelegate"))

			sim.Install(appmodel.NewCounterApp(false))
			env.At(time.Second, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(sim.Process()).To(Equal(2))
		})

		It("R-L6: a factory that panics is reported as a crash at launch", func() {
			env := simtest.New(GinkgoTB(), simtest.WithAppPanics(simulator.PanicsReport), simtest.WithApp(func() appmodel.AppDelegate { panic("no storyboard") }))
			sim := env.Sim()
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindCrash})).To(ConsistOf(HaveField("Detail", ContainSubstring("no storyboard"))))
		})

		It("R-L5: a timer that reschedules itself at 0 delay forever is stopped by the event budget, not a hang", func() {
			env := simtest.New(GinkgoTB(), simtest.WithConfig(simulator.Config{EventBudget: 1000}), simtest.WithHooks(simtest.Hooks{
				OnActivated: func(app appmodel.App) {
					var spin func()
					spin = func() { app.After(0, spin) }
					app.After(lcSec, spin)
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			err := sim.RunFor(10 * lcSec)
			Expect(err).To(HaveOccurred())
			Expect(errors.Is(err, fakes.ErrBudgetExhausted)).To(BeTrue(), "got %v", err)
			Expect(err.Error()).To(ContainSubstring("1000"))
			Expect(sim.Elapsed()).To(Equal(lcSec), "virtual time stops where the runaway spins")
		})

		It("R-L5: main-queue work that requeues itself forever is stopped by the event budget in RunUntilIdle too", func() {
			env := simtest.New(GinkgoTB(), simtest.WithConfig(simulator.Config{EventBudget: 500}), simtest.WithHooks(simtest.Hooks{
				OnActivated: func(app appmodel.App) {
					var spin func()
					spin = func() { app.InvokeOnMainThread(spin) }
					app.After(lcSec, spin)
				},
			}))
			sim := env.Sim()
			env.At(0, sim.Launch)
			err := sim.RunUntilIdle()
			Expect(errors.Is(err, fakes.ErrBudgetExhausted)).To(BeTrue(), "got %v", err)
		})
	})
})
