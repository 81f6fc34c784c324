package simulator_test

// Specs of the rules added or revised in version 2 that are not about
// several sessions (daemon_wakes_test.go) or the reference app's mistakes
// (mistakes_v2_test.go): R-S11, R-S12, R-E4, R-L8.

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

var _ = Describe("rules new or revised in v2", func() {
	It("R-I3: events that waited for a new process the user opened are delivered because it recreated its session, not in R-D2's relaunch", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{
			Config: func(c *appmodel.SessionConfig) { c.SessionSendsLaunchEvents = false },
			Activated: func(a *rlApp) {
				if a.n == 1 && len(a.tasks) == 0 {
					a.download(rlSession, rlBig, "big")
				}
			},
		})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.At(20*time.Second, env.Sim().MemoryPressureKill)
		env.At(time.Minute, env.Sim().Launch)
		env.RunTo(2 * time.Minute)

		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty())
		for _, cb := range []simulator.Callback{simulator.CbDidFinishDownloading, simulator.CbDidCompleteWithError} {
			e := env.One(simulator.Pattern{Callback: cb})
			Expect(e.Process).To(Equal(2))
			Expect(e.At).To(Equal(time.Minute))
			Expect(e.Rule).To(Equal(simulator.RuleI3), "%s", cb)
		}
	})

	Describe("R-S11: a session that does not send launch events", func() {
		// The download finishes while the app is suspended; the user
		// opens the app after `back`.
		run := func(cfg simulator.Config, back time.Duration) *simtest.Env {
			GinkgoHelper()
			env := simtest.New(GinkgoTB(), rlStd(cfg, rlSpec{
				Config: func(c *appmodel.SessionConfig) { c.SessionSendsLaunchEvents = false },
				Activated: func(a *rlApp) {
					if a.n == 1 && len(a.tasks) == 0 {
						a.download(rlSession, rlBig, "big")
					}
				},
			})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.At(back, env.Sim().Launch)
			env.RunTo(back + time.Minute)
			return env
		}

		It("R-S11: the trace says, once and when a wake would have come, that the daemon does not wake the app and the events wait", func() {
			env := run(simulator.Config{}, 30*time.Minute)
			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
			note := env.One(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleS11})
			Expect(note.At).To(Equal(done.At))
			Expect(note.Actor).To(Equal(simulator.ActorDaemon))
			Expect(note.Session).To(Equal(rlSession))
			Expect(note.Detail).To(And(ContainSubstring("does not send launch events"), ContainSubstring("2 events wait")))
		})

		It("R-S11: no such note while the app runs: it gets its events without a wake (R-I4)", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{
				Config:    func(c *appmodel.SessionConfig) { c.SessionSendsLaunchEvents = false },
				Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "small") },
			})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(1))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindSystem, Rule: simulator.RuleS11})).To(BeEmpty())
		})

		DescribeTable("R-S11: no wake; the events wait for the app, and the file for TempFileRetentionUnlaunched",
			func(cfg simulator.Config, back time.Duration, kept bool) {
				env := run(cfg, back)
				done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
				Expect(done.At).To(BeNumerically("<", 10*time.Minute), "finished while the app was suspended")
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "never woken for it")
				Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
				fin := env.CallsOf(simulator.CbDidFinishDownloading)
				Expect(fin).To(HaveLen(1))
				Expect(fin[0].At).To(Equal(back), "delivered when the user opened the app")
				Expect(fin[0].FileExisted).To(Equal(kept))
				deleted := env.Events(simulator.Pattern{Kind: simulator.KindFile, Rule: simulator.RuleS11})
				if kept {
					Expect(deleted).To(BeEmpty())
					return
				}
				Expect(deleted).To(HaveLen(1))
				want := cfg.TempFileRetentionUnlaunched
				if want == 0 {
					want = simulator.DefaultTempFileRetentionUnlaunched
				}
				Expect(deleted[0].At - done.At).To(Equal(want))
				Expect(env.Sim().Files().List("/Documents/rl")).To(BeEmpty(), "nothing to move")
			},
			Entry("R-S11: opened after 30 min: within the default hour, the file is there", simulator.Config{}, 30*time.Minute, true),
			Entry("R-S11: opened after 2 h: past the default hour, DidFinishDownloading names a file that is gone", simulator.Config{}, 2*time.Hour, false),
			Entry("R-S11: TempFileRetentionUnlaunched 3 h: after 2 h the file is still there", simulator.Config{TempFileRetentionUnlaunched: 3 * time.Hour}, 2*time.Hour, true),
			Entry("R-S11: TempFileRetentionUnlaunched 10 min: after 30 min it is gone", simulator.Config{TempFileRetentionUnlaunched: 10 * time.Minute}, 30*time.Minute, false),
		)
	})

	DescribeTable("R-S12: ForegroundStartDelay holds a transfer started in the foreground",
		func(delay time.Duration) {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{ForegroundStartDelay: delay}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "s") }})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(delay + time.Minute)
			start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(start.At).To(Equal(delay))
			waits := env.Events(simulator.Pattern{Kind: simulator.KindTaskWait, Rule: simulator.RuleS12})
			if delay == 0 {
				Expect(waits).To(BeEmpty())
			} else {
				Expect(waits).To(HaveLen(1))
			}
			Expect(env.Completion("s").Err).To(BeNil())
		},
		Entry("R-S12: default 0: it starts at once", time.Duration(0)),
		Entry("R-S12: 3 min: it starts 3 min late, though the app is in the foreground", 3*time.Minute),
	)

	Describe("R-E4: the three cancellation reasons", func() {
		It("R-E4: reason 1, backgroundUpdatesDisabled: switching Background App Refresh off cancels the transfers, with resume data, and does not wake the app", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				if a.n == 1 && len(a.tasks) == 0 {
					a.download(rlSession, rlBig, "big")
				}
			}})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			Expect(env.Sim().BackgroundAppRefresh()).To(BeTrue())
			env.At(10*time.Second, func() error { return env.Sim().SetBackgroundAppRefresh(false) })
			Expect(env.Sim().BackgroundAppRefresh()).To(BeFalse())
			env.RunTo(30 * time.Minute)

			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done.At).To(Equal(10 * time.Second))
			Expect(done.Code).To(Equal(int(appmodel.ErrCancelled)))
			Expect(done.Reason).To(Equal(appmodel.ReasonBackgroundUpdatesDisabled.String()))
			Expect(done.Rule).To(Equal(simulator.RuleE4))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "the cancellation does not wake the app")

			env.At(30*time.Minute, env.Sim().Launch)
			env.RunTo(31 * time.Minute)
			c := env.Completion("big")
			Expect(c.Code()).To(Equal(appmodel.ErrCancelled))
			Expect(c.Err.HasReason).To(BeTrue())
			Expect(c.Err.Reason).To(Equal(appmodel.ReasonBackgroundUpdatesDisabled))
			Expect(c.ResumeData()).NotTo(BeNil(), "resumable: resume data")
			told := env.One(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})
			Expect(told.Rule).To(Equal(simulator.RuleE4), "delivered when the user opens the app: the cancellation's rule, not R-D2's relaunch")
		})

		DescribeTable("R-E4: every reason is -999 with the reason in the error",
			func(act func(*simulator.Sim) error, reason appmodel.CancelReason) {
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
					if a.n == 1 && len(a.tasks) == 0 {
						a.download(rlSession, rlBig, "big")
					}
				}})...)
				env.At(0, env.Sim().Launch)
				env.At(2*time.Second, func() error { return act(env.Sim()) })
				env.RunTo(time.Minute)
				if env.Sim().State() != appmodel.Active && env.Sim().State() != appmodel.Inactive {
					env.At(time.Minute, env.Sim().Launch)
					env.RunTo(2 * time.Minute)
				}
				c := env.Completion("big")
				Expect(c.Code()).To(Equal(appmodel.ErrCancelled))
				Expect(c.Err.HasReason).To(BeTrue())
				Expect(c.Err.Reason).To(Equal(reason))
			},
			Entry("R-E4: 0 userForceQuit (R-E3)", (*simulator.Sim).ForceQuit, appmodel.ReasonUserForceQuit),
			Entry("R-E4: 1 backgroundUpdatesDisabled", func(s *simulator.Sim) error { return s.SetBackgroundAppRefresh(false) }, appmodel.ReasonBackgroundUpdatesDisabled),
			Entry("R-E4: 2 insufficientSystemResources", (*simulator.Sim).CancelForInsufficientResources, appmodel.ReasonInsufficientSystemResources),
		)
	})

	Describe("R-L8: the debugger", func() {
		It("R-L8: with DebuggerAttached the app is never suspended and no background relaunch happens, even after the events arrive", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{DebuggerAttached: true}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "big") }})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(time.Hour)
			Expect(env.Sim().State()).To(Equal(appmodel.Background))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty())
			c := env.Completion("big")
			Expect(c.Err).To(BeNil())
			Expect(c.Process).To(Equal(1), "delivered to the process that started it")
			Expect(env.CallsOf(simulator.CbDidFinishEventsForBackgroundSession)).To(BeEmpty(), "no wake, so no DidFinishEvents (R-D3)")
			Expect(env.CallsOf(simulator.CbDidWriteData)).NotTo(BeEmpty(), "progress goes on in-process")
		})
	})

	It("R-S6: PowerAnyLevel: a discretionary transfer waits for Wi-Fi only, not for power (what the system might wait for is Config's choice)", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{DiscretionaryPower: simulator.PowerAnyLevel, StartOffline: true}, rlSpec{
			Config:    func(c *appmodel.SessionConfig) { c.Discretionary = true },
			Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "s") },
		})...)
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty(), "offline")
		env.Sim().Network().SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 50 * time.Millisecond})
		env.RunTo(2 * time.Minute)
		start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart})
		Expect(start.At).To(Equal(time.Minute), "on Wi-Fi, at 80 % battery, not charging: it goes")
	})
})

var _ = Describe("R-S7: a WillBeginDelayedRequest the app never answers", func() {
	It("R-S7: the app is suspended as it is asked and killed before it answers: the daemon goes on with the original request", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
			if a.n != 1 {
				return
			}
			t := a.session(rlSession).DownloadTask(appmodel.Request{URL: rlSmall})
			t.SetEarliestBeginDate(a.app.Now().Add(6 * time.Second)) // as the grace period ends
			a.start(t, "late")
		}})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.RunTo(8 * time.Second)
		Expect(env.Sim().State()).To(Equal(appmodel.Suspended))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty(), "waiting for the suspended app's answer")
		env.At(10*time.Second, env.Sim().MemoryPressureKill)
		env.RunTo(10 * time.Minute)

		Expect(env.CallsOf(simulator.CbWillBeginDelayedRequest)).To(BeEmpty(), "the app never ran to be asked")
		start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart})
		Expect(start.At).To(Equal(10*time.Second), "when the process that was asked ended")
		Expect(env.Completion("late").Err).To(BeNil())
		Expect(env.Completion("late").Process).To(Equal(2), "delivered at the background launch")
	})
})

var _ = Describe("R-R1 (v2): when the delay is raised", func() {
	It("R-R1: the delay is raised when the daemon decides to wake the app, before FinishedLaunching and HandleEventsForBackgroundURL: a task the relaunched app makes waits this wake's full delay", func() {
		// Charging, so that the follow-up (made in the background, hence
		// discretionary) is held by R-R1 alone, not by R-S6.
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{Power: simulator.Power{Charging: true, Battery: 100}}, rlSpec{
			Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "first") },
			Launched: func(a *rlApp, opts appmodel.LaunchOptions) {
				a.session(rlSession)
				if opts.Reason == appmodel.LaunchURLSession {
					a.download(rlSession2, rlSmall, "follow-up")
				}
			},
		})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.At(1500*time.Millisecond, env.Sim().MemoryPressureKill)
		env.RunTo(time.Hour)

		wake := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
		Expect(wake).NotTo(BeEmpty())
		hs := env.Events(simulator.Pattern{Kind: simulator.KindAppCallback, Callback: simulator.CbHandleEventsForBackgroundURL})
		Expect(hs).NotTo(BeEmpty())
		wait := env.One(simulator.Pattern{Kind: simulator.KindTaskWait, Session: rlSession2})
		Expect(wait.Rule).To(Equal(simulator.RuleR1))
		Expect(wait.Seq).To(BeNumerically("<", hs[0].Seq), "made in FinishedLaunching, before HandleEventsForBackgroundURL")
		start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart, Session: rlSession2})
		Expect(start.At-wake[0].At).To(Equal(simulator.DefaultRelaunchDelayInitial), "the delay this very wake set")
	})
})
