package simulator_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Reconnecting and relaunching: R-I3, R-I4, R-I5, R-I6, R-D2.
var _ = Describe("relaunch and reconnection", func() {
	// Two downloads in one session, the big one made first: the small one
	// completes first (4.05 s), the big one at 12.05 s.
	twoTasks := []dmDownload{{URL: dmBig, Desc: "alpha"}, {URL: dmSmall, Desc: "beta"}}
	const bigDone = 12*time.Second + 50*time.Millisecond

	// crashEarly: the user launches the app, which starts its downloads; it
	// crashes 10 ms later, so every event waits for a new process.
	crashEarly := func(sim *simulator.Sim) {
		GinkgoHelper()
		dmAt(sim, 0, sim.Launch)
		dmAt(sim, 10*time.Millisecond, func() error { return sim.Crash("boom") })
	}

	Describe("R-I3: reconnecting by identifier", func() {
		It("R-I3: a new process that makes a session with the same identifier gets the queued events on its new delegate", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Downloads: twoTasks})
			crashEarly(sim)
			dmUntil(sim, time.Minute)

			conns := dmSelect(sim, dmKind(simulator.KindConnect))
			Expect(conns).To(HaveLen(2))
			Expect(conns[1].Process).To(Equal(2))
			Expect(conns[1].Session).To(Equal(dmSession))
			Expect(conns[1].Detail).To(Equal("0 tasks under way, 4 events waiting"))
			for _, what := range []string{"DidFinishDownloading", "DidCompleteWithError"} {
				got := rec.of(what)
				Expect(got).To(HaveLen(2))
				for _, r := range got {
					Expect(r.Delegate).To(Equal("app2/first"))
				}
			}
			for _, e := range dmSelect(sim, dmKind(simulator.KindSessionCallback)) {
				if e.Callback != "DidWriteData" {
					Expect(e.Process).To(Equal(2))
				}
			}
		})

		It("R-I3: task ids and TaskDescription persist across processes", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Downloads: twoTasks, ListTasks: true})
			crashEarly(sim)
			dmAt(sim, time.Second, sim.Launch) // while both still run
			dmUntil(sim, time.Minute)

			lists := rec.of("tasks")
			Expect(lists).To(HaveLen(2))
			Expect(lists[0].Instance).To(Equal(1))
			Expect(lists[1].Instance).To(Equal(2))
			Expect(lists[1].Tasks).To(Equal([]string{"1:alpha", "2:beta"}), "the new process sees the same tasks")
			done := rec.of("DidCompleteWithError")
			Expect(done).To(HaveLen(2))
			Expect(done[0]).To(And(HaveField("Instance", 2), HaveField("Task", 2), HaveField("Desc", "beta")))
			Expect(done[1]).To(And(HaveField("Instance", 2), HaveField("Task", 1), HaveField("Desc", "alpha")))
			Expect(sim.Files().Exists("/Documents/alpha")).To(BeTrue())
			Expect(sim.Files().Exists("/Documents/beta")).To(BeTrue())
		})
	})

	Describe("R-I4: a suspended app whose session object still exists", func() {
		It("R-I4: is resumed in the background, no new process, and the existing session delivers", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, time.Second, sim.Home)
			dmUntil(sim, time.Minute)

			done := dmCompletedAt(sim, dmSession, 1)
			Expect(done).To(Equal(10*time.Second + 50*time.Millisecond))
			Expect(sim.Processes()).To(Equal(1))
			Expect(dmSelect(sim, dmKind(simulator.KindLaunch))).To(HaveLen(1))
			wakes := dmSelect(sim, dmKind(simulator.KindRelaunch))
			Expect(wakes).To(HaveLen(1))
			Expect(strings.HasPrefix(wakes[0].Detail, "resumes the app")).To(BeTrue(), wakes[0].Detail)
			resume := dmSelect(sim, func(e simulator.Event) bool {
				return e.Kind == simulator.KindTransition && e.Cause == "background-resume"
			})
			Expect(resume).To(HaveLen(1))
			Expect(resume[0]).To(And(HaveField("From", "suspended"), HaveField("To", "background"), HaveField("At", done), HaveField("Process", 1)))
			Expect(dmStory(sim, done)).To(Equal([]string{
				"wake", "→background", "HandleEventsForBackgroundURL",
				"DidFinishDownloading#1", "DidCompleteWithError#1", "DidFinishEventsForBackgroundSession",
				"handler(main)", "snapshot", "→suspended",
			}))
			Expect(dmSelect(sim, dmKind(simulator.KindConnect))).To(HaveLen(1), "no new session needed")
			Expect(rec.of("DidFinishDownloading")).To(ConsistOf(HaveField("Delegate", "app1/first")))
			Expect(sim.Violations()).To(BeEmpty())
		})
	})

	Describe("R-I5: a user launch while transfers still run", func() {
		It("R-I5: calls no HandleEventsForBackgroundURL; an app that recreates its session sees progress", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmBackgroundKilled(sim)
			dmAt(sim, 9*time.Second, sim.Launch)
			dmUntil(sim, 5*time.Minute)

			Expect(dmSelect(sim, dmCallback("HandleEventsForBackgroundURL"))).To(BeEmpty())
			Expect(dmSelect(sim, dmKind(simulator.KindRelaunch))).To(BeEmpty())
			var progress []dmRec
			for _, r := range rec.of("DidWriteData") {
				if r.Instance == 2 {
					progress = append(progress, r)
				}
			}
			Expect(progress).NotTo(BeEmpty(), "the recreated session reports progress")
			Expect(progress[0].Bytes).To(BeNumerically(">", 16_000_000), "the bytes the daemon moved meanwhile")
			Expect(rec.of("DidFinishDownloading")).To(ConsistOf(HaveField("Instance", 2)))
			Expect(sim.State()).To(Equal(appmodel.Active))
		})

		It("R-I5: an app that does not recreate its session sees nothing", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Connect: dmConnectNever, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmBackgroundKilled(sim)
			dmAt(sim, 9*time.Second, sim.Launch)
			dmUntil(sim, 5*time.Minute)

			for _, r := range rec.recs {
				Expect(r.Instance).To(Equal(1), "process 2 got %s", r.What)
			}
			Expect(dmSelect(sim, dmCallback("HandleEventsForBackgroundURL"))).To(BeEmpty())
			Expect(sim.Sessions()[0].QueuedEvents).To(Equal(2))
		})
	})

	Describe("R-I6: an app that never recreates the session", func() {
		It("R-I6: events stay queued, the handler-never-called violation comes after CompletionHandlerBudget, the app is suspended, and a later user launch that reconnects gets them", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Connect: dmConnectOnActivation, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmBackgroundKilled(sim)
			done := 10*time.Second + 50*time.Millisecond
			dmUntil(sim, done+simulator.DefaultCompletionHandlerBudget+time.Second)

			Expect(dmSelect(sim, dmKind(simulator.KindRelaunch))).To(HaveLen(1))
			Expect(dmSelect(sim, dmCallback("HandleEventsForBackgroundURL"))).To(HaveLen(1))
			Expect(dmSelect(sim, dmCallback("DidFinishDownloading"))).To(BeEmpty())
			Expect(rec.of("DidFinishDownloading")).To(BeEmpty())
			Expect(sim.Sessions()[0].QueuedEvents).To(Equal(2))
			v := dmViolations(sim, simulator.RuleD4)
			Expect(v).To(HaveLen(1))
			Expect(v[0].At).To(Equal(done + simulator.DefaultCompletionHandlerBudget))
			Expect(v[0].Process).To(Equal(2))
			Expect(v[0].Detail).To(ContainSubstring("never called"))
			notes := dmSelect(sim, func(e simulator.Event) bool { return e.Rule == simulator.RuleI6 })
			Expect(notes).To(HaveLen(1))
			Expect(notes[0].Detail).To(ContainSubstring("stay queued"))
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			suspended := dmSelect(sim, func(e simulator.Event) bool {
				return e.Kind == simulator.KindTransition && e.To == "suspended" && e.Process == 2
			})
			Expect(suspended).To(HaveLen(1))
			Expect(suspended[0].At).To(Equal(done + simulator.DefaultCompletionHandlerBudget))

			dmAt(sim, 50*time.Second, sim.Launch)
			dmUntil(sim, 55*time.Second)
			Expect(dmSessionStory(sim, 50*time.Second)).To(Equal([]string{"DidFinishDownloading#1", "DidCompleteWithError#1"}))
			Expect(rec.of("DidFinishDownloading")).To(ConsistOf(And(HaveField("Instance", 2), HaveField("FileExisted", true))))
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
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Connect: dmConnectInHandleEvents, Downloads: threeTasks})
			crashEarly(sim)
			dmUntil(sim, time.Minute)

			Expect(dmCompletedAt(sim, dmSession, 3)).To(Equal(50 * time.Millisecond))
			Expect(dmCompletedAt(sim, dmSession, 1)).To(Equal(bigDone))
			Expect(dmStory(sim, bigDone)).To(Equal(want(false)))
			gamma := rec.of("DidCompleteWithError")[0]
			Expect(gamma.Desc).To(Equal("gamma"))
			Expect(gamma.Err).NotTo(BeNil())
			Expect(gamma.Err.Code).To(Equal(appmodel.ErrCannotFindHost))
			Expect(sim.Violations()).To(BeEmpty())
		})

		It("R-D2: an app that recreates the session in FinishedLaunching still gets nothing before HandleEventsForBackgroundURL", func() {
			sim := dmNew(simulator.Config{})
			dmInstall(sim, dmOpts{Connect: dmConnectAtLaunch, Downloads: threeTasks})
			crashEarly(sim)
			dmUntil(sim, time.Minute)

			Expect(dmStory(sim, bigDone)).To(Equal(want(true)))
			Expect(sim.Violations()).To(BeEmpty())
		})
	})
})
