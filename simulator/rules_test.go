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
	"github.com/bgsim/bgsim/simulator/simtest"
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

// rlStd is rlNew with the standard resources published.
func rlStd(cfg simulator.Config, spec rlSpec) []simtest.Option {
	return append(rlNew(cfg, spec),
		simtest.WithResource(rlSmall, fakes.Resource{Size: rlSmallSize, ETag: `"small-1"`, AcceptRanges: true}),
		simtest.WithResource(rlBig, fakes.Resource{Size: rlBigSize, ETag: `"big-1"`, AcceptRanges: true}),
		simtest.WithResource(rlPlain, fakes.Resource{Size: rlBigSize}),
		simtest.WithResource(rlOther, fakes.Resource{Size: rlOtherSize, ETag: `"other-1"`, AcceptRanges: true}),
		simtest.WithResource(rlUpload, fakes.Resource{Size: 100}))
}

var _ = Describe("rules of background sessions", func() {
	Describe("R-S2: what a background session allows", func() {
		It("R-S2: a completion-handler task crashes the app with the system's message and makes no task", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.session(rlSession).DownloadTaskWithCompletion(appmodel.Request{URL: rlSmall}, func(string, *appmodel.URLError) {})
				a.app.Log("still running after DownloadTaskWithCompletion")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			const msg = "Completion handler blocks are not supported in background sessions"
			v := env.ViolationsOf(simulator.RuleS2)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring(msg))
			term := env.One(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(term.Reason).To(Equal(string(simulator.TermCrash)))
			Expect(term.Detail).To(ContainSubstring(msg))
			Expect(env.Sim().State()).To(Equal(appmodel.Terminated))
			Expect(env.Sim().LastTermination()).To(Equal(simulator.TermCrash))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindLog})).To(BeEmpty(), "the app's code stops at the exception")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskCreate})).To(BeEmpty())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())
		})

		It("R-S2: by default (UploadFromDataPolicy crash, v2) an upload from memory raises when it is made: the app crashes", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				s := a.session(rlSession)
				a.start(s.UploadTaskFromData(appmodel.Request{URL: rlUpload}, 20_000_000), "memory")
				a.app.Log("after the upload")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			msg := "Upload tasks from NSData are not supported in background sessions."
			v := env.ViolationsOf(simulator.RuleS2)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(Equal(msg))
			term := env.One(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(term.Reason).To(Equal(string(simulator.TermCrash)))
			Expect(term.Detail).To(ContainSubstring(msg))
			Expect(term.At).To(BeZero(), "at task creation, not when the app leaves the foreground")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindLog})).To(BeEmpty(), "the app's code stops at the exception")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())
		})

		It("R-S2: with UploadFromDataPolicy fail-on-exit an upload from memory fails with -997 once the app leaves the foreground; an upload from a file goes on", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{UploadFromDataPolicy: simulator.UploadFromDataFailOnExit}, rlSpec{Activated: func(a *rlApp) {
				s := a.session(rlSession)
				a.start(s.UploadTaskFromData(appmodel.Request{URL: rlUpload}, 20_000_000), "memory")
				_ = a.app.Files().Write("/Documents/body.bin", fakes.Segment{From: 0, To: 20_000_000, Source: "body"})
				a.start(s.UploadTask(appmodel.Request{URL: rlUpload}, "/Documents/body.bin"), "file")
			}})...)
			env.At(0, env.Sim().Launch)
			env.At(2*time.Second, env.Sim().Home)
			env.RunTo(2 * time.Minute)

			var sentInForeground bool
			for _, c := range env.CallsOf(simulator.CbDidSendBodyData) {
				if c.Desc == "memory" && c.At < 2*time.Second && c.Total > 0 {
					sentInForeground = true
				}
			}
			Expect(sentInForeground).To(BeTrue(), "the upload from memory ran while the app was in the foreground")
			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Task: 1})
			Expect(done.At).To(Equal(2*time.Second), "failed when the app entered the background")
			Expect(done.Code).To(Equal(int(appmodel.ErrBackgroundSessionWasDisconnected)))
			Expect(done.Rule).To(Equal(simulator.RuleS2))
			mem := env.Completion("memory")
			Expect(mem.Code()).To(Equal(appmodel.ErrBackgroundSessionWasDisconnected))
			Expect(mem.At).To(Equal(2 * time.Second))

			file := env.Completion("file")
			Expect(file.Err).To(BeNil())
			Expect(file.At).To(BeNumerically(">", 5*time.Second), "the upload from a file went on in the background")
		})

		It("R-S2: a data task works while the app stays in the foreground", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.start(a.session(rlSession).DataTask(appmodel.Request{URL: rlSmall}), "data")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			c := env.Completion("data")
			Expect(c.Err).To(BeNil())
			Expect(c.Response).NotTo(BeNil())
			Expect(c.Response.StatusCode).To(Equal(200))
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(BeEmpty(), "a data task hands over no file")
			Expect(env.ViolationsOf(simulator.RuleS2)).To(BeEmpty())
		})

		It("R-G3: a data task's progress is DidReceiveData with the new bytes, never DidWriteData, which is a download's", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.start(a.session(rlSession).DataTask(appmodel.Request{URL: rlBig}), "data")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			Expect(env.CallsOf(simulator.CbDidWriteData)).To(BeEmpty())
			got := env.CallsOf(simulator.CbDidReceiveData)
			Expect(len(got)).To(BeNumerically(">=", 10), "one a second over about 10 s")
			var sum int
			for _, c := range got {
				sum += len(c.Data)
				Expect(c.Data).To(HaveEach(byte(0)), "bgsim models a body's size, not its bytes")
			}
			Expect(sum).To(Equal(rlBigSize), "every byte of the body, once")
			evs := env.Events(simulator.Pattern{Callback: simulator.CbDidReceiveData})
			Expect(evs).To(HaveLen(len(got)))
			for _, e := range evs {
				Expect(e.Rule).To(Equal(simulator.RuleG3))
				Expect(e.IsProgress()).To(BeTrue())
			}
			Expect(evs[len(evs)-1].Total).To(Equal(int64(rlBigSize)))
			Expect(evs[len(evs)-1].Expected).To(Equal(int64(rlBigSize)))
			Expect(env.Completion("data").Err).To(BeNil())
		})

		It("R-S2: a data task fails with -997 once the app is suspended, not before", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.start(a.session(rlSession).DataTask(appmodel.Request{URL: rlBig}), "data")
			}})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(5 * time.Minute)

			susp := env.EventsWhere(simulator.Pattern{Kind: simulator.KindTransition}, func(e simulator.Event) bool { return e.To == "suspended" })
			Expect(susp).NotTo(BeEmpty())
			Expect(susp[0].At).To(Equal(6*time.Second), "suspended at the end of the grace period")
			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done.At).To(Equal(susp[0].At), "still running in the background until the suspension")
			Expect(done.Code).To(Equal(int(appmodel.ErrBackgroundSessionWasDisconnected)))
			Expect(done.Rule).To(Equal(simulator.RuleS2))
			Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(BeEmpty(), "the app stays suspended: nothing delivers the -997")
		})

		It("R-S2: a data task's -997 never wakes the app: it waits until the user opens the app again", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				if len(a.tasks) == 0 {
					a.start(a.session(rlSession).DataTask(appmodel.Request{URL: rlBig}), "data")
				}
			}})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.At(3*time.Minute, env.Sim().Launch)
			env.RunTo(5 * time.Minute)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "no wake for a data task")
			c := env.Completion("data")
			Expect(c.Code()).To(Equal(appmodel.ErrBackgroundSessionWasDisconnected))
			Expect(c.At).To(Equal(3*time.Minute), "delivered when the user brings the app back")
			told := env.One(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})
			Expect(told.Rule).To(Equal(simulator.RuleI4), "R-I4: the suspended app's existing session delivers it once the user brings the app back, with no relaunch (not R-D2)")
		})
	})

	Describe("R-S3: http and https only, and a delegate", func() {
		type maker func(s appmodel.Session, a *rlApp, url string) appmodel.Task
		DescribeTable("R-S3: a URL that is not http or https fails at once with -1002, whatever the kind of task",
			func(url string, make maker) {
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
					_ = a.app.Files().Write("/Documents/body.bin", fakes.Segment{From: 0, To: 1000, Source: "body"})
					a.start(make(a.session(rlSession), a, url), "bad")
				}})...)
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Minute)

				c := env.Completion("bad")
				Expect(c.Code()).To(Equal(appmodel.ErrUnsupportedURL))
				Expect(c.At).To(BeZero(), "at once")
				done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
				Expect(done.Rule).To(Equal(simulator.RuleS3))
				Expect(done.Code).To(Equal(int(appmodel.ErrUnsupportedURL)))
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty(), "nothing reaches the network")
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
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				s := a.app.NewSession(a.config(rlSession), nil)
				a.start(s.DownloadTask(appmodel.Request{URL: rlSmall}), "orphan")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			v := env.ViolationsOf(simulator.RuleS3)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("without a delegate"))
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).Code).To(BeZero(), "the daemon ran the transfer")
			Expect(env.SessionCalls()).To(BeEmpty(), "no delegate of the app heard of it")
			Expect(env.EventsWhere(simulator.Pattern{Kind: simulator.KindFile}, func(e simulator.Event) bool {
				return strings.HasPrefix(e.Detail, "deleted")
			})).To(HaveLen(1), "the downloaded file was lost (R-D6)")
			Expect(env.Sim().State()).To(Equal(appmodel.Active), "a violation, not a crash")
		})
	})

	Describe("R-S6: discretionary transfers", func() {
		// rs6 starts one small download in the foreground, in a session
		// with Discretionary as given.
		rs6 := func(cfg simulator.Config, discretionary bool) *simtest.Env {
			GinkgoHelper()
			return simtest.New(GinkgoTB(), rlStd(cfg, rlSpec{
				Config:    func(c *appmodel.SessionConfig) { c.Discretionary = discretionary },
				Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "d") },
			})...)
		}
		setPower := func(env *simtest.Env, p simulator.Power) func() error {
			return func() error { env.Sim().SetPower(p); return nil }
		}

		It("R-S6: a discretionary session started in the foreground waits while the device is not charging, and starts when it charges on Wi-Fi", func() {
			env := rs6(simulator.Config{}, true)
			env.At(0, env.Sim().Launch)
			env.RunTo(30 * time.Minute)

			w := env.One(simulator.Pattern{Kind: simulator.KindTaskWait})
			Expect(w.Rule).To(Equal(simulator.RuleS6))
			Expect(w.At).To(BeZero())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())
			Expect(env.CallsOf(simulator.CbDidWriteData)).To(BeEmpty())

			env.At(30*time.Minute, setPower(env, simulator.Power{Charging: true, Battery: 80}))
			env.RunTo(31 * time.Minute)
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(Equal(30 * time.Minute))
			Expect(env.Completion("d").Err).To(BeNil())
		})

		It("R-S6: a discretionary session waits on cellular even while charging, and starts on Wi-Fi", func() {
			cell := fakes.Link{Kind: fakes.Cellular, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
			env := rs6(simulator.Config{Link: cell, Power: simulator.Power{Charging: true, Battery: 100}}, true)
			env.At(0, env.Sim().Launch)
			env.RunTo(10 * time.Minute)
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskWait}).Rule).To(Equal(simulator.RuleS6))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())

			env.At(10*time.Minute, func() error { env.Sim().Network().SetLink(simulator.DefaultLink); return nil })
			env.RunTo(11 * time.Minute)
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(Equal(10 * time.Minute))
			Expect(env.Completion("d").Err).To(BeNil())
		})

		It("R-S6: a session that is not discretionary starts at once, on cellular and not charging", func() {
			cell := fakes.Link{Kind: fakes.Cellular, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
			env := rs6(simulator.Config{Link: cell}, false)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty())
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(BeZero())
			Expect(env.Completion("d").Err).To(BeNil())
		})

		It("R-S6: a task created while the app is in the background is discretionary even if its session is not", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{
				Activated:  func(a *rlApp) { a.session(rlSession) },
				Background: func(a *rlApp) { a.download(rlSession, rlSmall, "late") },
			})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(time.Hour)

			w := env.One(simulator.Pattern{Kind: simulator.KindTaskWait})
			Expect(w.Rule).To(Equal(simulator.RuleS6))
			Expect(w.At).To(Equal(time.Second))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())

			env.At(time.Hour, setPower(env, simulator.Power{Charging: true, Battery: 50}))
			env.RunTo(time.Hour + 5*time.Minute)
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(Equal(time.Hour))
			Expect(env.Completion("late").Err).To(BeNil())
		})

		It("R-S6: low-power mode holds a discretionary transfer back, even on Wi-Fi while charging", func() {
			env := rs6(simulator.Config{Power: simulator.Power{Charging: true, Battery: 90, LowPowerMode: true}}, true)
			env.At(0, env.Sim().Launch)
			env.RunTo(20 * time.Minute)
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskWait}).Rule).To(Equal(simulator.RuleS6))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())

			env.At(20*time.Minute, setPower(env, simulator.Power{Charging: true, Battery: 90}))
			env.RunTo(21 * time.Minute)
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(Equal(20 * time.Minute))
		})

		DescribeTable("R-S6: Config.DiscretionaryPower decides the power a discretionary transfer waits for",
			func(need simulator.PowerNeed, battery, threshold int, starts bool) {
				env := rs6(simulator.Config{DiscretionaryPower: need, DiscretionaryBattery: threshold,
					Power: simulator.Power{Battery: battery}}, true)
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Hour)
				if starts {
					Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty())
					Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(BeZero())
					return
				}
				Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskWait}).Rule).To(Equal(simulator.RuleS6))
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())
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
		rs7 := func(spec rlSpec) *simtest.Env {
			GinkgoHelper()
			spec.Activated = func(a *rlApp) {
				t := a.session(rlSession).DownloadTask(appmodel.Request{URL: rlSmall})
				t.SetEarliestBeginDate(a.app.Now().Add(later))
				a.start(t, "delayed")
			}
			return simtest.New(GinkgoTB(), rlStd(simulator.Config{}, spec)...)
		}

		It("R-S7: nothing starts before EarliestBeginDate; then WillBeginDelayedRequest asks the running app, and ContinueLoading starts it", func() {
			env := rs7(rlSpec{})
			env.At(0, env.Sim().Launch)
			env.RunTo(later - time.Millisecond)
			w := env.One(simulator.Pattern{Kind: simulator.KindTaskWait})
			Expect(w.Rule).To(Equal(simulator.RuleS7))
			Expect(w.At).To(BeZero())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())
			Expect(env.CallsOf(simulator.CbWillBeginDelayedRequest)).To(BeEmpty())

			env.RunTo(later + time.Minute)
			asked := env.CallsOf(simulator.CbWillBeginDelayedRequest)
			Expect(asked).To(HaveLen(1))
			Expect(asked[0].At).To(Equal(later))
			Expect(asked[0].Desc).To(Equal("delayed"))
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(Equal(later))
			Expect(env.Completion("delayed").Err).To(BeNil())
		})

		It("R-S7: CancelDelayedRequest cancels the task with -999; nothing is fetched", func() {
			env := rs7(rlSpec{Delayed: func(appmodel.Task) (appmodel.DelayedDisposition, *appmodel.Request) {
				return appmodel.CancelDelayedRequest, nil
			}})
			env.At(0, env.Sim().Launch)
			env.RunTo(later + time.Minute)
			Expect(env.CallsOf(simulator.CbWillBeginDelayedRequest)).To(HaveLen(1))
			c := env.Completion("delayed")
			Expect(c.Code()).To(Equal(appmodel.ErrCancelled))
			Expect(c.At).To(Equal(later))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())
		})

		It("R-S7: UseNewRequest fetches the new request's URL instead", func() {
			env := rs7(rlSpec{Delayed: func(appmodel.Task) (appmodel.DelayedDisposition, *appmodel.Request) {
				return appmodel.UseNewRequest, &appmodel.Request{URL: rlOther}
			}})
			env.At(0, env.Sim().Launch)
			env.RunTo(later + time.Minute)
			start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(start.At).To(Equal(later))
			Expect(start.Detail).To(ContainSubstring(rlOther))
			c := env.Completion("delayed")
			Expect(c.Err).To(BeNil())
			Expect(c.Response.URL).To(Equal(rlOther))
			f, err := env.Sim().Files().Stat(rlDocument("delayed"))
			Expect(err).NotTo(HaveOccurred())
			Expect(f.Size).To(Equal(int64(rlOtherSize)), "the new request's resource")
		})

		DescribeTable("R-S7: an app that is not running is not asked: the daemon continues with the original request",
			func(kill bool) {
				env := rs7(rlSpec{})
				env.At(0, env.Sim().Launch)
				env.At(time.Second, env.Sim().Home)
				if kill {
					env.At(time.Minute, env.Sim().MemoryPressureKill)
				}
				env.RunTo(later + 5*time.Minute)
				Expect(env.CallsOf(simulator.CbWillBeginDelayedRequest)).To(BeEmpty())
				Expect(env.Events(simulator.Pattern{Callback: simulator.CbWillBeginDelayedRequest})).To(BeEmpty())
				start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart})
				Expect(start.At).To(Equal(later))
				Expect(start.Detail).To(ContainSubstring(rlSmall))
				Expect(env.Completion("delayed").Err).To(BeNil())
				Expect(env.Sim().Files().Exists(rlDocument("delayed"))).To(BeTrue())
			},
			Entry("R-S7: suspended", false),
			Entry("R-S7: terminated by the system", true),
		)
	})
})

var _ = Describe("rules of identifiers, interruptions and invalidation", func() {
	Describe("R-I2: a session held by another process", func() {
		hold := func(env *simtest.Env, holds bool) func() error {
			return func() error { env.Sim().SetOtherProcessHolds(rlSession, holds); return nil }
		}

		It("R-I2: when another process takes the session, the app's session object gets DidBecomeInvalidWithError(-996)", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})...)
			env.At(0, env.Sim().Launch)
			env.At(5*time.Second, hold(env, true))
			env.RunTo(time.Minute)

			inv := env.CallsOf(simulator.CbDidBecomeInvalidWithError)
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Code()).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))
			Expect(inv[0].At).To(Equal(5 * time.Second))
			Expect(inv[0].Session).To(Equal(rlSession))
			Expect(env.One(simulator.Pattern{Callback: simulator.CbDidBecomeInvalidWithError}).Rule).To(Equal(simulator.RuleI2))
		})

		It("R-I2: a task made on the session object once DidBecomeInvalidWithError(-996) told the app is an R-G4 violation, not a -996 failure (that is for a task made before, R-X3)", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})...)
			env.At(0, env.Sim().Launch)
			env.At(5*time.Second, hold(env, true))
			env.RunTo(10 * time.Second)
			Expect(env.CallsOf(simulator.CbDidBecomeInvalidWithError)).To(HaveLen(1))

			env.OnMain(func(appmodel.App) { rlLatest(env).download(rlSession, rlSmall, "late") })
			env.RunTo(time.Minute)
			v := env.ViolationsOf(simulator.RuleG4)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("invalidated session object"))
			Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(BeEmpty())
		})

		It("R-I2: a session made while another process holds the identifier is invalidated at once with -996; once released, a new one works", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})...)
			Expect(hold(env, true)()).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.RunTo(10 * time.Second)

			inv := env.CallsOf(simulator.CbDidBecomeInvalidWithError)
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Code()).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))
			Expect(inv[0].At).To(BeZero(), "at once")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindConnect})).To(BeEmpty(), "never connected to the daemon's session")

			env.At(10*time.Second, hold(env, false))
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)

				delete(a.sessions, rlSession)
				a.download(rlSession, rlSmall, "after")
			})
			env.RunTo(time.Minute)
			Expect(env.Completion("after").Err).To(BeNil())
			Expect(env.CallsOf(simulator.CbDidBecomeInvalidWithError)).To(HaveLen(1))
		})

		It("R-I2, R-X2: the daemon does not wake the app for a session another process holds: that process gets its events; once it lets go, a wake brings them to the app", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.At(8*time.Second, hold(env, true)) // the app is suspended; the download needs about 10 s
			env.RunTo(5 * time.Minute)
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "no wake for a session the app cannot connect to")
			Expect(env.CallsOf(simulator.CbHandleEventsForBackgroundURL)).To(BeEmpty())
			Expect(env.Sim().Violations()).To(BeEmpty(), "the app is not blamed for a handler it was never given")

			env.At(5*time.Minute, hold(env, false))
			env.RunTo(10 * time.Minute)
			wake := env.One(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wake.At).To(Equal(5 * time.Minute))
			Expect(env.CallsOf(simulator.CbHandleEventsForBackgroundURL)).To(HaveLen(1))
		})
	})

	Describe("R-E4: cancellation for insufficient system resources", func() {
		It("R-E4: every task gets -999 with reason insufficientSystemResources (2), with resume data for a resumable download only", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlBig, "resumable")
				a.download(rlSession, rlPlain, "plain")
			}})...)
			env.At(0, env.Sim().Launch)
			env.At(2*time.Second, env.Sim().CancelForInsufficientResources)
			env.RunTo(time.Minute)

			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete}) {
				Expect(e.At).To(Equal(2 * time.Second))
				Expect(e.Code).To(Equal(int(appmodel.ErrCancelled)))
				Expect(e.Reason).To(Equal("insufficientSystemResources"))
				Expect(e.Rule).To(Equal(simulator.RuleE4))
			}
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})).To(HaveLen(2))
			for _, desc := range []string{"resumable", "plain"} {
				c := env.Completion(desc)
				Expect(c.Code()).To(Equal(appmodel.ErrCancelled))
				Expect(c.Err.HasReason).To(BeTrue())
				Expect(c.Err.Reason).To(Equal(appmodel.ReasonInsufficientSystemResources))
				Expect(int(c.Err.Reason)).To(Equal(2))
			}
			res := env.Completion("resumable")
			Expect(res.ResumeData()).NotTo(BeNil())
			got := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Task: res.Task}).Bytes
			Expect(got).To(BeNumerically(">", 0))
			Expect(res.ResumeData().Offset).To(Equal(got))
			Expect(res.ResumeData().URL).To(Equal(rlBig))
			Expect(env.Completion("plain").ResumeData()).To(BeNil(), "no validator: not resumable (R-G1)")
			Expect(env.EventsWhere(simulator.Pattern{Kind: simulator.KindTransferStart}, func(e simulator.Event) bool { return e.At > 2*time.Second })).
				To(BeEmpty(), "cancelled, not retried")
		})
	})

	Describe("R-E6: device reboot", func() {
		It("R-E6: Reboot returns ErrNotModelled with a message that says what to use instead, and changes nothing", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Second)
			before := len(env.Sim().Trace())

			err := env.Sim().Reboot()
			Expect(err).To(HaveOccurred())
			Expect(errors.Is(err, simulator.ErrNotModelled)).To(BeTrue())
			Expect(err.Error()).To(ContainSubstring("R-E6"))
			Expect(err.Error()).To(ContainSubstring("MemoryPressureKill"))
			Expect(err.Error()).To(ContainSubstring("ForceQuit"))
			Expect(env.Sim().Trace()).To(HaveLen(before))
			Expect(env.Sim().State()).To(Equal(appmodel.Active))
			env.RunTo(time.Minute)
			Expect(env.Completion("d").Err).To(BeNil(), "the transfer went on")
		})
	})

	Describe("R-R1: the relaunch rate limiter", func() {
		wakes := func(env *simtest.Env) []simulator.Event {
			return env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
		}
		deferred := func(env *simtest.Env) []simulator.Event {
			return env.Events(simulator.Pattern{Kind: simulator.KindRelaunchDeferred})
		}
		completeAt := func(env *simtest.Env, session string) time.Duration {
			GinkgoHelper()
			return env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: session}).At
		}

		It("R-R1: consecutive wakes each waited for are deferred by 60 s, 120 s, then 240 s", func() {
			// Session a finishes at about 30 s, after iOS killed the app
			// (wake 1). b, c and d, held back by EarliestBeginDate, each
			// finish while the delay of the wake before runs, so each waits
			// for it and doubles it. A process launched for session events
			// recreates only the session it is told about (R-D7: one
			// HandleEventsForBackgroundURL per session).
			env := simtest.New(GinkgoTB(), rlNew(simulator.Config{}, rlSpec{
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
			})...)
			Expect(env.Sim().Network().AddResource(rlURL("f0.bin"), fakes.Resource{Size: 60_000_000, ETag: `"f"`, AcceptRanges: true})).To(Succeed())
			Expect(env.Sim().Network().AddResource(rlSmall, fakes.Resource{Size: rlSmallSize, ETag: `"small-1"`, AcceptRanges: true})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.At(20*time.Second, env.Sim().MemoryPressureKill)
			env.RunTo(20 * time.Minute)

			w := wakes(env)
			Expect(w).To(HaveLen(4))
			Expect(w[0].At).To(Equal(completeAt(env, rlSession)), "the first wake is immediate")
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
				{rlSession2, completeAt(env, rlSession2), w[1].At, "1m0s"},
				{rlSession3, completeAt(env, rlSession3), w[2].At, "2m0s"},
				{rlSession4, completeAt(env, rlSession4), w[3].At, "4m0s"},
			}
			d := deferred(env)
			Expect(d).To(HaveLen(len(want)))
			for i, x := range want {
				Expect(d[i].Rule).To(Equal(simulator.RuleR1))
				Expect(d[i].Session).To(Equal(x.session))
				Expect(d[i].At).To(Equal(x.at))
				Expect(d[i].Detail).To(Equal(fmt.Sprintf("relaunch delayed until %s (delay %s)", fakes.FormatOffset(x.until), x.delay)))
			}
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(4), "every session was delivered in its wake")
		})

		It("R-R1: a user launch resets the delay: the next wake is immediate", func() {
			env := simtest.New(GinkgoTB(), rlNew(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				if a.n == 1 && len(a.tasks) == 0 {
					a.download(rlSession, rlURL("a.bin"), "a")
				}
			}})...)
			Expect(env.Sim().Network().AddResource(rlURL("a.bin"), fakes.Resource{Size: 16_000_000, ETag: `"a"`, AcceptRanges: true})).To(Succeed())
			Expect(env.Sim().Network().AddResource(rlURL("b.bin"), fakes.Resource{Size: 20_000_000, ETag: `"b"`, AcceptRanges: true})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(20 * time.Second)
			Expect(wakes(env)).To(HaveLen(1), "woken for session a at about 8 s")

			env.At(20*time.Second, env.Sim().Launch) // the user: resets the delay
			env.RunTo(21 * time.Second)
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)
				a.download(rlSession2, rlURL("b.bin"), "b")
			})
			env.At(22*time.Second, env.Sim().Home)
			env.RunTo(5 * time.Minute)

			w := wakes(env)
			Expect(w).To(HaveLen(2))
			doneB := completeAt(env, rlSession2)
			Expect(doneB).To(BeNumerically(">", 27*time.Second), "b finished while the app was suspended")
			Expect(doneB).To(BeNumerically("<", w[0].At+60*time.Second), "within the delay the first wake imposed")
			Expect(w[1].At).To(Equal(doneB), "immediate: the user launch reset the delay")
			Expect(deferred(env)).To(BeEmpty())
		})

		It("R-R1: the delay starts over once it passes with no wake waiting (v2: no separate quiet period)", func() {
			// Session a finishes at about 8 s (wake 1, delay 60 s); b and c,
			// held back by EarliestBeginDate, finish at about 15 min 2 s and
			// 15 min 7 s. The 60 s passed long before with no wake waiting,
			// so wake 2 comes at once and sets 60 s again: c waits 60 s,
			// not the 120 s a doubling would give.
			env := simtest.New(GinkgoTB(), rlNew(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlURL("a.bin"), "a")
				for i, id := range []string{rlSession2, rlSession3} {
					t := a.session(id).DownloadTask(appmodel.Request{URL: rlSmall})
					t.SetEarliestBeginDate(a.app.Now().Add(15*time.Minute + time.Duration(i)*5*time.Second))
					a.start(t, id)
				}
			}})...)
			Expect(env.Sim().Network().AddResource(rlURL("a.bin"), fakes.Resource{Size: 16_000_000, ETag: `"a"`, AcceptRanges: true})).To(Succeed())
			Expect(env.Sim().Network().AddResource(rlSmall, fakes.Resource{Size: rlSmallSize, ETag: `"small-1"`, AcceptRanges: true})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(30 * time.Minute)

			w := wakes(env)
			Expect(w).To(HaveLen(3))
			Expect(w[1].Session).To(Equal(rlSession2))
			Expect(w[1].At).To(Equal(completeAt(env, rlSession2)), "long after the first wake's delay: immediate")
			d := deferred(env)
			Expect(d).To(HaveLen(1))
			Expect(d[0].Session).To(Equal(rlSession3))
			Expect(d[0].Detail).To(ContainSubstring("delay 1m0s"))
			Expect(w[2].At - w[1].At).To(Equal(time.Minute))
		})

		It("R-R1: completions while the app runs in the foreground do not raise the delay", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlSmall, "fg1")
				a.download(rlSession2, rlSmall, "fg2")
			}})...)
			Expect(env.Sim().Network().AddResource(rlURL("c.bin"), fakes.Resource{Size: 30_000_000, ETag: `"c"`, AcceptRanges: true})).To(Succeed())
			Expect(env.Sim().Network().AddResource(rlURL("d.bin"), fakes.Resource{Size: 40_000_000, ETag: `"d"`, AcceptRanges: true})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.RunTo(9 * time.Second)
			Expect(env.Completion("fg1").Err).To(BeNil())
			Expect(env.Completion("fg2").Err).To(BeNil())
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)

				a.download(rlSession3, rlURL("c.bin"), "c")
				a.download(rlSession4, rlURL("d.bin"), "d")
			})
			env.At(10*time.Second, env.Sim().Home)
			env.RunTo(10 * time.Minute)

			w := wakes(env)
			Expect(w).To(HaveLen(2))
			Expect(w[0].Session).To(Equal(rlSession3))
			Expect(w[0].At).To(Equal(completeAt(env, rlSession3)), "the first wake is immediate: the foreground completions did not count")
			d := deferred(env)
			Expect(d).To(HaveLen(1))
			Expect(d[0].Session).To(Equal(rlSession4))
			Expect(d[0].Detail).To(ContainSubstring("delay 1m0s"))
			Expect(w[1].At - w[0].At).To(Equal(time.Minute))
		})

		It("R-R1: a task created in the background waits for the relaunch delay", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{DiscretionaryPower: simulator.PowerAnyLevel}, rlSpec{
				Activated: func(a *rlApp) { a.download(rlSession, rlURL("a.bin"), "a") },
				FinishEvents: func(a *rlApp, s appmodel.Session) {
					if _, made := a.tasks["next"]; !made {
						a.download(rlSession, rlSmall, "next")
					}
				},
			})...)
			Expect(env.Sim().Network().AddResource(rlURL("a.bin"), fakes.Resource{Size: 16_000_000, ETag: `"a"`, AcceptRanges: true})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(10 * time.Minute)

			w := wakes(env)
			Expect(w).NotTo(BeEmpty())
			waits := env.Events(simulator.Pattern{Kind: simulator.KindTaskWait, Task: 2})
			Expect(waits).NotTo(BeEmpty())
			Expect(waits[0].Rule).To(Equal(simulator.RuleR1))
			Expect(waits[0].At).To(Equal(w[0].At))
			start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart, Task: 2})
			Expect(start.At).To(Equal(w[0].At+time.Minute), "not before the delay of the first wake has passed")
			Expect(env.Completion("next").Err).To(BeNil())
		})

		It("R-R1: a task created in the background that waits for the relaunch delay starts when the user brings the app to the foreground", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{DiscretionaryPower: simulator.PowerAnyLevel}, rlSpec{
				Activated: func(a *rlApp) {
					if _, made := a.tasks["a"]; !made {
						a.download(rlSession, rlURL("a.bin"), "a")
					}
				},
				FinishEvents: func(a *rlApp, s appmodel.Session) {
					if _, made := a.tasks["next"]; !made {
						a.download(rlSession, rlSmall, "next")
					}
				},
			})...)
			Expect(env.Sim().Network().AddResource(rlURL("a.bin"), fakes.Resource{Size: 16_000_000, ETag: `"a"`, AcceptRanges: true})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(10 * time.Second)
			w := wakes(env)
			Expect(w).To(HaveLen(1))
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskWait, Task: 2}).Rule).To(Equal(simulator.RuleR1))
			userAt := w[0].At + 20*time.Second
			env.At(userAt, env.Sim().Launch)
			env.RunTo(10 * time.Minute)

			start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart, Task: 2})
			Expect(start.At).To(Equal(userAt), "the delay reset to zero at the user launch, not at the old deadline")
			Expect(env.Completion("next").Err).To(BeNil())
		})
	})

	Describe("R-G4: invalidation", func() {
		It("R-G4: FinishTasksAndInvalidate lets running tasks finish, then DidBecomeInvalidWithError(nil)", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlSmall, "small")
				a.download(rlSession, rlBig, "big")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Second)
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)
				a.sessions[rlSession].FinishTasksAndInvalidate()
			})
			env.RunTo(time.Minute)

			small, big := env.Completion("small"), env.Completion("big")
			Expect(small.Err).To(BeNil())
			Expect(big.Err).To(BeNil())
			Expect(env.Sim().Files().Exists(rlDocument("big"))).To(BeTrue())
			inv := env.CallsOf(simulator.CbDidBecomeInvalidWithError)
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Err).To(BeNil())
			Expect(inv[0].At).To(BeNumerically(">=", big.At))
			Expect(env.SessionCalls()[len(env.SessionCalls())-1].Callback).To(Equal(simulator.CbDidBecomeInvalidWithError), "the last call")
			Expect(env.One(simulator.Pattern{Callback: simulator.CbDidBecomeInvalidWithError}).Rule).To(Equal(simulator.RuleG4))
		})

		It("R-G4: InvalidateAndCancel cancels every task with -999, then DidBecomeInvalidWithError", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlSmall, "small")
				a.download(rlSession, rlBig, "big")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Second)
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)
				a.sessions[rlSession].InvalidateAndCancel()
			})
			env.RunTo(time.Minute)

			var whats []string
			for _, c := range env.SessionCalls() {
				if c.Callback != "DidWriteData" {
					whats = append(whats, fmt.Sprintf("%s %s %d", c.Callback, c.Desc, c.Code()))
				}
			}
			Expect(whats).To(Equal([]string{
				"DidCompleteWithError small -999",
				"DidCompleteWithError big -999",
				"DidBecomeInvalidWithError  0",
			}))
			for _, c := range env.SessionCalls() {
				if c.Callback != "DidWriteData" {
					Expect(c.At).To(Equal(time.Second), "promptly")
				}
			}
			Expect(env.Sim().Files().Exists(rlDocument("big"))).To(BeFalse())
		})

		It("R-G4: a task made on an invalidated session object is a violation; a new session with the same identifier works", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Second)
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)
				a.sessions[rlSession].FinishTasksAndInvalidate()
			})
			env.RunTo(2 * time.Second)
			Expect(env.CallsOf(simulator.CbDidBecomeInvalidWithError)).To(HaveLen(1))

			var dead appmodel.Task
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)

				dead = a.sessions[rlSession].DownloadTask(appmodel.Request{URL: rlSmall})
				dead.Resume()
			})
			v := env.ViolationsOf(simulator.RuleG4)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("invalidated"))
			Expect(dead.State()).To(Equal(appmodel.TaskCompleted))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskCreate})).To(BeEmpty())

			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)

				delete(a.sessions, rlSession)
				a.download(rlSession, rlSmall, "fresh")
			})
			env.RunTo(time.Minute)
			Expect(env.Completion("fresh").Err).To(BeNil())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindConnect})).To(HaveLen(2))
			Expect(env.ViolationsOf(simulator.RuleI1)).To(BeEmpty())
		})
	})
})
