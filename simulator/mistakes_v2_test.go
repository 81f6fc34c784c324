package simulator_test

// The reference app's mistakes of version 2 of the rules (M12, M13, M15,
// M16), each beside its fixed twin.

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// mvLogs are the app's log lines that contain sub.
func mvLogs(sim *simulator.Sim, sub string) []simulator.Event {
	return rlEvents(sim, rlKind(simulator.KindLog), func(e simulator.Event) bool { return strings.Contains(e.Detail, sub) })
}

var _ = Describe("the reference app's mistakes M12, M13, M15 and M16 (v2)", func() {
	Describe("M12 testing under the debugger (R-L8)", func() {
		// The app forgets the completion handler (M4): a bug that only the
		// relaunch path shows.
		opts := appmodel.RefOptions{Mistakes: appmodel.Mistakes{ForgetCompletionHandler: true}}
		story := func(sim *simulator.Sim) {
			GinkgoHelper()
			rlRun(sim, 0, sim.Launch)
			rlRun(sim, 4*time.Second, sim.Home)
			rlRun(sim, time.Hour, nil)
		}

		It("M12, R-L8: under the debugger the app is never suspended: the image arrives in-process, with no wake, and the forgotten handler goes unnoticed", func() {
			sim := rlRef(simulator.Config{DebuggerAttached: true}, opts)
			story(sim)

			Expect(rlEvents(sim, rlKind(simulator.KindTransition), func(e simulator.Event) bool { return e.To == "suspended" })).To(BeEmpty())
			Expect(sim.State()).To(Equal(appmodel.Background), "still running an hour later")
			Expect(rlEvents(sim, rlKind(simulator.KindRelaunch))).To(BeEmpty())
			Expect(rlEvents(sim, rlCallback(simulator.CbHandleEventsForBackgroundURL))).To(BeEmpty())
			Expect(rlEvents(sim, rlCallback(simulator.CbDidFinishEventsForBackgroundSession))).To(BeEmpty())
			Expect(rlEvents(sim, rlCallback(simulator.CbDidFinishDownloading))).To(HaveLen(1))
			Expect(sim.Processes()).To(Equal(1))
			Expect(rlRefImages(sim)).To(HaveLen(1))
			Expect(sim.Violations()).To(BeEmpty(), "nothing tells the developer about the bug")
		})

		It("M12 fixed, R-L8: the same scenario without the debugger runs the relaunch path, and the forgotten handler shows", func() {
			sim := rlRef(simulator.Config{}, opts)
			story(sim)

			Expect(rlEvents(sim, rlKind(simulator.KindTransition), func(e simulator.Event) bool { return e.To == "suspended" })).NotTo(BeEmpty())
			Expect(rlEvents(sim, rlKind(simulator.KindRelaunch))).To(HaveLen(1))
			Expect(rlEvents(sim, rlCallback(simulator.CbHandleEventsForBackgroundURL))).To(HaveLen(1))
			Expect(rlRefImages(sim)).To(HaveLen(1))
			v := rlEvents(sim, rlKind(simulator.KindViolation), rlRule(simulator.RuleD4))
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("never called"))
		})
	})

	Describe("M13 SlowDidFinishDownloading (R-D8)", func() {
		story := func(sim *simulator.Sim) {
			GinkgoHelper()
			rlRun(sim, 0, sim.Launch)
			rlRun(sim, 4*time.Second, sim.Home)
			rlRun(sim, 2*time.Hour, nil)
		}
		slow := appmodel.RefOptions{Images: 3, Mistakes: appmodel.Mistakes{SlowDidFinishDownloading: true}}

		It("M13, R-D8: decoding in DidFinishDownloading during the wake outlives its time: the watchdog kills the app and the other images' events are dropped", func() {
			sim := rlRef(simulator.Config{}, slow)
			story(sim)

			wakes := rlEvents(sim, rlKind(simulator.KindRelaunch))
			Expect(wakes).To(HaveLen(1))
			v := rlEvents(sim, rlKind(simulator.KindViolation), rlRule(simulator.RuleD8))
			Expect(v).To(HaveLen(1))
			hs := rlEvents(sim, rlCallback(simulator.CbHandleEventsForBackgroundURL))
			Expect(hs).To(HaveLen(1))
			Expect(v[0].At-hs[0].At).To(Equal(simulator.DefaultCompletionHandlerBudget), "when the wake's time ran out")
			term := rlEvents(sim, rlKind(simulator.KindTerminate))
			Expect(term).To(HaveLen(1))
			Expect(term[0].Reason).To(Equal(string(simulator.TermWatchdog)))
			Expect(rlEvents(sim, rlCallback(simulator.CbWillTerminate))).To(BeEmpty())
			drop := rlEvents(sim, rlKind(simulator.KindSystem), rlRule(simulator.RuleD8))
			Expect(drop).To(HaveLen(1))
			Expect(drop[0].Detail).To(HavePrefix("5 undelivered events"), "image 1's DidCompleteWithError, and both events of images 2 and 3")
			Expect(rlEvents(sim, rlCallback(simulator.CbDidFinishDownloading))).To(HaveLen(1))
			Expect(rlRefImages(sim)).To(HaveLen(1), "only the image being decoded made it")
			Expect(sim.Files().List("/tmp")).To(BeEmpty(), "the dropped downloads' files are deleted")
			Expect(sim.State()).To(Equal(appmodel.Terminated))
		})

		It("M13, R-D8: with UndeliveredOnKill requeue the events wait for later wakes: one image per wake, each wake killed, until all arrive", func() {
			sim := rlRef(simulator.Config{UndeliveredOnKill: simulator.UndeliveredRequeue}, slow)
			story(sim)

			Expect(rlEvents(sim, rlKind(simulator.KindSystem), rlRule(simulator.RuleD8))).To(BeEmpty(), "nothing dropped")
			kills := rlEvents(sim, rlKind(simulator.KindViolation), rlRule(simulator.RuleD8))
			Expect(kills).To(HaveLen(3), "one per image")
			Expect(rlEvents(sim, rlKind(simulator.KindRelaunch))).To(HaveLen(4), "three killed wakes and the one that ends the session's events")
			Expect(rlRefImages(sim)).To(HaveLen(3))
			Expect(rlEvents(sim, rlCallback(simulator.CbDidCompleteWithError))).To(HaveLen(3), "each task's completion delivered exactly once")
		})

		It("M13 fixed, R-D8: moving the file and returning at once: all three images in one wake, no violation", func() {
			sim := rlRef(simulator.Config{}, appmodel.RefOptions{Images: 3})
			story(sim)

			Expect(rlEvents(sim, rlKind(simulator.KindRelaunch))).To(HaveLen(1))
			Expect(rlRefImages(sim)).To(HaveLen(3))
			Expect(rlEvents(sim, rlKind(simulator.KindHandlerCall))).To(HaveLen(1))
			Expect(sim.Violations()).To(BeEmpty())
		})
	})

	Describe("M15 HandlerOnlyWhenNoTasks (R-D4)", func() {
		// Charging, so that the next download (made in the background) is
		// held by the relaunch delay only (R-R1), not by R-S6.
		cfg := simulator.Config{Power: simulator.Power{Charging: true, Battery: 100}}
		story := func(sim *simulator.Sim) {
			GinkgoHelper()
			rlRun(sim, 0, sim.Launch)
			rlRun(sim, 4*time.Second, sim.Home)
			rlRun(sim, time.Hour, nil)
		}

		It("M15, R-D4: the next download started during the wake is still running, so GetAllTasks is not empty at DidFinishEvents and that wake's handler is never called", func() {
			sim := rlRef(cfg, appmodel.RefOptions{Images: 2, Mistakes: appmodel.Mistakes{TaskPerWake: true, HandlerOnlyWhenNoTasks: true}})
			story(sim)

			Expect(mvLogs(sim, "still running: not calling the completion handler")).To(HaveLen(1))
			hs := rlEvents(sim, rlCallback(simulator.CbHandleEventsForBackgroundURL))
			Expect(hs).To(HaveLen(2), "one wake per image")
			calls := rlEvents(sim, rlKind(simulator.KindHandlerCall))
			Expect(calls).To(HaveLen(1), "only the last wake's handler, when nothing was left running")
			Expect(calls[0].Seq).To(BeNumerically(">", hs[1].Seq))
			v := rlEvents(sim, rlKind(simulator.KindViolation), rlRule(simulator.RuleD4))
			Expect(v).To(HaveLen(1), "the first wake's handler was never called")
			Expect(v[0].Detail).To(ContainSubstring("never called"))
			Expect(v[0].At - hs[0].At).To(Equal(simulator.DefaultCompletionHandlerBudget))
		})

		It("M15 fixed, R-D4: calling the handler from DidFinishEvents whatever still runs: no violation", func() {
			sim := rlRef(cfg, appmodel.RefOptions{Images: 2, Mistakes: appmodel.Mistakes{TaskPerWake: true}})
			story(sim)

			hs := rlEvents(sim, rlCallback(simulator.CbHandleEventsForBackgroundURL))
			Expect(hs).To(HaveLen(2))
			Expect(rlEvents(sim, rlKind(simulator.KindHandlerCall))).To(HaveLen(2))
			Expect(rlRefImages(sim)).To(HaveLen(2))
			Expect(sim.Violations()).To(BeEmpty())
		})
	})

	Describe("M16 StateAfterSession (R-I3)", func() {
		story := func(sim *simulator.Sim) {
			GinkgoHelper()
			rlRun(sim, 0, sim.Launch)
			rlRun(sim, 4*time.Second, sim.Home)
			rlRun(sim, 12*time.Second, sim.MemoryPressureKill)
			rlRun(sim, time.Hour, nil)
		}

		It("M16, R-I3: the session made before the destination table is loaded: the first event arrives first and its file is dropped", func() {
			sim := rlRef(simulator.Config{}, appmodel.RefOptions{Mistakes: appmodel.Mistakes{StateAfterSession: true}})
			story(sim)

			fin := rlEvents(sim, rlCallback(simulator.CbDidFinishDownloading))
			Expect(fin).To(HaveLen(1))
			Expect(rlEvents(sim, rlBefore(fin[0].At+time.Millisecond), func(e simulator.Event) bool {
				return e.Kind == simulator.KindLog && strings.Contains(e.Detail, "loaded") && e.Seq < fin[0].Seq
			})).To(BeEmpty(), "the event came before the state")
			Expect(mvLogs(sim, "matches no download I know of")).To(HaveLen(1))
			Expect(rlRefImages(sim)).To(BeEmpty())
		})

		It("M16 fixed, R-I3: the table loaded before the session is made: the image lands", func() {
			sim := rlRef(simulator.Config{}, appmodel.RefOptions{DestinationTable: true})
			story(sim)

			fin := rlEvents(sim, rlCallback(simulator.CbDidFinishDownloading))
			Expect(fin).To(HaveLen(1))
			loaded := mvLogs(sim, "loaded 1 destination(s)")
			Expect(loaded).To(HaveLen(1))
			Expect(loaded[0].Seq).To(BeNumerically("<", fin[0].Seq))
			Expect(rlRefImages(sim)).To(HaveLen(1))
			Expect(sim.Violations()).To(BeEmpty())
		})
	})
})
