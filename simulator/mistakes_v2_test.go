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
	"github.com/bgsim/bgsim/simulator/simtest"
)

// mvLogs are the app's log lines that contain sub.
func mvLogs(env *simtest.Env, sub string) []simulator.Event {
	return env.EventsWhere(simulator.Pattern{Kind: simulator.KindLog}, func(e simulator.Event) bool { return strings.Contains(e.Detail, sub) })
}

var _ = Describe("the reference app's mistakes M12, M13, M15 and M16 (v2)", func() {
	Describe("M12 testing under the debugger (R-L8)", func() {
		// The app forgets the completion handler (M4): a bug that only the
		// relaunch path shows.
		opts := appmodel.RefOptions{Mistakes: appmodel.Mistakes{ForgetCompletionHandler: true}}
		story := func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.RunTo(time.Hour)
		}

		It("M12, R-L8: under the debugger the app is never suspended: the image arrives in-process, with no wake, and the forgotten handler goes unnoticed", func() {
			env := rlRef(simulator.Config{DebuggerAttached: true}, opts)
			story(env)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(BeEmpty())
			Expect(env.Sim().State()).To(Equal(appmodel.Background), "still running an hour later")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty())
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidFinishEventsForBackgroundSession})).To(BeEmpty())
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})).To(HaveLen(1))
			Expect(env.Sim().Processes()).To(Equal(1))
			Expect(rlRefImages(env)).To(HaveLen(1))
			Expect(env.Sim().Violations()).To(BeEmpty(), "nothing tells the developer about the bug")
		})

		It("M12 fixed, R-L8: the same scenario without the debugger runs the relaunch path, and the forgotten handler shows", func() {
			env := rlRef(simulator.Config{}, opts)
			story(env)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).NotTo(BeEmpty())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(HaveLen(1))
			Expect(rlRefImages(env)).To(HaveLen(1))
			v := env.Events(simulator.Pattern{Kind: simulator.KindViolation, Rule: simulator.RuleD4})
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("never called"))
		})
	})

	Describe("M13 SlowDidFinishDownloading (R-D8)", func() {
		story := func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.RunTo(2 * time.Hour)
		}
		slow := appmodel.RefOptions{Images: 3, Mistakes: appmodel.Mistakes{SlowDidFinishDownloading: true}}

		It("M13, R-D8: decoding in DidFinishDownloading during the wake outlives its time: the watchdog kills the app and the other images' events are dropped", func() {
			env := rlRef(simulator.Config{}, slow)
			story(env)

			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(1))
			v := env.Events(simulator.Pattern{Kind: simulator.KindViolation, Rule: simulator.RuleD8})
			Expect(v).To(HaveLen(1))
			hs := env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
			Expect(hs).To(HaveLen(1))
			Expect(v[0].At-hs[0].At).To(Equal(simulator.DefaultCompletionHandlerBudget), "when the wake's time ran out")
			term := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(term).To(HaveLen(1))
			Expect(term[0].Reason).To(Equal(string(simulator.TermWatchdog)))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbWillTerminate})).To(BeEmpty())
			drop := env.Events(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleD8})
			Expect(drop).To(HaveLen(1))
			Expect(drop[0].Detail).To(HavePrefix("5 undelivered events"), "image 1's DidCompleteWithError, and both events of images 2 and 3")
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})).To(HaveLen(1))
			Expect(rlRefImages(env)).To(HaveLen(1), "only the image being decoded made it")
			Expect(env.Sim().Files().List("/tmp")).To(BeEmpty(), "the dropped downloads' files are deleted")
			Expect(env.Sim().State()).To(Equal(appmodel.Terminated))
		})

		It("M13, R-D8: with UndeliveredOnKill requeue the events wait for later wakes: one image per wake, each wake killed, until all arrive", func() {
			env := rlRef(simulator.Config{UndeliveredOnKill: simulator.UndeliveredRequeue}, slow)
			story(env)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleD8})).To(BeEmpty(), "nothing dropped")
			kills := env.Events(simulator.Pattern{Kind: simulator.KindViolation, Rule: simulator.RuleD8})
			Expect(kills).To(HaveLen(3), "one per image")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(4), "three killed wakes and the one that ends the session's events")
			Expect(rlRefImages(env)).To(HaveLen(3))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})).To(HaveLen(3), "each task's completion delivered exactly once")
		})

		It("M13 fixed, R-D8: moving the file and returning at once: all three images in one wake, no violation", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{Images: 3})
			story(env)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1))
			Expect(rlRefImages(env)).To(HaveLen(3))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(1))
			Expect(env.Sim().Violations()).To(BeEmpty())
		})
	})

	Describe("M15 HandlerOnlyWhenNoTasks (R-D4)", func() {
		// Charging, so that the next download (made in the background) is
		// held by the relaunch delay only (R-R1), not by R-S6.
		cfg := simulator.Config{Power: simulator.Power{Charging: true, Battery: 100}}
		story := func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.RunTo(time.Hour)
		}

		It("M15, R-D4: the next download started during the wake is still running, so GetAllTasks is not empty at DidFinishEvents and that wake's handler is never called", func() {
			env := rlRef(cfg, appmodel.RefOptions{Images: 2, Mistakes: appmodel.Mistakes{TaskPerWake: true, HandlerOnlyWhenNoTasks: true}})
			story(env)

			Expect(mvLogs(env, "still running: not calling the completion handler")).To(HaveLen(1))
			hs := env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
			Expect(hs).To(HaveLen(2), "one wake per image")
			calls := env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})
			Expect(calls).To(HaveLen(1), "only the last wake's handler, when nothing was left running")
			Expect(calls[0].Seq).To(BeNumerically(">", hs[1].Seq))
			v := env.Events(simulator.Pattern{Kind: simulator.KindViolation, Rule: simulator.RuleD4})
			Expect(v).To(HaveLen(1), "the first wake's handler was never called")
			Expect(v[0].Detail).To(ContainSubstring("never called"))
			Expect(v[0].At - hs[0].At).To(Equal(simulator.DefaultCompletionHandlerBudget))
		})

		It("M15 fixed, R-D4: calling the handler from DidFinishEvents whatever still runs: no violation", func() {
			env := rlRef(cfg, appmodel.RefOptions{Images: 2, Mistakes: appmodel.Mistakes{TaskPerWake: true}})
			story(env)

			hs := env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
			Expect(hs).To(HaveLen(2))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(2))
			Expect(rlRefImages(env)).To(HaveLen(2))
			Expect(env.Sim().Violations()).To(BeEmpty())
		})
	})

	Describe("M16 StateAfterSession (R-I3)", func() {
		story := func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.At(12*time.Second, env.Sim().MemoryPressureKill)
			env.RunTo(time.Hour)
		}

		It("M16, R-I3: the session made before the destination table is loaded: the first event arrives first and its file is dropped", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{Mistakes: appmodel.Mistakes{StateAfterSession: true}})
			story(env)

			fin := env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})
			Expect(fin).To(HaveLen(1))
			Expect(env.EventsWhere(simulator.Pattern{}, func(e simulator.Event) bool {
				return (func(e simulator.Event) bool { return e.At < fin[0].At+time.Millisecond })(e) && (func(e simulator.Event) bool {
					return e.Kind == simulator.KindLog && strings.Contains(e.Detail, "loaded") && e.Seq < fin[0].Seq
				})(e)
			})).To(BeEmpty(), "the event came before the state")
			Expect(mvLogs(env, "matches no download I know of")).To(HaveLen(1))
			Expect(rlRefImages(env)).To(BeEmpty())
		})

		It("M16 fixed, R-I3: the table loaded before the session is made: the image lands", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{DestinationTable: true})
			story(env)

			fin := env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})
			Expect(fin).To(HaveLen(1))
			loaded := mvLogs(env, "loaded 1 destination(s)")
			Expect(loaded).To(HaveLen(1))
			Expect(loaded[0].Seq).To(BeNumerically("<", fin[0].Seq))
			Expect(rlRefImages(env)).To(HaveLen(1))
			Expect(env.Sim().Violations()).To(BeEmpty())
		})
	})
})
