package simulator_test

// Behaviour specs of the app lifecycle: states (R-L1), callback orders
// (R-L2), the background grace period (R-L3), suspension freezing the app
// (R-L5), new processes (R-L6), termination (R-L7), and what the simulator
// does with a misbehaving app model.

import (
	"errors"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
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
			sim, _ := lcNew(simulator.Config{}, nil)
			Expect(sim.State()).To(Equal(appmodel.NotRunning))
			Expect(sim.Process()).To(Equal(0))
			Expect(sim.LastTermination()).To(BeEmpty())

			lcAt(sim, 0, sim.Launch)
			Expect(sim.Process()).To(Equal(1))
			lcAt(sim, 3*lcSec, sim.MemoryPressureKill)
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.Process()).To(Equal(0))
			Expect(sim.Processes()).To(Equal(1))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
		})

		It("R-L1: the app's own State() follows the simulator, and an ended process's App says terminated", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			app := r.lastApp()
			Expect(app.State()).To(Equal(appmodel.Background))
			lcUntil(sim, 15*lcSec)
			Expect(app.State()).To(Equal(appmodel.Suspended))
			lcAt(sim, 20*lcSec, sim.MemoryPressureKill)
			Expect(app.State()).To(Equal(appmodel.Terminated))
			lcAt(sim, 30*lcSec, sim.Launch)
			Expect(app.State()).To(Equal(appmodel.Terminated), "the old process's App must not see the new process")
			Expect(r.lastApp().State()).To(Equal(appmodel.Active))
		})
	})

	Describe("R-L2: callback order", func() {
		It("R-L2: a cold user launch calls FinishedLaunching(user) while inactive, then OnActivated while active", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcAt(sim, 0, sim.Launch)

			Expect(r.recs).To(Equal([]lcRec{
				{What: "FinishedLaunching(user)", At: 0, State: appmodel.Inactive, Main: true, Instance: 1},
				{What: "OnActivated", At: 0, State: appmodel.Active, Main: true, Instance: 1},
			}))
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(lcTransitions(sim)).To(Equal([]string{
				"T+00:00.000 not-running->inactive (user-launch)",
				"T+00:00.000 inactive->active (activate)",
			}))
			cbs := lcSelect(sim, lcKind(simulator.KindAppCallback))
			Expect(cbs).To(HaveLen(2))
			Expect(cbs[0].Callback).To(Equal(simulator.CbFinishedLaunching))
			Expect(cbs[0].Reason).To(Equal("user"))
			Expect(cbs[0].Queue).To(Equal(simulator.QueueMain))
			Expect(cbs[1].Callback).To(Equal(simulator.CbOnActivated))
			launches := lcSelect(sim, lcKind(simulator.KindLaunch))
			Expect(launches).To(HaveLen(1))
			Expect(launches[0].Process).To(Equal(1))
			Expect(launches[0].Reason).To(Equal("user"))
			// The user's tap comes first in the trace.
			Expect(sim.Trace()[0].Actor).To(Equal(simulator.ActorUser))
			Expect(sim.Trace()[0].Kind).To(Equal(simulator.KindUserAction))
		})

		It("R-L2: leaving the app calls OnResignActivation while inactive, DidEnterBackground while background, then suspends with no callback", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, time.Minute)

			Expect(r.recs[2:]).To(Equal([]lcRec{
				{What: "OnResignActivation", At: 10 * lcSec, State: appmodel.Inactive, Main: true, Instance: 1},
				{What: "DidEnterBackground", At: 10 * lcSec, State: appmodel.Background, Main: true, Instance: 1},
			}))
			Expect(lcTransitions(sim)[2:]).To(Equal([]string{
				"T+00:10.000 active->inactive (resign-active)",
				"T+00:10.000 inactive->background (enter-background)",
				"T+00:15.000 background->suspended (suspend)",
			}))
			Expect(lcCallbacks(sim)).To(Equal([]string{"1:FinishedLaunching", "1:OnActivated",
				"1:OnResignActivation", "1:DidEnterBackground"}))
			Expect(sim.State()).To(Equal(appmodel.Suspended))
		})

		It("R-L2: returning from the background calls WillEnterForeground while inactive, then OnActivated", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcAt(sim, 12*lcSec, sim.Launch)

			Expect(r.recs[4:]).To(Equal([]lcRec{
				{What: "WillEnterForeground", At: 12 * lcSec, State: appmodel.Inactive, Main: true, Instance: 1},
				{What: "OnActivated", At: 12 * lcSec, State: appmodel.Active, Main: true, Instance: 1},
			}))
			Expect(lcTransitions(sim)[4:]).To(Equal([]string{
				"T+00:12.000 background->inactive (user-launch)",
				"T+00:12.000 inactive->active (activate)",
			}))
			Expect(sim.Processes()).To(Equal(1))
		})

		It("R-L2: returning from suspended calls WillEnterForeground then OnActivated in the same process, with no FinishedLaunching", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, 30*lcSec)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			lcAt(sim, 30*lcSec, sim.Launch)

			Expect(r.recs[4:]).To(Equal([]lcRec{
				{What: "WillEnterForeground", At: 30 * lcSec, State: appmodel.Inactive, Main: true, Instance: 1},
				{What: "OnActivated", At: 30 * lcSec, State: appmodel.Active, Main: true, Instance: 1},
			}))
			Expect(lcTransitions(sim)[5:]).To(Equal([]string{
				"T+00:30.000 suspended->inactive (user-launch)",
				"T+00:30.000 inactive->active (activate)",
			}))
			Expect(sim.Processes()).To(Equal(1))
			Expect(sim.Process()).To(Equal(1))
			Expect(r.of("FinishedLaunching(user)")).To(HaveLen(1))
			Expect(lcSelect(sim, lcKind(simulator.KindLaunch))).To(HaveLen(1))
		})
	})

	Describe("R-L3: the background grace period", func() {
		It("R-L3: an app nothing holds is suspended exactly BackgroundGrace (default 5 s) after entering the background", func() {
			sim, _ := lcNew(simulator.Config{}, nil)
			Expect(sim.Config().BackgroundGrace).To(Equal(5 * lcSec))
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, 15*lcSec-time.Millisecond)
			Expect(sim.State()).To(Equal(appmodel.Background))
			lcUntil(sim, 15*lcSec)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			lcUntil(sim, time.Hour)
			Expect(lcSuspensions(sim)).To(Equal([]time.Duration{15 * lcSec}))
			sus := lcSelect(sim, func(e simulator.Event) bool { return e.Kind == simulator.KindTransition && e.To == "suspended" })
			Expect(sus[0].Rule).To(Equal(simulator.RuleL3))
			Expect(sim.Violations()).To(BeEmpty())
		})

		It("R-L3: a custom Config.BackgroundGrace is the time to suspension", func() {
			sim, _ := lcNew(simulator.Config{BackgroundGrace: 2 * lcSec}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, time.Minute)
			Expect(lcSuspensions(sim)).To(Equal([]time.Duration{12 * lcSec}))
		})

		It("R-L3: a DidEnterBackground that works longer than the grace gets the app killed by the watchdog", func() {
			sim, r := lcNew(simulator.Config{}, &lcHooks{
				DidEnterBackground: func(app appmodel.App) {
					app.Work(10*lcSec, func() { app.Log("saved") })
				},
			})
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, time.Minute)

			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
			v := lcViolations(sim, simulator.RuleL3)
			Expect(v).To(HaveLen(1))
			Expect(v[0].At).To(Equal(15 * lcSec))
			Expect(v[0].Process).To(Equal(1))
			ends := lcTerminations(sim)
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].At).To(Equal(15 * lcSec))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermWatchdog)))
			Expect(lcSuspensions(sim)).To(BeEmpty())
			Expect(lcLogs(sim, "saved")).To(BeEmpty(), "the work of a killed app must not finish")
			Expect(r.of("WillTerminate")).To(BeEmpty(), "R-L7: a watchdog kill calls nothing")
		})

		It("R-L3: a DidEnterBackground that returns within the grace is suspended at the end of the grace, not killed", func() {
			sim, _ := lcNew(simulator.Config{}, &lcHooks{
				DidEnterBackground: func(app appmodel.App) {
					app.Work(3*lcSec, func() { app.Log("saved") })
				},
			})
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, time.Minute)

			Expect(sim.Violations()).To(BeEmpty())
			Expect(lcLogs(sim, "saved")).To(HaveLen(1))
			Expect(lcLogs(sim, "saved")[0].At).To(Equal(13 * lcSec))
			Expect(lcSuspensions(sim)).To(Equal([]time.Duration{15 * lcSec}))
		})

		It("R-L3: returning to the foreground before the grace ends cancels the suspension; the next stay gets a fresh grace", func() {
			sim, _ := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcAt(sim, 13*lcSec, sim.Launch)
			lcUntil(sim, 30*lcSec)
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(lcSuspensions(sim)).To(BeEmpty())

			lcAt(sim, 30*lcSec, sim.Home)
			lcUntil(sim, time.Minute)
			Expect(lcSuspensions(sim)).To(Equal([]time.Duration{35 * lcSec}))
		})

		It("R-L3: leaving again right after a quick return starts a new grace: the old one does not suspend the app early", func() {
			sim, _ := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcAt(sim, 13*lcSec, sim.Launch)
			lcAt(sim, 14*lcSec, sim.Home)
			lcUntil(sim, 18*lcSec+999*time.Millisecond)
			Expect(sim.State()).To(Equal(appmodel.Background), "suspended by the first stay's grace")
			lcUntil(sim, time.Minute)
			Expect(lcSuspensions(sim)).To(Equal([]time.Duration{19 * lcSec}))
		})
	})

	Describe("R-L5: a suspended app runs no code", func() {
		It("R-L5: an App.After timer due while suspended runs at the resume instant, not before", func() {
			sim, r := lcNew(simulator.Config{}, &lcHooks{
				DidEnterBackground: func(app appmodel.App) {
					app.After(20*lcSec, func() { app.Log("timer") })
				},
			})
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, 59*lcSec)
			Expect(lcLogs(sim, "timer")).To(BeEmpty(), "the timer ran while the app was suspended")
			lcAt(sim, time.Minute, sim.Launch)

			logs := lcLogs(sim, "timer")
			Expect(logs).To(HaveLen(1))
			Expect(logs[0].At).To(Equal(time.Minute))
			Expect(logs[0].Queue).To(Equal(simulator.QueueMain))
			Expect(r.of("OnActivated")).To(HaveLen(2))
		})

		It("R-L5: an App.After timer due while running fires on time on the main queue, and a stopped one never fires", func() {
			var stopped bool
			sim, _ := lcNew(simulator.Config{}, &lcHooks{
				OnActivated: func(app appmodel.App) {
					app.After(3*lcSec, func() { app.Log("on time") })
					t := app.After(4*lcSec, func() { app.Log("stopped") })
					stopped = t.Stop()
				},
			})
			lcAt(sim, 0, sim.Launch)
			lcUntil(sim, 10*lcSec)
			Expect(stopped).To(BeTrue())
			Expect(lcLogs(sim, "on time")).To(HaveLen(1))
			Expect(lcLogs(sim, "on time")[0].At).To(Equal(3 * lcSec))
			Expect(lcLogs(sim, "on time")[0].Queue).To(Equal(simulator.QueueMain))
			Expect(lcLogs(sim, "stopped")).To(BeEmpty())
		})

		It("R-L5: InvokeOnMainThread work queued while suspended waits for the resume", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, 20*lcSec)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			app := r.lastApp()
			app.InvokeOnMainThread(func() { app.Log("main work") })
			lcUntil(sim, 50*lcSec)
			Expect(lcLogs(sim, "main work")).To(BeEmpty(), "main-queue work ran while the app was suspended")
			lcAt(sim, 50*lcSec, sim.Launch)
			Expect(lcLogs(sim, "main work")).To(HaveLen(1))
			Expect(lcLogs(sim, "main work")[0].At).To(Equal(50 * lcSec))
		})

		It("R-L5: App.Work in progress stops counting while suspended and finishes its remaining time after the resume", func() {
			sim, _ := lcNew(simulator.Config{}, &lcHooks{
				DidEnterBackground: func(app appmodel.App) {
					app.DispatchBackground(func() {
						app.Work(8*lcSec, func() { app.Log("work done") })
					})
				},
			})
			lcLaunchToHome(sim, 10*lcSec)
			lcUntil(sim, 59*lcSec)
			Expect(lcSuspensions(sim)).To(Equal([]time.Duration{15 * lcSec}))
			Expect(lcLogs(sim, "work done")).To(BeEmpty())
			lcAt(sim, time.Minute, sim.Launch)
			lcUntil(sim, 2*time.Minute)
			// 5 s ran before the suspension (10 s to 15 s); 3 s remain after 60 s.
			done := lcLogs(sim, "work done")
			Expect(done).To(HaveLen(1))
			Expect(done[0].At).To(Equal(63 * lcSec))
			Expect(done[0].Queue).To(Equal(simulator.QueueGlobal))
		})
	})

	Describe("R-L6: a new process per launch", func() {
		It("R-L6: the counter app's in-memory count restarts at 0 in a new process", func() {
			sim := simulator.New(simulator.Config{})
			sim.Install(appmodel.NewCounterApp(false))
			lcAt(sim, 0, sim.Launch)
			lcAt(sim, 10*lcSec, sim.Home)
			lcAt(sim, 30*lcSec, sim.Launch)
			lcAt(sim, 40*lcSec, sim.Home)
			lcAt(sim, 2*time.Minute, sim.MemoryPressureKill)
			lcAt(sim, 3*time.Minute, sim.Launch)

			Expect(sim.Processes()).To(Equal(2))
			var ui, starts []string
			for _, e := range sim.Trace() {
				switch e.Kind {
				case simulator.KindUI:
					ui = append(ui, lcPid(e)+e.Detail)
				case simulator.KindLog:
					if strings.HasPrefix(e.Detail, "new process") {
						starts = append(starts, lcPid(e)+e.Detail)
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
			sim := simulator.New(simulator.Config{})
			sim.Install(appmodel.NewCounterApp(true))
			lcAt(sim, 0, sim.Launch)
			lcAt(sim, 10*lcSec, sim.Home)
			lcAt(sim, 30*lcSec, sim.Launch)
			lcAt(sim, 40*lcSec, sim.Home)
			lcAt(sim, 2*time.Minute, sim.MemoryPressureKill)
			lcAt(sim, 3*time.Minute, sim.Launch)

			Expect(lcSelect(sim, func(e simulator.Event) bool {
				return e.Kind == simulator.KindLog && e.Process == 2 && strings.HasPrefix(e.Detail, "new process")
			})).To(ConsistOf(HaveField("Detail", "new process: in-memory count 0, persisted count 2")))
			Expect(sim.Defaults().Int("activations")).To(Equal(3))
		})

		It("R-L6: every process gets a fresh app instance from the factory; files in the container survive", func() {
			sim, r := lcNew(simulator.Config{}, &lcHooks{
				FinishedLaunching: func(app appmodel.App, _ appmodel.LaunchOptions) {
					if app.Files().Exists("/Documents/state.json") {
						app.Log("found state")
						return
					}
					if err := app.Files().Write("/Documents/state.json", fakes.Segment{From: 0, To: 10, Source: "app"}); err != nil {
						app.Log("write failed: %v", err)
					}
				},
			})
			lcAt(sim, 0, sim.Launch)
			lcAt(sim, 5*lcSec, func() error { return sim.Crash("test crash") })
			lcAt(sim, 10*lcSec, sim.Launch)
			lcAt(sim, 15*lcSec, sim.ForceQuit)
			lcAt(sim, 20*lcSec, sim.Launch)

			Expect(r.instances).To(Equal(3))
			Expect(sim.Processes()).To(Equal(3))
			insts := []int{}
			for _, x := range r.of("FinishedLaunching(user)") {
				insts = append(insts, x.Instance)
			}
			Expect(insts).To(Equal([]int{1, 2, 3}))
			found := lcLogs(sim, "found state")
			Expect(found).To(HaveLen(2))
			Expect(found[0].Process).To(Equal(2))
			Expect(found[1].Process).To(Equal(3))
			Expect(sim.Files().Exists("/Documents/state.json")).To(BeTrue())
		})

		It("R-L6: the App of an ended process does nothing", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcAt(sim, 0, sim.Launch)
			old := r.lastApp()
			lcAt(sim, 5*lcSec, sim.MemoryPressureKill)
			mark := len(sim.Trace())
			old.Log("ghost")
			old.UpdateUI("ghost")
			old.InvokeOnMainThread(func() { old.Log("ghost work") })
			old.After(0, func() { old.Log("ghost timer") })
			Expect(old.BeginBackgroundTask("ghost", nil)).To(Equal(appmodel.InvalidBackgroundTask))
			lcUntil(sim, 10*lcSec)
			lcAt(sim, 10*lcSec, sim.Launch)
			lcUntil(sim, 20*lcSec)
			for _, e := range sim.Trace()[mark:] {
				Expect(e.Detail).NotTo(HavePrefix("ghost"))
				Expect(e.Process).NotTo(Equal(1))
			}
			Expect(sim.Violations()).To(BeEmpty())
		})
	})

	Describe("R-L7: termination", func() {
		It("R-L7: a running background app (within the grace) killed for memory gets WillTerminate on the main thread", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcAt(sim, 12*lcSec, sim.MemoryPressureKill)

			wt := r.of("WillTerminate")
			Expect(wt).To(HaveLen(1))
			Expect(wt[0].At).To(Equal(12 * lcSec))
			Expect(wt[0].Main).To(BeTrue())
			Expect(lcCallbacks(sim)).To(HaveExactElements("1:FinishedLaunching", "1:OnActivated",
				"1:OnResignActivation", "1:DidEnterBackground", "1:WillTerminate"))
			ends := lcTerminations(sim)
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
			Expect(ends[0].At).To(Equal(12 * lcSec))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
			// WillTerminate comes before the process ends.
			Expect(lcIndexOf(sim, lcIsCallback("WillTerminate"))).To(BeNumerically("<", lcIndexOf(sim, lcKind(simulator.KindTerminate))))
		})

		It("R-L7: an active app killed for memory gets WillTerminate", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcAt(sim, 0, sim.Launch)
			lcAt(sim, 5*lcSec, sim.MemoryPressureKill)
			Expect(r.of("WillTerminate")).To(HaveLen(1))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
		})

		It("R-L7: a suspended app killed for memory gets no WillTerminate", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			lcAt(sim, time.Minute, sim.MemoryPressureKill)

			Expect(r.of("WillTerminate")).To(BeEmpty())
			Expect(lcCallbacks(sim)).NotTo(ContainElement(HaveSuffix("WillTerminate")))
			ends := lcTerminations(sim)
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
			Expect(ends[0].At).To(Equal(time.Minute))
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
		})

		It("R-L7: a force-quit of an active app resigns active first (OnResignActivation), then, still running, gets WillTerminate (v2)", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcAt(sim, 0, sim.Launch)
			mark := len(sim.Trace())
			lcAt(sim, 5*lcSec, sim.ForceQuit)

			Expect(r.whats()).To(Equal([]string{"FinishedLaunching(user)", "OnActivated", "OnResignActivation", "WillTerminate"}))
			Expect(r.of("OnResignActivation")[0].State).To(Equal(appmodel.Inactive))
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
			func(st appmodel.State, want []string) {
				sim, r := lcReachPublic(st)
				before := len(r.recs)
				Expect(sim.ForceQuit()).To(Succeed())
				var got []string
				for _, c := range r.recs[before:] {
					got = append(got, c.What)
				}
				Expect(got).To(Equal(want))
				Expect(sim.State()).To(Equal(appmodel.Terminated))
				Expect(sim.LastTermination()).To(Equal(simulator.TermUserForceQuit))
				ends := lcTerminations(sim)
				Expect(ends).To(HaveLen(1))
				Expect(ends[0].Reason).To(Equal(string(simulator.TermUserForceQuit)))
			},
			Entry("R-L7: from background (within the grace): the app runs, WillTerminate", appmodel.Background, []string{"WillTerminate"}),
			Entry("R-L7: from suspended: nothing", appmodel.Suspended, nil),
		)

		It("R-L7: a crash calls nothing and ends the process with reason crash and its message", func() {
			sim, r := lcNew(simulator.Config{}, nil)
			lcLaunchToHome(sim, 10*lcSec)
			before := len(r.recs)
			Expect(sim.Crash("EXC_BAD_ACCESS")).To(Succeed())
			Expect(r.recs[before:]).To(BeEmpty())
			ends := lcTerminations(sim)
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Reason).To(Equal(string(simulator.TermCrash)))
			Expect(ends[0].Detail).To(ContainSubstring("EXC_BAD_ACCESS"))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
		})

		It("R-L7: each termination's reason is in the trace and LastTermination follows the latest", func() {
			sim, _ := lcNew(simulator.Config{}, nil)
			lcAt(sim, 0, sim.Launch)
			lcAt(sim, 1*lcSec, sim.MemoryPressureKill)
			Expect(sim.LastTermination()).To(Equal(simulator.TermMemoryPressure))
			lcAt(sim, 2*lcSec, sim.Launch)
			lcAt(sim, 3*lcSec, sim.ForceQuit)
			Expect(sim.LastTermination()).To(Equal(simulator.TermUserForceQuit))
			lcAt(sim, 4*lcSec, sim.Launch)
			lcAt(sim, 5*lcSec, func() error { return sim.Crash("boom") })
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))

			var reasons []string
			for _, e := range lcTerminations(sim) {
				reasons = append(reasons, lcPid(e)+e.Reason)
			}
			Expect(reasons).To(Equal([]string{"1:memory-pressure", "2:user-force-quit", "3:crash"}))
		})
	})

	Describe("misbehaving app models", func() {
		It("R-L1: a panic in a callback is reported as a crash and the simulator keeps working", func() {
			panics := 1
			sim, r := lcNew(simulator.Config{}, &lcHooks{
				OnActivated: func(app appmodel.App) {
					if panics > 0 {
						panics--
						panic("nil reference in OnActivated")
					}
				},
			})
			Expect(sim.Launch()).To(Succeed())

			crashes := lcSelect(sim, lcKind(simulator.KindCrash))
			Expect(crashes).To(HaveLen(1))
			Expect(crashes[0].Process).To(Equal(1))
			Expect(crashes[0].Detail).To(ContainSubstring("nil reference in OnActivated"))
			Expect(crashes[0].Where).To(ContainSubstring("lifecycle_test.go:"), "the crash names the app's frame")
			Expect(crashes[0].Reason).To(BeEmpty(), "the location has its own field")
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
			Expect(lcTerminations(sim)).To(ConsistOf(HaveField("Reason", string(simulator.TermCrash))))
			Expect(r.of("WillTerminate")).To(BeEmpty())

			lcAt(sim, 5*lcSec, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(sim.Process()).To(Equal(2))
		})

		It("R-L1: a panic in an App.After timer callback crashes the app, not the simulator", func() {
			sim, _ := lcNew(simulator.Config{}, &lcHooks{
				OnActivated: func(app appmodel.App) {
					app.After(2*lcSec, func() { panic(errors.New("timer exploded")) })
				},
			})
			lcAt(sim, 0, sim.Launch)
			lcUntil(sim, 10*lcSec)
			crashes := lcSelect(sim, lcKind(simulator.KindCrash))
			Expect(crashes).To(HaveLen(1))
			Expect(crashes[0].At).To(Equal(2 * lcSec))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
		})

		It("R-L7: a panic in WillTerminate is reported and the process still ends once", func() {
			sim, _ := lcNew(simulator.Config{}, &lcHooks{
				WillTerminate: func(app appmodel.App) { panic("cleanup failed") },
			})
			lcAt(sim, 0, sim.Launch)
			lcAt(sim, 5*lcSec, sim.MemoryPressureKill)
			Expect(lcSelect(sim, lcKind(simulator.KindCrash))).To(HaveLen(1))
			Expect(lcTerminations(sim)).To(HaveLen(1))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.Process()).To(Equal(0))
			lcAt(sim, 10*lcSec, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
		})

		It("R-L6: a factory that returns nil is reported as a crash at launch, and a fixed factory launches again", func() {
			sim := simulator.New(simulator.Config{})
			sim.Install(func() appmodel.AppDelegate { return nil })
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
			ends := lcTerminations(sim)
			Expect(ends).To(HaveLen(1))
			Expect(ends[0].Detail).To(ContainSubstring("nil AppDelegate"))

			sim.Install(appmodel.NewCounterApp(false))
			lcAt(sim, time.Second, sim.Launch)
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(sim.Process()).To(Equal(2))
		})

		It("R-L6: a factory that panics is reported as a crash at launch", func() {
			sim := simulator.New(simulator.Config{})
			sim.Install(func() appmodel.AppDelegate { panic("no storyboard") })
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
			Expect(lcSelect(sim, lcKind(simulator.KindCrash))).To(ConsistOf(HaveField("Detail", ContainSubstring("no storyboard"))))
		})

		It("R-L5: a timer that reschedules itself at 0 delay forever is stopped by the event budget, not a hang", func() {
			sim, _ := lcNew(simulator.Config{EventBudget: 1000}, &lcHooks{
				OnActivated: func(app appmodel.App) {
					var spin func()
					spin = func() { app.After(0, spin) }
					app.After(lcSec, spin)
				},
			})
			lcAt(sim, 0, sim.Launch)
			err := sim.RunFor(10 * lcSec)
			Expect(err).To(HaveOccurred())
			Expect(errors.Is(err, fakes.ErrBudgetExhausted)).To(BeTrue(), "got %v", err)
			Expect(err.Error()).To(ContainSubstring("1000"))
			Expect(sim.Elapsed()).To(Equal(lcSec), "virtual time stops where the runaway spins")
		})

		It("R-L5: main-queue work that requeues itself forever is stopped by the event budget in RunUntilIdle too", func() {
			sim, _ := lcNew(simulator.Config{EventBudget: 500}, &lcHooks{
				OnActivated: func(app appmodel.App) {
					var spin func()
					spin = func() { app.InvokeOnMainThread(spin) }
					app.After(lcSec, spin)
				},
			})
			lcAt(sim, 0, sim.Launch)
			err := sim.RunUntilIdle()
			Expect(errors.Is(err, fakes.ErrBudgetExhausted)).To(BeTrue(), "got %v", err)
		})
	})
})

// lcPid prefixes the event's process id, as "pid:".
func lcPid(e simulator.Event) string { return strconv.Itoa(e.Process) + ":" }

// lcIndexOf is the index of the first trace event that matches, -1 if none.
func lcIndexOf(sim *simulator.Sim, match func(simulator.Event) bool) int {
	for i, e := range sim.Trace() {
		if match(e) {
			return i
		}
	}
	return -1
}

func lcIsCallback(name simulator.Callback) func(simulator.Event) bool {
	return func(e simulator.Event) bool { return e.Kind == simulator.KindAppCallback && e.Callback == name }
}
