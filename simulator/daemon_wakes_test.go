package simulator_test

// R-D7: several sessions with events for an app that is suspended or not
// running: one HandleEventsForBackgroundURL per session identifier, each
// session's events after its own and followed by its own
// DidFinishEventsForBackgroundSession; and R-D8, a wake the app blocks.

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// wkSessions are the identifiers of the R-D7 specs, in creation order.
var wkSessions = []string{rlSession, rlSession2, rlSession3}

// wkCase is one R-D7 story: n sessions, one download each; session i's
// download held back by EarliestBeginDate until i*apart; the app
// suspended, or also killed, before they finish; its sessions recreated
// in FinishedLaunching or only in HandleEventsForBackgroundURL.
type wkCase struct {
	n      int
	apart  time.Duration
	killed bool
	lazy   bool
	// holdHandler keeps the app awake: it calls each completion handler
	// this long after DidFinishEventsForBackgroundSession.
	holdHandler time.Duration
}

func wkRun(c wkCase) *simtest.Env {
	GinkgoHelper()
	spec := rlSpec{Activated: func(a *rlApp) {
		if a.n != 1 {
			return
		}
		for i, id := range wkSessions[:c.n] {
			t := a.session(id).DownloadTask(appmodel.Request{URL: rlURL(fmt.Sprintf("w%d.bin", i))})
			if i > 0 && c.apart > 0 {
				t.SetEarliestBeginDate(a.app.Now().Add(time.Duration(i) * c.apart))
			}
			a.start(t, fmt.Sprintf("w%d", i))
		}
	}}
	if c.lazy {
		spec.Launched = func(*rlApp, appmodel.LaunchOptions) {}
	}
	if c.holdHandler > 0 {
		spec.FinishEvents = func(a *rlApp, s appmodel.Session) {
			h := a.handlers[s.Identifier()]
			delete(a.handlers, s.Identifier())
			a.app.After(c.holdHandler, h)
		}
	}
	env := simtest.New(GinkgoTB(), rlNew(simulator.Config{}, spec)...)
	for i := range c.n {
		// The same size in every session: with the link shared fairly they
		// finish at the same instant when they start together.
		Expect(env.Sim().Network().AddResource(rlURL(fmt.Sprintf("w%d.bin", i)), fakes.Resource{Size: 40_000_000, ETag: `"w"`, AcceptRanges: true})).To(Succeed())
	}
	env.At(0, env.Sim().Launch)
	env.At(time.Second, env.Sim().Home)
	if c.killed {
		env.At(10*time.Second, env.Sim().MemoryPressureKill)
	}
	env.RunTo(time.Hour)
	return env
}

// wkEach checks R-D7 for every session: one HandleEventsForBackgroundURL,
// its task's events after it, its own DidFinishEventsForBackgroundSession
// after them, and its own handler called, with no violation.
func wkEach(env *simtest.Env, n int) {
	GinkgoHelper()
	Expect(env.Sim().Violations()).To(BeEmpty())
	for _, id := range wkSessions[:n] {
		hs := env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL, Session: id})
		Expect(hs).To(HaveLen(1), "one HandleEventsForBackgroundURL for %s", id)
		fin := env.Events(simulator.Pattern{Callback: simulator.CbDidFinishEventsForBackgroundSession, Session: id})
		Expect(fin).To(HaveLen(1), "one DidFinishEventsForBackgroundSession for %s", id)
		evs := env.EventsWhere(simulator.Pattern{Session: id}, func(e simulator.Event) bool {
			return e.Kind == simulator.KindSessionCallback && (e.Callback == simulator.CbDidFinishDownloading || e.Callback == simulator.CbDidCompleteWithError)
		})
		Expect(evs).To(HaveLen(2), "%s: its download's two events", id)
		for _, e := range evs {
			Expect(e.Seq).To(BeNumerically(">", hs[0].Seq), "%s: %s after its own HandleEventsForBackgroundURL", id, e.Callback)
			Expect(e.Seq).To(BeNumerically("<", fin[0].Seq), "%s: %s before its own DidFinishEventsForBackgroundSession", id, e.Callback)
		}
		calls := env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall, Session: id})
		Expect(calls).To(HaveLen(1), "%s: its own handler called", id)
		Expect(calls[0].Seq).To(BeNumerically(">", fin[0].Seq))
	}
	Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(n))
	for _, c := range env.CallsOf(simulator.CbDidFinishDownloading) {
		Expect(c.FileExisted).To(BeTrue())
	}
	Expect(env.Sim().State()).To(Equal(appmodel.Suspended), "suspended once every handler was called")
}

var _ = Describe("R-D7: several sessions woken together", func() {
	wakes := func(env *simtest.Env) []simulator.Event {
		return env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
	}

	DescribeTable("R-D7: sessions finishing at the same instant share one launch or resume, each with its own HandleEventsForBackgroundURL and DidFinishEventsForBackgroundSession",
		func(c wkCase) {
			env := wkRun(c)
			wkEach(env, c.n)
			w := wakes(env)
			Expect(w).To(HaveLen(1), "one wake for all of them")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunchDeferred})).To(BeEmpty())
			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done).To(HaveLen(c.n))
			for _, d := range done {
				Expect(d.At).To(Equal(done[0].At), "the downloads finished at the same instant")
			}
			joined := env.Events(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleD7})
			Expect(joined).To(HaveLen(c.n-1), "each other session is traced as joining the wake")
			wantLaunches := 1
			if c.killed {
				wantLaunches = 2
			}
			Expect(env.Sim().Processes()).To(Equal(wantLaunches))
			// The HandleEventsForBackgroundURL calls come in the order the
			// sessions were made, one after another on the main queue.
			var order []string
			for _, e := range env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL}) {
				order = append(order, e.Session)
			}
			Expect(order).To(Equal(wkSessions[:c.n]))
		},
		Entry("R-D7: two sessions, app suspended, sessions kept in memory", wkCase{n: 2}),
		Entry("R-D7: three sessions, app suspended", wkCase{n: 3}),
		Entry("R-D7: two sessions, app killed, sessions recreated in FinishedLaunching", wkCase{n: 2, killed: true}),
		Entry("R-D7: three sessions, app killed, sessions recreated in FinishedLaunching", wkCase{n: 3, killed: true}),
		Entry("R-D7: two sessions, app killed, sessions recreated lazily in HandleEventsForBackgroundURL", wkCase{n: 2, killed: true, lazy: true}),
		Entry("R-D7: three sessions, app killed, sessions recreated lazily in HandleEventsForBackgroundURL", wkCase{n: 3, killed: true, lazy: true}),
	)

	DescribeTable("R-D7: sessions finishing a few seconds apart while the app is still awake for the first join its wake, with no new relaunch",
		func(c wkCase) {
			// 2 s apart: every EarliestBeginDate passes while the app still
			// runs in its grace period.
			c.apart, c.holdHandler = 2*time.Second, 20*time.Second
			env := wkRun(c)
			wkEach(env, c.n)
			Expect(wakes(env)).To(HaveLen(1))
			joined := env.Events(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleD7})
			Expect(joined).To(HaveLen(c.n - 1))
			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})
			for i := 1; i < c.n; i++ {
				Expect(done[i].At).To(BeNumerically(">", done[i-1].At), "a few seconds apart")
				Expect(joined[i-1].At).To(BeNumerically(">=", done[i].At))
			}
		},
		Entry("R-D7: two sessions a few seconds apart, app suspended", wkCase{n: 2}),
		Entry("R-D7: three sessions a few seconds apart, app suspended", wkCase{n: 3}),
		Entry("R-D7: two sessions a few seconds apart, app killed, recreated in FinishedLaunching", wkCase{n: 2, killed: true}),
		Entry("R-D7: three sessions a few seconds apart, app killed, recreated lazily in HandleEventsForBackgroundURL", wkCase{n: 3, killed: true, lazy: true}),
	)

	DescribeTable("R-D7: a session finishing after the app went back to sleep gets a wake of its own, after the relaunch delay (R-R1)",
		func(c wkCase) {
			c.apart = 30 * time.Second
			env := wkRun(c)
			wkEach(env, c.n)
			w := wakes(env)
			Expect(w).To(HaveLen(c.n))
			for i, id := range wkSessions[:c.n] {
				Expect(w[i].Session).To(Equal(id))
			}
			Expect(w[1].At - w[0].At).To(Equal(simulator.DefaultRelaunchDelayInitial))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleD7})).To(BeEmpty(), "nobody joins")
		},
		Entry("R-D7: two sessions 30 s apart, app suspended", wkCase{n: 2}),
		Entry("R-D7: two sessions 30 s apart, app killed, recreated in FinishedLaunching", wkCase{n: 2, killed: true}),
		Entry("R-D7: two sessions 30 s apart, app killed, recreated lazily", wkCase{n: 2, killed: true, lazy: true}),
	)

	It("R-D7: the v1 defect: after a kill, the second session's events never come before the first session's HandleEventsForBackgroundURL", func() {
		env := wkRun(wkCase{n: 2, killed: true})
		first := env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
		Expect(first).NotTo(BeEmpty())
		early := env.EventsWhere(simulator.Pattern{}, func(e simulator.Event) bool {
			return e.Kind == simulator.KindSessionCallback && e.Seq < first[0].Seq && e.Process == 2
		})
		Expect(early).To(BeEmpty(), "nothing delivered in the relaunched process before the first HandleEventsForBackgroundURL")
	})
})

var _ = Describe("R-D8: a wake the app blocks", func() {
	// One session, two downloads; the app spends 40 s of CPU in the first
	// DidFinishDownloading of the wake, past the 30 s it has.
	// With onGlobal the work goes to a background queue instead.
	run := func(cfg simulator.Config, work time.Duration, onGlobal ...bool) *simtest.Env {
		GinkgoHelper()
		busy := false
		env := simtest.New(GinkgoTB(), rlNew(cfg, rlSpec{
			Activated: func(a *rlApp) {
				if a.n == 1 {
					a.download(rlSession, rlURL("b0.bin"), "b0")
					a.download(rlSession, rlURL("b1.bin"), "b1")
				}
			},
			Downloaded: func(a *rlApp, _ appmodel.Task) {
				if a.app.State() == appmodel.Background && !busy {
					busy = true
					if len(onGlobal) > 0 && onGlobal[0] {
						a.app.DispatchBackground(func() { a.app.Work(work, func() {}) })
						return
					}
					a.app.Work(work, func() {}) // the first download of the wake: long synchronous work
				}
			},
		})...)
		Expect(env.Sim().Network().AddResource(rlURL("b0.bin"), fakes.Resource{Size: 20_000_000, ETag: `"b"`, AcceptRanges: true})).To(Succeed())
		Expect(env.Sim().Network().AddResource(rlURL("b1.bin"), fakes.Resource{Size: 20_000_000, ETag: `"b"`, AcceptRanges: true})).To(Succeed())
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.RunTo(2 * time.Hour)
		return env
	}

	It("R-D8: still busy when the budget runs out: the watchdog kills the app, and by default (drop) the undelivered events never arrive", func() {
		env := run(simulator.Config{}, 40*time.Second)
		v := env.ViolationsOf(simulator.RuleD8)
		Expect(v).To(HaveLen(1))
		hs := env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
		Expect(hs).To(HaveLen(1))
		Expect(v[0].At - hs[0].At).To(Equal(simulator.DefaultCompletionHandlerBudget))
		term := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(term).To(HaveLen(1))
		Expect(term[0].Reason).To(Equal(string(simulator.TermWatchdog)))
		Expect(env.ViolationsOf(simulator.RuleD4)).To(BeEmpty(), "killed, not merely suspended")
		Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(1))
		Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(BeEmpty(), "dropped: b0's completion and both of b1's events")
		drop := env.One(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleD8})
		Expect(drop.Detail).To(HavePrefix("3 undelivered events"))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1), "nothing left to wake the app for")
		kill := env.One(simulator.Pattern{Kind: simulator.KindTransition, To: "terminated"})
		Expect(kill.Rule).To(Equal(simulator.RuleD8), "the rule of the budget that ran out, not R-L4's background task")
	})

	It("R-D8: with UndeliveredOnKill requeue the undelivered events come in a later wake", func() {
		env := run(simulator.Config{UndeliveredOnKill: simulator.UndeliveredRequeue}, 40*time.Second)
		Expect(env.ViolationsOf(simulator.RuleD8)).To(HaveLen(1))
		w := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
		Expect(w).To(HaveLen(2))
		Expect(w[1].At-w[0].At).To(Equal(simulator.DefaultRelaunchDelayInitial), "the next wake waits for the delay")
		Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(2))
		Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(2), "each completion once")
	})

	It("R-D8: long work on a background queue blocks nothing the wake needs: no kill, the handler is called", func() {
		env := run(simulator.Config{}, 40*time.Second, true)
		Expect(env.ViolationsOf(simulator.RuleD8)).To(BeEmpty())
		Expect(env.Sim().Violations()).To(BeEmpty())
		Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(2))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(1))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(BeEmpty())
	})

	It("R-D8: work that ends within the budget is no kill: the wake ends normally", func() {
		env := run(simulator.Config{}, 10*time.Second)
		Expect(env.ViolationsOf(simulator.RuleD8)).To(BeEmpty())
		Expect(env.Sim().Violations()).To(BeEmpty())
		Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(2))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(BeEmpty())
	})
})

var _ = Describe("R-D1: a wake the user overtakes", func() {
	It("R-D1: with Jitter, the user opens the app while the daemon is still launching it: the wake ends unused and the events reach the foreground app", func() {
		story := func(launchAt time.Duration) *simtest.Env {
			GinkgoHelper()
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{Jitter: true, Seed: 11}, rlSpec{Activated: func(a *rlApp) {
				if a.n == 1 {
					a.download(rlSession, rlBig, "big")
				}
			}})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.At(8*time.Second, env.Sim().MemoryPressureKill)
			if launchAt > 0 {
				env.At(launchAt, env.Sim().Launch)
			}
			env.RunTo(time.Hour)
			return env
		}
		// First the undisturbed run, to learn when the background launch
		// happens: the same seed gives the same timings. The daemon
		// decided on it at least JitterLaunch.Min earlier; the wake is
		// traced, and counted, when the launch happens.
		calm := story(0)
		wake := calm.One(simulator.Pattern{Kind: simulator.KindRelaunch})
		launch := calm.Events(simulator.Pattern{Kind: simulator.KindLaunch})
		Expect(launch).To(HaveLen(2))
		Expect(launch[1].At).To(Equal(wake.At))
		done := calm.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
		Expect(launch[1].At-done.At).To(BeNumerically(">=", simulator.JitterLaunch.Min), "with jitter the launch takes time")

		userAt := launch[1].At - simulator.JitterLaunch.Min/2
		env := story(userAt)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "the abandoned wake is no wake")
		ls := env.Events(simulator.Pattern{Kind: simulator.KindLaunch})
		Expect(ls).To(HaveLen(2))
		Expect(ls[1].Reason).To(Equal(appmodel.LaunchUser.String()), "the user's launch, not a background one")
		Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
		c := env.Completion("big")
		Expect(c.Err).To(BeNil())
		Expect(c.Process).To(Equal(2))
		Expect(c.At).To(Equal(userAt), "R-I3: delivered once the app the user opened recreates its session, not when the abandoned launch would have come")
		Expect(env.Sim().Violations()).To(BeEmpty())
		Expect(env.Sim().State()).To(Equal(appmodel.Active))
	})
})
