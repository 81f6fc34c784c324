package simulator_test

// Specs of the session rules R-S2, R-S3, R-S6, R-S7, of R-I2, R-E4, R-E6,
// the full relaunch rate limiter R-R1, and invalidation R-G4. The network
// rules are in rules_network_test.go.

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
)

// Resources of these specs. At the default 2 MB/s a 4 MB download takes
// about 2 s, a 20 MB one about 10 s.
var (
	rlSmall  = rlURL("small.bin")
	rlBig    = rlURL("big.bin")
	rlPlain  = rlURL("plain.bin") // no validator: not resumable (R-G1)
	rlOther  = rlURL("other.bin")
	rlUpload = rlURL("upload")
)

const (
	rlSmallSize = 4_000_000
	rlBigSize   = 20_000_000
	rlOtherSize = 6_000_000
)

// rlStd makes a fixture with the standard resources published.
func rlStd(cfg simulator.Config, spec rlSpec) *rlFixture {
	GinkgoHelper()
	fx := rlNew(cfg, spec)
	fx.resource(rlSmall, fakes.Resource{Size: rlSmallSize, ETag: `"small-1"`, AcceptRanges: true})
	fx.resource(rlBig, fakes.Resource{Size: rlBigSize, ETag: `"big-1"`, AcceptRanges: true})
	fx.resource(rlPlain, fakes.Resource{Size: rlBigSize})
	fx.resource(rlOther, fakes.Resource{Size: rlOtherSize, ETag: `"other-1"`, AcceptRanges: true})
	fx.resource(rlUpload, fakes.Resource{Size: 100})
	return fx
}

var _ = Describe("rules of background sessions", func() {
	Describe("R-S2: what a background session allows", func() {
		It("R-S2: a completion-handler task crashes the app with the system's message and makes no task", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.session(rlSession).DownloadTaskWithCompletion(appmodel.Request{URL: rlSmall}, func(string, *appmodel.URLError) {})
				a.app.Log("still running after DownloadTaskWithCompletion")
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Minute)

			const msg = "Completion handler blocks are not supported in background sessions"
			v := fx.violations(simulator.RuleS2)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring(msg))
			term := fx.one(rlKind(simulator.KindTerminate))
			Expect(term.Reason).To(Equal(string(simulator.TermCrash)))
			Expect(term.Detail).To(ContainSubstring(msg))
			Expect(fx.sim.State()).To(Equal(appmodel.Terminated))
			Expect(fx.sim.LastTermination()).To(Equal(simulator.TermCrash))
			Expect(fx.events(rlKind(simulator.KindLog))).To(BeEmpty(), "the app's code stops at the exception")
			Expect(fx.events(rlKind(simulator.KindTaskCreate))).To(BeEmpty())
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())
		})

		It("R-S2: by default (UploadFromDataPolicy crash, v2) an upload from memory raises when it is made: the app crashes", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				s := a.session(rlSession)
				a.start(s.UploadTaskFromData(appmodel.Request{URL: rlUpload}, 20_000_000), "memory")
				a.app.Log("after the upload")
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Minute)

			msg := "Upload tasks from NSData are not supported in background sessions."
			v := fx.violations(simulator.RuleS2)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(Equal(msg))
			term := fx.one(rlKind(simulator.KindTerminate))
			Expect(term.Reason).To(Equal(string(simulator.TermCrash)))
			Expect(term.Detail).To(ContainSubstring(msg))
			Expect(term.At).To(BeZero(), "at task creation, not when the app leaves the foreground")
			Expect(fx.events(rlKind(simulator.KindLog))).To(BeEmpty(), "the app's code stops at the exception")
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())
		})

		It("R-S2: with UploadFromDataPolicy fail-on-exit an upload from memory fails with -997 once the app leaves the foreground; an upload from a file goes on", func() {
			fx := rlStd(simulator.Config{UploadFromDataPolicy: simulator.UploadFromDataFailOnExit}, rlSpec{Activated: func(a *rlApp) {
				s := a.session(rlSession)
				a.start(s.UploadTaskFromData(appmodel.Request{URL: rlUpload}, 20_000_000), "memory")
				_ = a.app.Files().Write("/Documents/body.bin", fakes.Segment{From: 0, To: 20_000_000, Source: "body"})
				a.start(s.UploadTask(appmodel.Request{URL: rlUpload}, "/Documents/body.bin"), "file")
			}})
			fx.at(0, fx.sim.Launch)
			fx.at(2*time.Second, fx.sim.Home)
			fx.until(2 * time.Minute)

			var sentInForeground bool
			for _, c := range fx.of("DidSendBodyData") {
				if c.Desc == "memory" && c.At < 2*time.Second && c.Total > 0 {
					sentInForeground = true
				}
			}
			Expect(sentInForeground).To(BeTrue(), "the upload from memory ran while the app was in the foreground")
			done := fx.one(rlKind(simulator.KindTaskComplete), rlTask(1))
			Expect(done.At).To(Equal(2*time.Second), "failed when the app entered the background")
			Expect(done.Code).To(Equal(int(appmodel.ErrBackgroundSessionWasDisconnected)))
			Expect(done.Rule).To(Equal(simulator.RuleS2))
			mem := fx.completion("memory")
			Expect(rlCode(mem.Err)).To(Equal(appmodel.ErrBackgroundSessionWasDisconnected))
			Expect(mem.At).To(Equal(2 * time.Second))

			file := fx.completion("file")
			Expect(file.Err).To(BeNil())
			Expect(file.At).To(BeNumerically(">", 5*time.Second), "the upload from a file went on in the background")
		})

		It("R-S2: a data task works while the app stays in the foreground", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.start(a.session(rlSession).DataTask(appmodel.Request{URL: rlSmall}), "data")
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Minute)

			c := fx.completion("data")
			Expect(c.Err).To(BeNil())
			Expect(c.Resp).NotTo(BeNil())
			Expect(c.Resp.StatusCode).To(Equal(200))
			Expect(fx.of("DidFinishDownloading")).To(BeEmpty(), "a data task hands over no file")
			Expect(fx.violations(simulator.RuleS2)).To(BeEmpty())
		})

		It("R-S2: a data task fails with -997 once the app is suspended, not before", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.start(a.session(rlSession).DataTask(appmodel.Request{URL: rlBig}), "data")
			}})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.until(5 * time.Minute)

			susp := fx.events(rlKind(simulator.KindTransition), func(e simulator.Event) bool { return e.To == "suspended" })
			Expect(susp).NotTo(BeEmpty())
			Expect(susp[0].At).To(Equal(6*time.Second), "suspended at the end of the grace period")
			done := fx.one(rlKind(simulator.KindTaskComplete))
			Expect(done.At).To(Equal(susp[0].At), "still running in the background until the suspension")
			Expect(done.Code).To(Equal(int(appmodel.ErrBackgroundSessionWasDisconnected)))
			Expect(done.Rule).To(Equal(simulator.RuleS2))
			c := fx.completion("data")
			Expect(rlCode(c.Err)).To(Equal(appmodel.ErrBackgroundSessionWasDisconnected))
			Expect(c.At).To(BeNumerically(">=", done.At))
		})
	})

	Describe("R-S3: http and https only, and a delegate", func() {
		type maker func(s appmodel.Session, a *rlApp, url string) appmodel.Task
		DescribeTable("R-S3: a URL that is not http or https fails at once with -1002, whatever the kind of task",
			func(url string, make maker) {
				fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
					_ = a.app.Files().Write("/Documents/body.bin", fakes.Segment{From: 0, To: 1000, Source: "body"})
					a.start(make(a.session(rlSession), a, url), "bad")
				}})
				fx.at(0, fx.sim.Launch)
				fx.until(time.Minute)

				c := fx.completion("bad")
				Expect(rlCode(c.Err)).To(Equal(appmodel.ErrUnsupportedURL))
				Expect(c.At).To(BeZero(), "at once")
				done := fx.one(rlKind(simulator.KindTaskComplete))
				Expect(done.Rule).To(Equal(simulator.RuleS3))
				Expect(done.Code).To(Equal(int(appmodel.ErrUnsupportedURL)))
				Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty(), "nothing reaches the network")
			},
			Entry("R-S3: a download task, ftp", "ftp://files.example.com/rl/small.bin",
				maker(func(s appmodel.Session, _ *rlApp, u string) appmodel.Task {
					return s.DownloadTask(appmodel.Request{URL: u})
				})),
			Entry("R-S3: a download task, file URL", "file:///Documents/local.bin",
				maker(func(s appmodel.Session, _ *rlApp, u string) appmodel.Task {
					return s.DownloadTask(appmodel.Request{URL: u})
				})),
			Entry("R-S3: an upload task from a file, ftp", "ftp://files.example.com/rl/upload",
				maker(func(s appmodel.Session, _ *rlApp, u string) appmodel.Task {
					return s.UploadTask(appmodel.Request{URL: u}, "/Documents/body.bin")
				})),
			Entry("R-S3: an upload task from memory, ftp (checked before R-S2's exception)", "ftp://files.example.com/rl/upload",
				maker(func(s appmodel.Session, _ *rlApp, u string) appmodel.Task {
					return s.UploadTaskFromData(appmodel.Request{URL: u}, 1000)
				})),
			Entry("R-S3: a data task, ftp", "ftp://files.example.com/rl/small.bin",
				maker(func(s appmodel.Session, _ *rlApp, u string) appmodel.Task {
					return s.DataTask(appmodel.Request{URL: u})
				})),
		)

		It("R-S3: a session made without a delegate is a violation; its transfer runs but its events are lost", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				s := a.app.NewSession(a.config(rlSession), nil)
				a.start(s.DownloadTask(appmodel.Request{URL: rlSmall}), "orphan")
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Minute)

			v := fx.violations(simulator.RuleS3)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("without a delegate"))
			Expect(fx.one(rlKind(simulator.KindTaskComplete)).Code).To(BeZero(), "the daemon ran the transfer")
			Expect(fx.calls).To(BeEmpty(), "no delegate of the app heard of it")
			Expect(fx.events(rlKind(simulator.KindFile), func(e simulator.Event) bool {
				return strings.HasPrefix(e.Detail, "deleted")
			})).To(HaveLen(1), "the downloaded file was lost (R-D6)")
			Expect(fx.sim.State()).To(Equal(appmodel.Active), "a violation, not a crash")
		})
	})

	Describe("R-S6: discretionary transfers", func() {
		// rs6 starts one small download in the foreground, in a session
		// with Discretionary as given.
		rs6 := func(cfg simulator.Config, discretionary bool) *rlFixture {
			GinkgoHelper()
			return rlStd(cfg, rlSpec{
				Config:    func(c *appmodel.SessionConfig) { c.Discretionary = discretionary },
				Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "d") },
			})
		}
		setPower := func(fx *rlFixture, p simulator.Power) func() error {
			return func() error { fx.sim.SetPower(p); return nil }
		}

		It("R-S6: a discretionary session started in the foreground waits while the device is not charging, and starts when it charges on Wi-Fi", func() {
			fx := rs6(simulator.Config{}, true)
			fx.at(0, fx.sim.Launch)
			fx.until(30 * time.Minute)

			w := fx.one(rlKind(simulator.KindTaskWait))
			Expect(w.Rule).To(Equal(simulator.RuleS6))
			Expect(w.At).To(BeZero())
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())
			Expect(fx.of("DidWriteData")).To(BeEmpty())

			fx.at(30*time.Minute, setPower(fx, simulator.Power{Charging: true, Battery: 80}))
			fx.until(31 * time.Minute)
			Expect(fx.one(rlKind(simulator.KindTransferStart)).At).To(Equal(30 * time.Minute))
			Expect(fx.completion("d").Err).To(BeNil())
		})

		It("R-S6: a discretionary session waits on cellular even while charging, and starts on Wi-Fi", func() {
			cell := fakes.Link{Kind: fakes.Cellular, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
			fx := rs6(simulator.Config{Link: cell, Power: simulator.Power{Charging: true, Battery: 100}}, true)
			fx.at(0, fx.sim.Launch)
			fx.until(10 * time.Minute)
			Expect(fx.one(rlKind(simulator.KindTaskWait)).Rule).To(Equal(simulator.RuleS6))
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())

			fx.at(10*time.Minute, func() error { fx.sim.Network().SetLink(simulator.DefaultLink); return nil })
			fx.until(11 * time.Minute)
			Expect(fx.one(rlKind(simulator.KindTransferStart)).At).To(Equal(10 * time.Minute))
			Expect(fx.completion("d").Err).To(BeNil())
		})

		It("R-S6: a session that is not discretionary starts at once, on cellular and not charging", func() {
			cell := fakes.Link{Kind: fakes.Cellular, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
			fx := rs6(simulator.Config{Link: cell}, false)
			fx.at(0, fx.sim.Launch)
			fx.until(time.Minute)
			Expect(fx.events(rlKind(simulator.KindTaskWait))).To(BeEmpty())
			Expect(fx.one(rlKind(simulator.KindTransferStart)).At).To(BeZero())
			Expect(fx.completion("d").Err).To(BeNil())
		})

		It("R-S6: a task created while the app is in the background is discretionary even if its session is not", func() {
			fx := rlStd(simulator.Config{}, rlSpec{
				Activated:  func(a *rlApp) { a.session(rlSession) },
				Background: func(a *rlApp) { a.download(rlSession, rlSmall, "late") },
			})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.until(time.Hour)

			w := fx.one(rlKind(simulator.KindTaskWait))
			Expect(w.Rule).To(Equal(simulator.RuleS6))
			Expect(w.At).To(Equal(time.Second))
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())

			fx.at(time.Hour, setPower(fx, simulator.Power{Charging: true, Battery: 50}))
			fx.until(time.Hour + 5*time.Minute)
			Expect(fx.one(rlKind(simulator.KindTransferStart)).At).To(Equal(time.Hour))
			Expect(fx.completion("late").Err).To(BeNil())
		})

		It("R-S6: low-power mode holds a discretionary transfer back, even on Wi-Fi while charging", func() {
			fx := rs6(simulator.Config{Power: simulator.Power{Charging: true, Battery: 90, LowPowerMode: true}}, true)
			fx.at(0, fx.sim.Launch)
			fx.until(20 * time.Minute)
			Expect(fx.one(rlKind(simulator.KindTaskWait)).Rule).To(Equal(simulator.RuleS6))
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())

			fx.at(20*time.Minute, setPower(fx, simulator.Power{Charging: true, Battery: 90}))
			fx.until(21 * time.Minute)
			Expect(fx.one(rlKind(simulator.KindTransferStart)).At).To(Equal(20 * time.Minute))
		})

		DescribeTable("R-S6: Config.DiscretionaryPower decides the power a discretionary transfer waits for",
			func(need simulator.PowerNeed, battery, threshold int, starts bool) {
				fx := rs6(simulator.Config{DiscretionaryPower: need, DiscretionaryBattery: threshold,
					Power: simulator.Power{Battery: battery}}, true)
				fx.at(0, fx.sim.Launch)
				fx.until(time.Hour)
				if starts {
					Expect(fx.events(rlKind(simulator.KindTaskWait))).To(BeEmpty())
					Expect(fx.one(rlKind(simulator.KindTransferStart)).At).To(BeZero())
					return
				}
				Expect(fx.one(rlKind(simulator.KindTaskWait)).Rule).To(Equal(simulator.RuleS6))
				Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())
			},
			Entry("R-S6: PowerCharging (the default): a full battery, not charging, waits", simulator.PowerCharging, 100, 0, false),
			Entry("R-S6: PowerChargingOrAbove: 80 % is at least the default 50 %", simulator.PowerChargingOrAbove, 80, 0, true),
			Entry("R-S6: PowerChargingOrAbove: 30 % is below the default 50 %", simulator.PowerChargingOrAbove, 30, 0, false),
			Entry("R-S6: PowerChargingOrAbove with DiscretionaryBattery 90: 80 % waits", simulator.PowerChargingOrAbove, 80, 90, false),
			Entry("R-S6: PowerChargingOrAbove with DiscretionaryBattery 90: 95 % starts", simulator.PowerChargingOrAbove, 95, 90, true),
			Entry("R-S6: PowerAnyLevel: 5 % on Wi-Fi starts", simulator.PowerAnyLevel, 5, 0, true),
		)
	})

	Describe("R-S7: EarliestBeginDate", func() {
		const later = 10 * time.Minute
		// rs7 starts a small download in the foreground, not before
		// EarliestBeginDate = T+later.
		rs7 := func(spec rlSpec) *rlFixture {
			GinkgoHelper()
			spec.Activated = func(a *rlApp) {
				t := a.session(rlSession).DownloadTask(appmodel.Request{URL: rlSmall})
				t.SetEarliestBeginDate(a.app.Now().Add(later))
				a.start(t, "delayed")
			}
			return rlStd(simulator.Config{}, spec)
		}

		It("R-S7: nothing starts before EarliestBeginDate; then WillBeginDelayedRequest asks the running app, and ContinueLoading starts it", func() {
			fx := rs7(rlSpec{})
			fx.at(0, fx.sim.Launch)
			fx.until(later - time.Millisecond)
			w := fx.one(rlKind(simulator.KindTaskWait))
			Expect(w.Rule).To(Equal(simulator.RuleS7))
			Expect(w.At).To(BeZero())
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())
			Expect(fx.of("WillBeginDelayedRequest")).To(BeEmpty())

			fx.until(later + time.Minute)
			asked := fx.of("WillBeginDelayedRequest")
			Expect(asked).To(HaveLen(1))
			Expect(asked[0].At).To(Equal(later))
			Expect(asked[0].Desc).To(Equal("delayed"))
			Expect(fx.one(rlKind(simulator.KindTransferStart)).At).To(Equal(later))
			Expect(fx.completion("delayed").Err).To(BeNil())
		})

		It("R-S7: CancelDelayedRequest cancels the task with -999; nothing is fetched", func() {
			fx := rs7(rlSpec{Delayed: func(appmodel.Task) (appmodel.DelayedDisposition, *appmodel.Request) {
				return appmodel.CancelDelayedRequest, nil
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(later + time.Minute)
			Expect(fx.of("WillBeginDelayedRequest")).To(HaveLen(1))
			c := fx.completion("delayed")
			Expect(rlCode(c.Err)).To(Equal(appmodel.ErrCancelled))
			Expect(c.At).To(Equal(later))
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty())
		})

		It("R-S7: UseNewRequest fetches the new request's URL instead", func() {
			fx := rs7(rlSpec{Delayed: func(appmodel.Task) (appmodel.DelayedDisposition, *appmodel.Request) {
				return appmodel.UseNewRequest, &appmodel.Request{URL: rlOther}
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(later + time.Minute)
			start := fx.one(rlKind(simulator.KindTransferStart))
			Expect(start.At).To(Equal(later))
			Expect(start.Detail).To(ContainSubstring(rlOther))
			c := fx.completion("delayed")
			Expect(c.Err).To(BeNil())
			Expect(c.Resp.URL).To(Equal(rlOther))
			f, err := fx.sim.Files().Stat(rlDocument("delayed"))
			Expect(err).NotTo(HaveOccurred())
			Expect(f.Size).To(Equal(int64(rlOtherSize)), "the new request's resource")
		})

		DescribeTable("R-S7: an app that is not running is not asked: the daemon continues with the original request",
			func(kill bool) {
				fx := rs7(rlSpec{})
				fx.at(0, fx.sim.Launch)
				fx.at(time.Second, fx.sim.Home)
				if kill {
					fx.at(time.Minute, fx.sim.MemoryPressureKill)
				}
				fx.until(later + 5*time.Minute)
				Expect(fx.of("WillBeginDelayedRequest")).To(BeEmpty())
				Expect(fx.events(rlCallback("WillBeginDelayedRequest"))).To(BeEmpty())
				start := fx.one(rlKind(simulator.KindTransferStart))
				Expect(start.At).To(Equal(later))
				Expect(start.Detail).To(ContainSubstring(rlSmall))
				Expect(fx.completion("delayed").Err).To(BeNil())
				Expect(fx.sim.Files().Exists(rlDocument("delayed"))).To(BeTrue())
			},
			Entry("R-S7: suspended", false),
			Entry("R-S7: terminated by the system", true),
		)
	})
})

var _ = Describe("rules of identifiers, interruptions and invalidation", func() {
	Describe("R-I2: a session held by another process", func() {
		hold := func(fx *rlFixture, holds bool) func() error {
			return func() error { fx.sim.SetOtherProcessHolds(rlSession, holds); return nil }
		}

		It("R-I2: when another process takes the session, the app's session object gets DidBecomeInvalidWithError(-996)", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})
			fx.at(0, fx.sim.Launch)
			fx.at(5*time.Second, hold(fx, true))
			fx.until(time.Minute)

			inv := fx.of("DidBecomeInvalidWithError")
			Expect(inv).To(HaveLen(1))
			Expect(rlCode(inv[0].Err)).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))
			Expect(inv[0].At).To(Equal(5 * time.Second))
			Expect(inv[0].Session).To(Equal(rlSession))
			Expect(fx.one(rlCallback("DidBecomeInvalidWithError")).Rule).To(Equal(simulator.RuleI2))
		})

		It("R-I2: a session made while another process holds the identifier is invalidated at once with -996; once released, a new one works", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})
			Expect(hold(fx, true)()).To(Succeed())
			fx.at(0, fx.sim.Launch)
			fx.until(10 * time.Second)

			inv := fx.of("DidBecomeInvalidWithError")
			Expect(inv).To(HaveLen(1))
			Expect(rlCode(inv[0].Err)).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))
			Expect(inv[0].At).To(BeZero(), "at once")
			Expect(fx.events(rlKind(simulator.KindConnect))).To(BeEmpty(), "never connected to the daemon's session")

			fx.at(10*time.Second, hold(fx, false))
			fx.onMain(func(a *rlApp) {
				delete(a.sessions, rlSession)
				a.download(rlSession, rlSmall, "after")
			})
			fx.until(time.Minute)
			Expect(fx.completion("after").Err).To(BeNil())
			Expect(fx.of("DidBecomeInvalidWithError")).To(HaveLen(1))
		})
	})

	Describe("R-E4: cancellation for insufficient system resources", func() {
		It("R-E4: every task gets -999 with reason insufficientSystemResources (2), with resume data for a resumable download only", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlBig, "resumable")
				a.download(rlSession, rlPlain, "plain")
			}})
			fx.at(0, fx.sim.Launch)
			fx.at(2*time.Second, fx.sim.CancelForInsufficientResources)
			fx.until(time.Minute)

			for _, e := range fx.events(rlKind(simulator.KindTaskComplete)) {
				Expect(e.At).To(Equal(2 * time.Second))
				Expect(e.Code).To(Equal(int(appmodel.ErrCancelled)))
				Expect(e.Reason).To(Equal("insufficientSystemResources"))
				Expect(e.Rule).To(Equal(simulator.RuleE4))
			}
			Expect(fx.events(rlKind(simulator.KindTaskComplete))).To(HaveLen(2))
			for _, desc := range []string{"resumable", "plain"} {
				c := fx.completion(desc)
				Expect(rlCode(c.Err)).To(Equal(appmodel.ErrCancelled))
				Expect(c.Err.HasReason).To(BeTrue())
				Expect(c.Err.Reason).To(Equal(appmodel.ReasonInsufficientSystemResources))
				Expect(int(c.Err.Reason)).To(Equal(2))
			}
			res := fx.completion("resumable")
			Expect(res.Data).NotTo(BeNil())
			got := fx.one(rlKind(simulator.KindTaskComplete), rlTask(res.Task)).Bytes
			Expect(got).To(BeNumerically(">", 0))
			Expect(res.Data.Offset).To(Equal(got))
			Expect(res.Data.URL).To(Equal(rlBig))
			Expect(fx.completion("plain").Data).To(BeNil(), "no validator: not resumable (R-G1)")
			Expect(fx.events(rlKind(simulator.KindTransferStart), func(e simulator.Event) bool { return e.At > 2*time.Second })).
				To(BeEmpty(), "cancelled, not retried")
		})
	})

	Describe("R-E6: device reboot", func() {
		It("R-E6: Reboot returns ErrNotModelled with a message that says what to use instead, and changes nothing", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Second)
			before := len(fx.sim.Trace())

			err := fx.sim.Reboot()
			Expect(err).To(HaveOccurred())
			Expect(errors.Is(err, simulator.ErrNotModelled)).To(BeTrue())
			Expect(err.Error()).To(ContainSubstring("R-E6"))
			Expect(err.Error()).To(ContainSubstring("MemoryPressureKill"))
			Expect(err.Error()).To(ContainSubstring("ForceQuit"))
			Expect(fx.sim.Trace()).To(HaveLen(before))
			Expect(fx.sim.State()).To(Equal(appmodel.Active))
			fx.until(time.Minute)
			Expect(fx.completion("d").Err).To(BeNil(), "the transfer went on")
		})
	})

	Describe("R-R1: the relaunch rate limiter", func() {
		wakes := func(fx *rlFixture) []simulator.Event { return fx.events(rlKind(simulator.KindRelaunch)) }
		deferred := func(fx *rlFixture) []simulator.Event { return fx.events(rlKind(simulator.KindRelaunchDeferred)) }
		completeAt := func(fx *rlFixture, session string) time.Duration {
			GinkgoHelper()
			return fx.one(rlKind(simulator.KindTaskComplete), rlSess(session)).At
		}

		It("R-R1: consecutive wakes each waited for are deferred by 60 s, 120 s, then 240 s", func() {
			// Session a finishes at about 30 s, after iOS killed the app
			// (wake 1). b, c and d, held back by EarliestBeginDate, each
			// finish while the delay of the wake before runs, so each waits
			// for it and doubles it. A process launched for session events
			// recreates only the session it is told about (R-D7: one
			// HandleEventsForBackgroundURL per session).
			fx := rlNew(simulator.Config{}, rlSpec{
				Launched: func(a *rlApp, opts appmodel.LaunchOptions) {},
				Activated: func(a *rlApp) {
					a.download(rlSession, rlURL("f0.bin"), "f0")
					for i, at := range []time.Duration{40 * time.Second, 150 * time.Second, 300 * time.Second} {
						id := []string{rlSession2, rlSession3, rlSession4}[i]
						t := a.session(id).DownloadTask(appmodel.Request{URL: rlSmall})
						t.SetEarliestBeginDate(a.app.Now().Add(at))
						a.start(t, fmt.Sprintf("f%d", i+1))
					}
				},
			})
			fx.resource(rlURL("f0.bin"), fakes.Resource{Size: 60_000_000, ETag: `"f"`, AcceptRanges: true})
			fx.resource(rlSmall, fakes.Resource{Size: rlSmallSize, ETag: `"small-1"`, AcceptRanges: true})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.at(20*time.Second, fx.sim.MemoryPressureKill)
			fx.until(20 * time.Minute)

			w := wakes(fx)
			Expect(w).To(HaveLen(4))
			Expect(w[0].At).To(Equal(completeAt(fx, rlSession)), "the first wake is immediate")
			Expect(w[1].At - w[0].At).To(Equal(60 * time.Second))
			Expect(w[2].At - w[1].At).To(Equal(120 * time.Second))
			Expect(w[3].At - w[2].At).To(Equal(240 * time.Second))
			Expect([]string{w[0].Session, w[1].Session, w[2].Session, w[3].Session}).
				To(Equal([]string{rlSession, rlSession2, rlSession3, rlSession4}))

			// Every session that waits is told so, once, naming the delay
			// it waits for.
			type deferral struct {
				session   string
				at, until time.Duration
				delay     string
			}
			want := []deferral{
				{rlSession2, completeAt(fx, rlSession2), w[1].At, "1m0s"},
				{rlSession3, completeAt(fx, rlSession3), w[2].At, "2m0s"},
				{rlSession4, completeAt(fx, rlSession4), w[3].At, "4m0s"},
			}
			d := deferred(fx)
			Expect(d).To(HaveLen(len(want)))
			for i, x := range want {
				Expect(d[i].Rule).To(Equal(simulator.RuleR1))
				Expect(d[i].Session).To(Equal(x.session))
				Expect(d[i].At).To(Equal(x.at))
				Expect(d[i].Detail).To(Equal(fmt.Sprintf("relaunch delayed until %s (delay %s)", fakes.FormatOffset(x.until), x.delay)))
			}
			Expect(fx.of("DidFinishDownloading")).To(HaveLen(4), "every session was delivered in its wake")
		})

		It("R-R1: a user launch resets the delay: the next wake is immediate", func() {
			fx := rlNew(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				if a.n == 1 && len(a.tasks) == 0 {
					a.download(rlSession, rlURL("a.bin"), "a")
				}
			}})
			fx.resource(rlURL("a.bin"), fakes.Resource{Size: 16_000_000, ETag: `"a"`, AcceptRanges: true})
			fx.resource(rlURL("b.bin"), fakes.Resource{Size: 20_000_000, ETag: `"b"`, AcceptRanges: true})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.until(20 * time.Second)
			Expect(wakes(fx)).To(HaveLen(1), "woken for session a at about 8 s")

			fx.at(20*time.Second, fx.sim.Launch) // the user: resets the delay
			fx.until(21 * time.Second)
			fx.onMain(func(a *rlApp) { a.download(rlSession2, rlURL("b.bin"), "b") })
			fx.at(22*time.Second, fx.sim.Home)
			fx.until(5 * time.Minute)

			w := wakes(fx)
			Expect(w).To(HaveLen(2))
			doneB := completeAt(fx, rlSession2)
			Expect(doneB).To(BeNumerically(">", 27*time.Second), "b finished while the app was suspended")
			Expect(doneB).To(BeNumerically("<", w[0].At+60*time.Second), "within the delay the first wake imposed")
			Expect(w[1].At).To(Equal(doneB), "immediate: the user launch reset the delay")
			Expect(deferred(fx)).To(BeEmpty())
		})

		It("R-R1: the delay starts over once it passes with no wake waiting (v2: no separate quiet period)", func() {
			// Session a finishes at about 8 s (wake 1, delay 60 s); b and c,
			// held back by EarliestBeginDate, finish at about 15 min 2 s and
			// 15 min 7 s. The 60 s passed long before with no wake waiting,
			// so wake 2 comes at once and sets 60 s again: c waits 60 s,
			// not the 120 s a doubling would give.
			fx := rlNew(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlURL("a.bin"), "a")
				for i, id := range []string{rlSession2, rlSession3} {
					t := a.session(id).DownloadTask(appmodel.Request{URL: rlSmall})
					t.SetEarliestBeginDate(a.app.Now().Add(15*time.Minute + time.Duration(i)*5*time.Second))
					a.start(t, id)
				}
			}})
			fx.resource(rlURL("a.bin"), fakes.Resource{Size: 16_000_000, ETag: `"a"`, AcceptRanges: true})
			fx.resource(rlSmall, fakes.Resource{Size: rlSmallSize, ETag: `"small-1"`, AcceptRanges: true})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.until(30 * time.Minute)

			w := wakes(fx)
			Expect(w).To(HaveLen(3))
			Expect(w[1].Session).To(Equal(rlSession2))
			Expect(w[1].At).To(Equal(completeAt(fx, rlSession2)), "long after the first wake's delay: immediate")
			d := deferred(fx)
			Expect(d).To(HaveLen(1))
			Expect(d[0].Session).To(Equal(rlSession3))
			Expect(d[0].Detail).To(ContainSubstring("delay 1m0s"))
			Expect(w[2].At - w[1].At).To(Equal(time.Minute))
		})

		It("R-R1: completions while the app runs in the foreground do not raise the delay", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlSmall, "fg1")
				a.download(rlSession2, rlSmall, "fg2")
			}})
			fx.resource(rlURL("c.bin"), fakes.Resource{Size: 30_000_000, ETag: `"c"`, AcceptRanges: true})
			fx.resource(rlURL("d.bin"), fakes.Resource{Size: 40_000_000, ETag: `"d"`, AcceptRanges: true})
			fx.at(0, fx.sim.Launch)
			fx.until(9 * time.Second)
			Expect(fx.completion("fg1").Err).To(BeNil())
			Expect(fx.completion("fg2").Err).To(BeNil())
			fx.onMain(func(a *rlApp) {
				a.download(rlSession3, rlURL("c.bin"), "c")
				a.download(rlSession4, rlURL("d.bin"), "d")
			})
			fx.at(10*time.Second, fx.sim.Home)
			fx.until(10 * time.Minute)

			w := wakes(fx)
			Expect(w).To(HaveLen(2))
			Expect(w[0].Session).To(Equal(rlSession3))
			Expect(w[0].At).To(Equal(completeAt(fx, rlSession3)), "the first wake is immediate: the foreground completions did not count")
			d := deferred(fx)
			Expect(d).To(HaveLen(1))
			Expect(d[0].Session).To(Equal(rlSession4))
			Expect(d[0].Detail).To(ContainSubstring("delay 1m0s"))
			Expect(w[1].At - w[0].At).To(Equal(time.Minute))
		})

		It("R-R1: a task created in the background waits for the relaunch delay", func() {
			fx := rlStd(simulator.Config{DiscretionaryPower: simulator.PowerAnyLevel}, rlSpec{
				Activated: func(a *rlApp) { a.download(rlSession, rlURL("a.bin"), "a") },
				FinishEvents: func(a *rlApp, s appmodel.Session) {
					if _, made := a.tasks["next"]; !made {
						a.download(rlSession, rlSmall, "next")
					}
				},
			})
			fx.resource(rlURL("a.bin"), fakes.Resource{Size: 16_000_000, ETag: `"a"`, AcceptRanges: true})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.until(10 * time.Minute)

			w := wakes(fx)
			Expect(w).NotTo(BeEmpty())
			waits := fx.events(rlKind(simulator.KindTaskWait), rlTask(2))
			Expect(waits).NotTo(BeEmpty())
			Expect(waits[0].Rule).To(Equal(simulator.RuleR1))
			Expect(waits[0].At).To(Equal(w[0].At))
			start := fx.one(rlKind(simulator.KindTransferStart), rlTask(2))
			Expect(start.At).To(Equal(w[0].At+time.Minute), "not before the delay of the first wake has passed")
			Expect(fx.completion("next").Err).To(BeNil())
		})
	})

	Describe("R-G4: invalidation", func() {
		It("R-G4: FinishTasksAndInvalidate lets running tasks finish, then DidBecomeInvalidWithError(nil)", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlSmall, "small")
				a.download(rlSession, rlBig, "big")
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Second)
			fx.onMain(func(a *rlApp) { a.sessions[rlSession].FinishTasksAndInvalidate() })
			fx.until(time.Minute)

			small, big := fx.completion("small"), fx.completion("big")
			Expect(small.Err).To(BeNil())
			Expect(big.Err).To(BeNil())
			Expect(fx.sim.Files().Exists(rlDocument("big"))).To(BeTrue())
			inv := fx.of("DidBecomeInvalidWithError")
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Err).To(BeNil())
			Expect(inv[0].At).To(BeNumerically(">=", big.At))
			Expect(fx.calls[len(fx.calls)-1].What).To(Equal("DidBecomeInvalidWithError"), "the last call")
			Expect(fx.one(rlCallback("DidBecomeInvalidWithError")).Rule).To(Equal(simulator.RuleG4))
		})

		It("R-G4: InvalidateAndCancel cancels every task with -999, then DidBecomeInvalidWithError", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlSmall, "small")
				a.download(rlSession, rlBig, "big")
			}})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Second)
			fx.onMain(func(a *rlApp) { a.sessions[rlSession].InvalidateAndCancel() })
			fx.until(time.Minute)

			var whats []string
			for _, c := range fx.calls {
				if c.What != "DidWriteData" {
					whats = append(whats, fmt.Sprintf("%s %s %d", c.What, c.Desc, rlCode(c.Err)))
				}
			}
			Expect(whats).To(Equal([]string{
				"DidCompleteWithError small -999",
				"DidCompleteWithError big -999",
				"DidBecomeInvalidWithError  0",
			}))
			for _, c := range fx.calls {
				if c.What != "DidWriteData" {
					Expect(c.At).To(Equal(time.Second), "promptly")
				}
			}
			Expect(fx.sim.Files().Exists(rlDocument("big"))).To(BeFalse())
		})

		It("R-G4: a task made on an invalidated session object is a violation; a new session with the same identifier works", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})
			fx.at(0, fx.sim.Launch)
			fx.until(time.Second)
			fx.onMain(func(a *rlApp) { a.sessions[rlSession].FinishTasksAndInvalidate() })
			fx.until(2 * time.Second)
			Expect(fx.of("DidBecomeInvalidWithError")).To(HaveLen(1))

			var dead appmodel.Task
			fx.onMain(func(a *rlApp) {
				dead = a.sessions[rlSession].DownloadTask(appmodel.Request{URL: rlSmall})
				dead.Resume()
			})
			v := fx.violations(simulator.RuleG4)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("invalidated"))
			Expect(dead.State()).To(Equal(appmodel.TaskCompleted))
			Expect(fx.events(rlKind(simulator.KindTaskCreate))).To(BeEmpty())

			fx.onMain(func(a *rlApp) {
				delete(a.sessions, rlSession)
				a.download(rlSession, rlSmall, "fresh")
			})
			fx.until(time.Minute)
			Expect(fx.completion("fresh").Err).To(BeNil())
			Expect(fx.events(rlKind(simulator.KindConnect))).To(HaveLen(2))
			Expect(fx.violations(simulator.RuleI1)).To(BeEmpty())
		})
	})
})
