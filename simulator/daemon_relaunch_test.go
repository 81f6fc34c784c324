package simulator_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// Reconnecting and relaunching: R-I3, R-I4, R-I5, R-I6, R-D2.
var _ = Describe("relaunch and reconnection", func() {
	// Two downloads in one session, the big one made first: the small one
	// completes first (4.05 s), the big one at 12.05 s.
	twoTasks := []dmDownload{{URL: dmBig, Desc: "alpha"}, {URL: dmSmall, Desc: "beta"}}
	const bigDone = 12*time.Second + 50*time.Millisecond

	// crashEarly: the user launches the app, which starts its downloads; it
	// crashes 10 ms later, so every event waits for a new process.
	crashEarly := func(env *simtest.Env) {
		GinkgoHelper()
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.At(10*time.Millisecond, func() error { return sim.Crash("boom") })
	}

	Describe("R-I3: reconnecting by identifier", func() {
		It("R-I3: a new process that makes a session with the same identifier gets the queued events on its new delegate", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: twoTasks})...)
			crashEarly(env)
			env.RunTo(time.Minute)

			conns := env.Events(simulator.Pattern{Kind: simulator.KindConnect})
			Expect(conns).To(HaveLen(2))
			Expect(conns[1].Process).To(Equal(2))
			Expect(conns[1].Session).To(Equal(dmSession))
			Expect(conns[1].Detail).To(Equal("0 tasks under way, 4 events waiting"))
			for _, what := range []simulator.Callback{simulator.CbDidFinishDownloading, simulator.CbDidCompleteWithError} {
				got := env.CallsOf(what)
				Expect(got).To(HaveLen(2))
				for _, r := range got {
					Expect([]int{r.Process, r.Delegate}).To(Equal([]int{2, 1}), "the first delegate of process 2")
				}
			}
			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindSessionCallback}) {
				if e.Callback != "DidWriteData" {
					Expect(e.Process).To(Equal(2))
				}
			}
		})

		It("R-I3: task ids and TaskDescription persist across processes", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: twoTasks, ListTasks: true})...)
			sim := env.Sim()
			crashEarly(env)
			env.At(time.Second, sim.Launch) // while both still run
			env.RunTo(time.Minute)

			Expect(env.Instances()).To(Equal(2))
			Expect(env.Model(1).(*dmApp).lists).To(HaveLen(1))
			lists := env.Model(2).(*dmApp).lists
			Expect(lists).To(HaveLen(1))
			Expect(lists[0].Tasks).To(Equal([]string{"1:alpha", "2:beta"}), "the new process sees the same tasks")
			done := env.CallsOf(simulator.CbDidCompleteWithError)
			Expect(done).To(HaveLen(2))
			Expect(done[0]).To(And(HaveField("Process", 2), HaveField("Task", 2), HaveField("Desc", "beta")))
			Expect(done[1]).To(And(HaveField("Process", 2), HaveField("Task", 1), HaveField("Desc", "alpha")))
			Expect(sim.Files().Exists("/Documents/alpha")).To(BeTrue())
			Expect(sim.Files().Exists("/Documents/beta")).To(BeTrue())
		})
	})

	Describe("R-I4: a suspended app whose session object still exists", func() {
		It("R-I4: is resumed in the background, no new process, and the existing session delivers", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.RunTo(time.Minute)

			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At
			Expect(done).To(Equal(10*time.Second + 50*time.Millisecond))
			Expect(sim.Processes()).To(Equal(1))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindLaunch})).To(HaveLen(1))
			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(1))
			Expect(strings.HasPrefix(wakes[0].Detail, "resumes the app")).To(BeTrue(), wakes[0].Detail)
			var resume []simulator.Event
			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindTransition}) {
				if e.Cause == "background-resume" {
					resume = append(resume, e)
				}
			}
			Expect(resume).To(HaveLen(1))
			Expect(resume[0]).To(And(HaveField("From", "suspended"), HaveField("To", "background"), HaveField("At", done), HaveField("Process", 1)))
			Expect(env.Story(done, simulator.Pattern{})).To(Equal([]string{
				"wake", "→background", "HandleEventsForBackgroundURL",
				"DidFinishDownloading#1", "DidCompleteWithError#1", "DidFinishEventsForBackgroundSession",
				"handler(main)", "snapshot", "→suspended",
			}))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindConnect})).To(HaveLen(1), "no new session needed")
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(ConsistOf(And(HaveField("Process", 1), HaveField("Delegate", 1))))
			Expect(sim.Violations()).To(BeEmpty())
		})
	})

	Describe("R-I5: a user launch while transfers still run", func() {
		It("R-I5: calls no HandleEventsForBackgroundURL; an app that recreates its session sees progress", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
			env.At(9*time.Second, sim.Launch)
			env.RunTo(5 * time.Minute)

			Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty())
			var progress []simtest.Call
			for _, r := range env.CallsOf(simulator.CbDidWriteData) {
				if r.Process == 2 {
					progress = append(progress, r)
				}
			}
			Expect(progress).NotTo(BeEmpty(), "the recreated session reports progress")
			Expect(progress[0].Total).To(BeNumerically(">", 16_000_000), "the bytes the daemon moved meanwhile")
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(ConsistOf(HaveField("Process", 2)))
			Expect(sim.State()).To(Equal(appmodel.Active))
		})

		It("R-I5: an app that does not recreate its session sees nothing", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Connect: dmConnectNever, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
			env.At(9*time.Second, sim.Launch)
			env.RunTo(5 * time.Minute)

			for _, r := range env.Calls() {
				if r.Delegate != 0 { // a SessionDelegate method
					Expect(r.Process).To(Equal(1), "process 2 got %s", r.Callback)
				}
			}
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
			Expect(sim.Sessions()[0].QueuedEvents).To(Equal(2))
		})
	})

	Describe("R-I6: an app that never recreates the session", func() {
		It("R-I6: events stay queued, the handler-never-called violation comes after CompletionHandlerBudget, the app is suspended, and a later user launch that reconnects gets them", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Connect: dmConnectOnActivation, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
			done := 10*time.Second + 50*time.Millisecond
			env.RunTo(done + simulator.DefaultCompletionHandlerBudget + time.Second)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(HaveLen(1))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})).To(BeEmpty())
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(BeEmpty())
			Expect(sim.Sessions()[0].QueuedEvents).To(Equal(2))
			v := env.ViolationsOf(simulator.RuleD4)
			Expect(v).To(HaveLen(1))
			Expect(v[0].At).To(Equal(done + simulator.DefaultCompletionHandlerBudget))
			Expect(v[0].Process).To(Equal(2))
			Expect(v[0].Detail).To(ContainSubstring("never called"))
			notes := env.Events(simulator.Pattern{Rule: simulator.RuleI6})
			Expect(notes).To(HaveLen(1))
			Expect(notes[0].Detail).To(ContainSubstring("stay queued"))
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			suspended := env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended", Process: 2})
			Expect(suspended).To(HaveLen(1))
			Expect(suspended[0].At).To(Equal(done + simulator.DefaultCompletionHandlerBudget))

			env.At(50*time.Second, sim.Launch)
			env.RunTo(55 * time.Second)
			Expect(env.Story(50*time.Second, simulator.Pattern{Kind: simulator.KindSessionCallback})).To(Equal([]string{"DidFinishDownloading#1", "DidCompleteWithError#1"}))
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(ConsistOf(And(HaveField("Process", 2), HaveField("FileExisted", true))))
			Expect(sim.Files().Exists("/Documents/alpha")).To(BeTrue())
			Expect(sim.Sessions()[0].QueuedEvents).To(BeZero())
		})
	})

	Describe("R-D2: the order at a background relaunch", func() {
		// A third task fails at once (nothing at dmMissing, -1003): it
		// completes first, with no file.
		threeTasks := append(append([]dmDownload(nil), twoTasks...), dmDownload{URL: dmMissing, Desc: "gamma"})
		want := func(connectEarly bool) []string {
			s := []string{"wake", "launch(url-session)", "→background", "FinishedLaunching(url-session)"}
			if connectEarly {
				s = append(s, "connect", "HandleEventsForBackgroundURL")
			} else {
				s = append(s, "HandleEventsForBackgroundURL", "connect")
			}
			return append(s,
				"DidCompleteWithError#3",
				"DidFinishDownloading#2", "DidCompleteWithError#2",
				"DidFinishDownloading#1", "DidCompleteWithError#1",
				"DidFinishEventsForBackgroundSession", "handler(main)", "snapshot", "→suspended")
		}

		It("R-D2: FinishedLaunching(url-session), HandleEventsForBackgroundURL, the session recreated, per task in completion order DidFinishDownloading then DidCompleteWithError, DidFinishEventsForBackgroundSession", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Connect: dmConnectInHandleEvents, Downloads: threeTasks})...)
			sim := env.Sim()
			crashEarly(env)
			env.RunTo(time.Minute)

			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 3}).At).To(Equal(50 * time.Millisecond))
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At).To(Equal(bigDone))
			Expect(env.Story(bigDone, simulator.Pattern{})).To(Equal(want(false)))
			gamma := env.CallsOf(simulator.CbDidCompleteWithError)[0]
			Expect(gamma.Desc).To(Equal("gamma"))
			Expect(gamma.Err).NotTo(BeNil())
			Expect(gamma.Err.Code).To(Equal(appmodel.ErrCannotFindHost))
			Expect(sim.Violations()).To(BeEmpty())
		})

		It("R-D2: an app that recreates the session in FinishedLaunching still gets nothing before HandleEventsForBackgroundURL", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Connect: dmConnectAtLaunch, Downloads: threeTasks})...)
			sim := env.Sim()
			crashEarly(env)
			env.RunTo(time.Minute)

			Expect(env.Story(bigDone, simulator.Pattern{})).To(Equal(want(true)))
			Expect(sim.Violations()).To(BeEmpty())
		})
	})
})
