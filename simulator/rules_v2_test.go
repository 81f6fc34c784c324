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
)

var _ = Describe("rules new or revised in v2", func() {
	Describe("R-S11: a session that does not send launch events", func() {
		// The download finishes while the app is suspended; the user
		// opens the app after `back`.
		run := func(cfg simulator.Config, back time.Duration) *rlFixture {
			GinkgoHelper()
			fx := rlStd(cfg, rlSpec{
				Config: func(c *appmodel.SessionConfig) { c.SessionSendsLaunchEvents = false },
				Activated: func(a *rlApp) {
					if a.n == 1 && len(a.tasks) == 0 {
						a.download(rlSession, rlBig, "big")
					}
				},
			})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.at(back, fx.sim.Launch)
			fx.until(back + time.Minute)
			return fx
		}

		DescribeTable("R-S11: no wake; the events wait for the app, and the file for TempFileRetentionUnlaunched",
			func(cfg simulator.Config, back time.Duration, kept bool) {
				fx := run(cfg, back)
				done := fx.one(rlKind(simulator.KindTaskComplete))
				Expect(done.At).To(BeNumerically("<", 10*time.Minute), "finished while the app was suspended")
				Expect(fx.events(rlKind(simulator.KindRelaunch))).To(BeEmpty(), "never woken for it")
				Expect(fx.events(rlCallback(simulator.CbHandleEventsForBackgroundURL))).To(BeEmpty())
				fin := fx.of("DidFinishDownloading")
				Expect(fin).To(HaveLen(1))
				Expect(fin[0].At).To(Equal(back), "delivered when the user opened the app")
				Expect(fin[0].FileExisted).To(Equal(kept))
				deleted := fx.events(rlKind(simulator.KindFile), rlRule(simulator.RuleS11))
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
				Expect(fx.sim.Files().List("/Documents/rl")).To(BeEmpty(), "nothing to move")
			},
			Entry("R-S11: opened after 30 min: within the default hour, the file is there", simulator.Config{}, 30*time.Minute, true),
			Entry("R-S11: opened after 2 h: past the default hour, DidFinishDownloading names a file that is gone", simulator.Config{}, 2*time.Hour, false),
			Entry("R-S11: TempFileRetentionUnlaunched 3 h: after 2 h the file is still there", simulator.Config{TempFileRetentionUnlaunched: 3 * time.Hour}, 2*time.Hour, true),
			Entry("R-S11: TempFileRetentionUnlaunched 10 min: after 30 min it is gone", simulator.Config{TempFileRetentionUnlaunched: 10 * time.Minute}, 30*time.Minute, false),
		)
	})

	DescribeTable("R-S12: ForegroundStartDelay holds a transfer started in the foreground",
		func(delay time.Duration) {
			fx := rlStd(simulator.Config{ForegroundStartDelay: delay}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "s") }})
			fx.at(0, fx.sim.Launch)
			fx.until(delay + time.Minute)
			start := fx.one(rlKind(simulator.KindTransferStart))
			Expect(start.At).To(Equal(delay))
			waits := fx.events(rlKind(simulator.KindTaskWait), rlRule(simulator.RuleS12))
			if delay == 0 {
				Expect(waits).To(BeEmpty())
			} else {
				Expect(waits).To(HaveLen(1))
			}
			Expect(fx.completion("s").Err).To(BeNil())
		},
		Entry("R-S12: default 0: it starts at once", time.Duration(0)),
		Entry("R-S12: 3 min: it starts 3 min late, though the app is in the foreground", 3*time.Minute),
	)

	Describe("R-E4: the three cancellation reasons", func() {
		It("R-E4: reason 1, backgroundUpdatesDisabled: switching Background App Refresh off cancels the transfers, with resume data, and does not wake the app", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				if a.n == 1 && len(a.tasks) == 0 {
					a.download(rlSession, rlBig, "big")
				}
			}})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			Expect(fx.sim.BackgroundAppRefresh()).To(BeTrue())
			fx.at(10*time.Second, func() error { return fx.sim.SetBackgroundAppRefresh(false) })
			Expect(fx.sim.BackgroundAppRefresh()).To(BeFalse())
			fx.until(30 * time.Minute)

			done := fx.one(rlKind(simulator.KindTaskComplete))
			Expect(done.At).To(Equal(10 * time.Second))
			Expect(done.Code).To(Equal(int(appmodel.ErrCancelled)))
			Expect(done.Reason).To(Equal(appmodel.ReasonBackgroundUpdatesDisabled.String()))
			Expect(done.Rule).To(Equal(simulator.RuleE4))
			Expect(fx.events(rlKind(simulator.KindRelaunch))).To(BeEmpty(), "the cancellation does not wake the app")

			fx.at(30*time.Minute, fx.sim.Launch)
			fx.until(31 * time.Minute)
			c := fx.completion("big")
			Expect(rlCode(c.Err)).To(Equal(appmodel.ErrCancelled))
			Expect(c.Err.HasReason).To(BeTrue())
			Expect(c.Err.Reason).To(Equal(appmodel.ReasonBackgroundUpdatesDisabled))
			Expect(c.Data).NotTo(BeNil(), "resumable: resume data")
		})

		DescribeTable("R-E4: every reason is -999 with the reason in the error",
			func(act func(*simulator.Sim) error, reason appmodel.CancelReason) {
				fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
					if a.n == 1 && len(a.tasks) == 0 {
						a.download(rlSession, rlBig, "big")
					}
				}})
				fx.at(0, fx.sim.Launch)
				fx.at(2*time.Second, func() error { return act(fx.sim) })
				fx.until(time.Minute)
				if fx.sim.State() != appmodel.Active && fx.sim.State() != appmodel.Inactive {
					fx.at(time.Minute, fx.sim.Launch)
					fx.until(2 * time.Minute)
				}
				c := fx.completion("big")
				Expect(rlCode(c.Err)).To(Equal(appmodel.ErrCancelled))
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
			fx := rlStd(simulator.Config{DebuggerAttached: true}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "big") }})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.until(time.Hour)
			Expect(fx.sim.State()).To(Equal(appmodel.Background))
			Expect(fx.events(rlKind(simulator.KindRelaunch))).To(BeEmpty())
			c := fx.completion("big")
			Expect(c.Err).To(BeNil())
			Expect(c.Instance).To(Equal(1), "delivered to the process that started it")
			Expect(fx.of("DidFinishEventsForBackgroundSession")).To(BeEmpty(), "no wake, so no DidFinishEvents (R-D3)")
			Expect(fx.of("DidWriteData")).NotTo(BeEmpty(), "progress goes on in-process")
		})
	})

	It("R-S6: PowerAnyLevel: a discretionary transfer waits for Wi-Fi only, not for power (what the system might wait for is Config's choice)", func() {
		fx := rlStd(simulator.Config{DiscretionaryPower: simulator.PowerAnyLevel, StartOffline: true}, rlSpec{
			Config:    func(c *appmodel.SessionConfig) { c.Discretionary = true },
			Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "s") },
		})
		fx.at(0, fx.sim.Launch)
		fx.until(time.Minute)
		Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty(), "offline")
		fx.sim.Network().SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 50 * time.Millisecond})
		fx.until(2 * time.Minute)
		start := fx.one(rlKind(simulator.KindTransferStart))
		Expect(start.At).To(Equal(time.Minute), "on Wi-Fi, at 80 % battery, not charging: it goes")
	})
})

var _ = Describe("R-S7: a WillBeginDelayedRequest the app never answers", func() {
	It("R-S7: the app is suspended as it is asked and killed before it answers: the daemon goes on with the original request", func() {
		fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
			if a.n != 1 {
				return
			}
			t := a.session(rlSession).DownloadTask(appmodel.Request{URL: rlSmall})
			t.SetEarliestBeginDate(a.app.Now().Add(6 * time.Second)) // as the grace period ends
			a.start(t, "late")
		}})
		fx.at(0, fx.sim.Launch)
		fx.at(time.Second, fx.sim.Home)
		fx.until(8 * time.Second)
		Expect(fx.sim.State()).To(Equal(appmodel.Suspended))
		Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty(), "waiting for the suspended app's answer")
		fx.at(10*time.Second, fx.sim.MemoryPressureKill)
		fx.until(10 * time.Minute)

		Expect(fx.of("WillBeginDelayedRequest")).To(BeEmpty(), "the app never ran to be asked")
		start := fx.one(rlKind(simulator.KindTransferStart))
		Expect(start.At).To(Equal(10*time.Second), "when the process that was asked ended")
		Expect(fx.completion("late").Err).To(BeNil())
		Expect(fx.completion("late").Instance).To(Equal(2), "delivered at the background launch")
	})
})
