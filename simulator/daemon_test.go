package simulator_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// Transfers in the daemon, independent of the app's process: R-S1, R-E1,
// R-E2, R-E5, R-S5/R-D1, R-I1, R-E3, R-R1.
var _ = Describe("the daemon (nsurlsessiond)", func() {
	// At 1 MB/s and 200 ms of latency, 20 MB arrive 20.2 s after the
	// request is sent.
	slow := simulator.Config{Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: 1_000_000, Latency: 200 * time.Millisecond}}
	const slowDone = 20*time.Second + 200*time.Millisecond

	Describe("R-S1: transfers run in the daemon, not in the app", func() {
		It("R-S1: goes on while the app is suspended and completes at size/bandwidth + latency", func() {
			env := simtest.New(GinkgoTB(), dmWorld(slow, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.RunTo(10 * time.Second)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			env.RunTo(30 * time.Second)

			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At).To(Equal(slowDone))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(HaveLen(1), "one attempt, never restarted")
			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})[0]
			Expect(done.Bytes).To(Equal(int64(20_000_000)))
			Expect(done.Code).To(BeZero())
		})

		It("R-S1: goes on after the system terminated the app and completes at size/bandwidth + latency", func() {
			env := simtest.New(GinkgoTB(), dmWorld(slow, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			env.RunTo(30 * time.Second)

			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At).To(Equal(slowDone))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(HaveLen(1))
			states := env.States()
			for i, e := range sim.Trace() {
				if e.Kind == simulator.KindTaskComplete {
					Expect(states[i]).To(Equal(appmodel.Terminated), "the app was not running when the daemon finished")
				}
			}
		})
	})

	Describe("R-E1: suspension does not touch transfers, only progress calls", func() {
		It("R-E1: sends no DidWriteData while the app is suspended or terminated, and resumes progress when it runs", func() {
			env := simtest.New(GinkgoTB(), dmWorld(slow, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home) // suspended at 6 s
			env.At(9*time.Second, sim.Launch)
			env.At(12*time.Second, sim.Home) // suspended at 17 s
			env.At(18*time.Second, sim.MemoryPressureKill)
			env.RunTo(40 * time.Second)

			states := env.States()
			var before, during, after []simulator.Event
			for i, e := range sim.Trace() {
				if e.Kind != simulator.KindSessionCallback || e.Callback != "DidWriteData" {
					continue
				}
				Expect([]appmodel.State{appmodel.Inactive, appmodel.Active, appmodel.Background}).To(ContainElement(states[i]),
					"DidWriteData at %s with the app %s", fakes.FormatOffset(e.At), states[i])
				switch {
				case e.At <= 6*time.Second:
					before = append(before, e)
				case e.At <= 9*time.Second:
					during = append(during, e)
				default:
					after = append(after, e)
				}
			}
			Expect(before).NotTo(BeEmpty(), "progress while active and in the background")
			Expect(during).To(BeEmpty(), "no progress while suspended")
			Expect(after).NotTo(BeEmpty(), "progress resumes when the user returns")
			// The first report after the return covers what the daemon
			// moved meanwhile: more than one ProgressInterval's worth.
			Expect(after[0].Bytes).To(BeNumerically(">", 2_000_000))
			Expect(after[0].Total).To(Equal(before[len(before)-1].Total + after[0].Bytes))
			for _, e := range after {
				Expect(e.At).To(BeNumerically("<=", 17*time.Second))
			}
			// After the kill the relaunched process gets the completion only.
			for _, r := range env.CallsIn(2) {
				Expect(r.Callback).NotTo(Equal(simulator.CbDidWriteData))
			}
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(1))
		})

		It("R-E1: a suspended app sees only the completion events later", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.RunTo(60 * time.Second)

			suspendedAt := env.First(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"}).At
			Expect(suspendedAt).To(Equal(6 * time.Second))
			var later []string
			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindSessionCallback}) {
				if e.At > suspendedAt {
					later = append(later, string(e.Callback))
				}
			}
			Expect(later).To(Equal([]string{"DidFinishDownloading", "DidCompleteWithError", "DidFinishEventsForBackgroundSession"}))
		})
	})

	Describe("R-E2, R-E5: terminations by the system and crashes", func() {
		It("R-E2: after a memory-pressure kill the transfer goes on and the app is launched into the background when it finishes", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
			env.RunTo(60 * time.Second)

			term := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(term).To(HaveLen(1))
			Expect(term[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
			Expect(term[0].At).To(Equal(8 * time.Second))
			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At
			Expect(done).To(Equal(10*time.Second + 50*time.Millisecond))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(HaveLen(1))

			launches := env.Events(simulator.Pattern{Kind: simulator.KindLaunch})
			Expect(launches).To(HaveLen(2))
			Expect(launches[1].Reason).To(Equal("url-session"))
			Expect(launches[1].Session).To(Equal(dmSession))
			Expect(launches[1].At).To(Equal(done))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbOnActivated})).To(HaveLen(1), "a background launch does not activate the app")
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(ConsistOf(HaveField("Process", 2)))
		})

		DescribeTable("R-E5: a crash behaves like a system termination for transfers",
			func(home bool) {
				env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
				sim := env.Sim()
				env.At(0, sim.Launch)
				if home {
					env.At(time.Second, sim.Home)
				}
				env.At(3*time.Second, func() error { return sim.Crash("EXC_BAD_ACCESS") })
				env.RunTo(60 * time.Second)

				term := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
				Expect(term).To(HaveLen(1))
				Expect(term[0].Reason).To(Equal(string(simulator.TermCrash)))
				done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At
				Expect(done).To(Equal(10*time.Second + 50*time.Millisecond))
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(HaveLen(1))
				launches := env.Events(simulator.Pattern{Kind: simulator.KindLaunch})
				Expect(launches).To(HaveLen(2))
				Expect(launches[1].Reason).To(Equal("url-session"))
				Expect(launches[1].At).To(Equal(done))
				Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(ConsistOf(HaveField("Process", 2)))
			},
			Entry("crashing in the foreground", false),
			Entry("crashing in the background", true),
		)
	})

	Describe("R-S5, R-D1: when the daemon wakes the app", func() {
		It("R-S5: wakes the app only when ALL tasks of the session are done, not after the first", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}, {URL: dmSmall, Desc: "beta"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(10*time.Millisecond, func() error { return sim.Crash("boom") })
			env.RunTo(60 * time.Second)

			small, big := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 2}).At, env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At
			// Both share 2 MB/s: 4 MB at 1 MB/s, then 16 MB at 2 MB/s.
			Expect(small).To(Equal(4*time.Second + 50*time.Millisecond))
			Expect(big).To(Equal(12*time.Second + 50*time.Millisecond))
			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(1))
			Expect(wakes[0].At).To(Equal(big), "no wake after the first task")
			Expect(wakes[0].Rule).To(Equal(simulator.RuleD1))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindLaunch})).To(HaveLen(2))
			Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(2))
		})

		It("R-S5: with SessionSendsLaunchEvents false there is no wake; events wait until the user launches the app and it reconnects", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{NoLaunchEvents: true, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
			env.RunTo(10 * time.Minute)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty())
			Expect(sim.Processes()).To(Equal(1))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(BeEmpty())
			info := sim.Sessions()
			Expect(info).To(HaveLen(1))
			Expect(info[0].QueuedEvents).To(Equal(2))

			env.At(10*time.Minute, sim.Launch)
			env.RunTo(11 * time.Minute)
			// The main queue (OnActivated) and the delegate queue run side
			// by side: only the order within each matters.
			story := env.Story(10*time.Minute, simulator.Pattern{})
			Expect(simtest.InOrder(story, "launch(user)", "FinishedLaunching(user)", "connect", "DidFinishDownloading#1", "DidCompleteWithError#1")).To(Succeed())
			Expect(simtest.InOrder(story, "FinishedLaunching(user)", "→active", "OnActivated")).To(Succeed())
			Expect(env.Story(10*time.Minute, simulator.Pattern{Kind: simulator.KindSessionCallback})).To(Equal([]string{"DidFinishDownloading#1", "DidCompleteWithError#1"}))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(ConsistOf(And(HaveField("Process", 2), HaveField("FileExisted", true))))
			Expect(sim.Sessions()[0].QueuedEvents).To(BeZero())
		})

		Context("R-S5: a task that needs authentication", func() {
			// 10 s of latency: the challenge arrives after the app was killed.
			far := simulator.Config{Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 10 * time.Second}}

			It("R-S5: wakes the app although the task is not done, and reaches DidReceiveChallenge; a credential continues the download", func() {
				env := simtest.New(GinkgoTB(), dmWorld(far, dmOpts{Answer: appmodel.UseCredential, Downloads: []dmDownload{{URL: dmAuth, Desc: "secret"}}})...)
				sim := env.Sim()
				env.At(0, sim.Launch)
				env.At(time.Second, sim.Home)
				env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
				env.RunTo(5 * time.Minute)

				ch := env.Events(simulator.Pattern{Kind: simulator.KindChallenge})
				Expect(ch).To(HaveLen(1))
				Expect(ch[0].At).To(Equal(10 * time.Second))
				wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
				Expect(wakes).NotTo(BeEmpty())
				Expect(wakes[0].At).To(Equal(10 * time.Second))
				Expect(wakes[0].Rule).To(Equal(simulator.RuleS5))
				Expect(env.Story(10*time.Second, simulator.Pattern{})[:7]).To(Equal([]string{
					"wake", "launch(url-session)", "→background", "FinishedLaunching(url-session)", "connect",
					"HandleEventsForBackgroundURL", "DidReceiveChallenge#1",
				}))
				Expect(env.CallsOf(simulator.CbDidReceiveChallenge)).To(ConsistOf(And(HaveField("Process", 2), HaveField("Challenge", appmodel.AuthHTTPBasic))))
				reply := env.Events(simulator.Pattern{Kind: simulator.KindChallengeReply})
				Expect(reply).To(HaveLen(1))
				Expect(reply[0].Detail).To(Equal("answered with a credential"))

				// One more round trip with credentials, then 4 MB at 2 MB/s.
				Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At).To(Equal(22 * time.Second))
				resp := env.Events(simulator.Pattern{Kind: simulator.KindTransferResponse})
				Expect(resp).To(HaveLen(1))
				Expect(resp[0].Code).To(Equal(200))
				Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(ConsistOf(HaveField("FileSize", int64(4_000_000))))
				Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(ConsistOf(And(HaveField("Err", BeNil()), HaveField("Response.StatusCode", 200))))
				Expect(sim.Files().Exists("/Documents/secret")).To(BeTrue())
				// The challenge's wake ended once its events were handled; the
				// completion needs a second wake, which the rate limiter puts
				// 60 s after the first (R-R1), in the order of R-D2.
				wakes = env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
				Expect(wakes).To(HaveLen(2))
				Expect(wakes[1].At).To(Equal(70 * time.Second))
				Expect(env.Story(70*time.Second, simulator.Pattern{})).To(Equal([]string{
					"wake", "→background", "HandleEventsForBackgroundURL",
					"DidFinishDownloading#1", "DidCompleteWithError#1", "DidFinishEventsForBackgroundSession",
					"handler(main)", "snapshot", "→suspended",
				}))
				Expect(sim.Violations()).To(BeEmpty())
			})

			It("R-S5: PerformDefaultHandling ends the task with the server's HTTP 401 response", func() {
				env := simtest.New(GinkgoTB(), dmWorld(far, dmOpts{Answer: appmodel.PerformDefaultHandling, Downloads: []dmDownload{{URL: dmAuth, Desc: "secret"}}})...)
				sim := env.Sim()
				env.At(0, sim.Launch)
				env.At(time.Second, sim.Home)
				env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
				env.RunTo(5 * time.Minute)

				Expect(env.CallsOf(simulator.CbDidReceiveChallenge)).To(HaveLen(1))
				reply := env.Events(simulator.Pattern{Kind: simulator.KindChallengeReply})
				Expect(reply).To(HaveLen(1))
				Expect(reply[0].Detail).To(Equal("default handling: no credential"))
				resp := env.Events(simulator.Pattern{Kind: simulator.KindTransferResponse})
				Expect(resp).To(HaveLen(1))
				Expect(resp[0].Code).To(Equal(401))
				Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At).To(Equal(10 * time.Second))
				Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(ConsistOf(And(HaveField("Err", BeNil()), HaveField("Response.StatusCode", 401))))
				Expect(sim.Violations()).To(BeEmpty())
				// The 401 arrives while the app is still up for the challenge:
				// delivered in the same wake, and DidFinishEvents comes after
				// the last event (R-D2, R-D3).
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1))
				Expect(env.Story(10*time.Second, simulator.Pattern{})).To(Equal([]string{
					"wake", "launch(url-session)", "→background", "FinishedLaunching(url-session)", "connect",
					"HandleEventsForBackgroundURL", "DidReceiveChallenge#1",
					"DidFinishDownloading#1", "DidCompleteWithError#1", "DidFinishEventsForBackgroundSession",
					"handler(main)", "snapshot", "→suspended",
				}))
			})
		})
	})

	Describe("R-I1: one session per identifier", func() {
		It("R-I1: a second session with the same identifier in one process is a violation, logged, and events go to the first delegate", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{DoubleSession: true, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.RunTo(30 * time.Second)

			Expect(env.ViolationsOf(simulator.RuleI1)).To(HaveLen(1))
			logs := env.Events(simulator.Pattern{Kind: simulator.KindLog, Rule: simulator.RuleI1})
			Expect(logs).To(HaveLen(1))
			Expect(logs[0].Detail).To(Equal("A background URLSession with identifier " + dmSession + " already exists!"))
			Expect(logs[0].String()).To(ContainSubstring(": log: A background URLSession"),
				"the system's log is on no queue of the app: the line shows none, not empty brackets")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindConnect})).To(HaveLen(1), "the second object does not connect")

			Expect(env.CallsOf(simulator.CbDidWriteData)).NotTo(BeEmpty())
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(1))
			Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(1))
			for _, r := range env.Calls() {
				if r.Delegate != 0 { // a SessionDelegate method
					Expect([]int{r.Process, r.Delegate}).To(Equal([]int{1, 1}), "%s went to delegate %d of process %d", r.Callback, r.Delegate, r.Process)
				}
			}
		})
	})

	Describe("R-E3: a force-quit", func() {
		It("R-E3: cancels with -999 reason userForceQuit, never relaunches, and delivers at the next user launch with resume data", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}, {URL: dmPlain, Desc: "plain"}}})...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(3*time.Second, sim.ForceQuit)
			env.RunTo(time.Hour)

			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done).To(HaveLen(2))
			for _, e := range done {
				Expect(e.At).To(Equal(3 * time.Second))
				Expect(e.Code).To(Equal(int(appmodel.ErrCancelled)))
				Expect(e.Reason).To(Equal("userForceQuit"))
				Expect(e.Rule).To(Equal(simulator.RuleE3))
			}
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbWillTerminate})).To(HaveLen(1), "R-L7 (v2): the app was running when swiped away")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "no relaunch after a force-quit")
			Expect(sim.Processes()).To(Equal(1))
			Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(BeEmpty())

			env.At(time.Hour, sim.Launch)
			env.RunTo(time.Hour + time.Minute)
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
			got := env.CallsOf(simulator.CbDidCompleteWithError)
			Expect(got).To(HaveLen(2))
			delivered := env.Events(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})
			Expect(delivered).To(HaveLen(2))
			for _, e := range delivered {
				Expect(e.Rule).To(Equal(simulator.RuleE3), "delivered at a user launch: not R-D2, the order of a background relaunch")
			}
			for _, r := range got {
				Expect(r.Process).To(Equal(2))
				Expect(r.Err).NotTo(BeNil())
				Expect(r.Err.Code).To(Equal(appmodel.ErrCancelled))
				Expect(r.Err.HasReason).To(BeTrue())
				Expect(r.Err.Reason).To(Equal(appmodel.ReasonUserForceQuit))
			}
			// Both shared 2 MB/s from 50 ms to 3 s: 2.95 MB each.
			Expect(got[0].Desc).To(Equal("alpha"))
			Expect(got[0].Err.ResumeData).NotTo(BeNil(), "an ETag and byte ranges: resumable (R-G1)")
			Expect(got[0].Err.ResumeData.Offset).To(Equal(int64(2_950_000)))
			Expect(got[0].Err.ResumeData.Validator).To(Equal(`"big-1"`))
			Expect(got[1].Desc).To(Equal("plain"))
			Expect(got[1].Err.ResumeData).To(BeNil(), "no validator: not resumable (R-G1)")
		})
	})

	Describe("R-R1: the relaunch rate limiter", func() {
		twoSessions := dmOpts{Downloads: []dmDownload{
			{Session: dmSession, URL: dmSmall, Desc: "small"},
			{Session: dmSession2, URL: dmBig, Desc: "big"},
		}}

		It("R-R1: defers a second wake within 60 s to the limiter's time", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, twoSessions)...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(10*time.Millisecond, func() error { return sim.Crash("boom") })
			env.RunTo(3 * time.Minute)

			first := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession, Task: 1}).At
			second := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Session: dmSession2, Task: 1}).At
			Expect(first).To(Equal(4*time.Second + 50*time.Millisecond))
			Expect(second).To(Equal(12*time.Second + 50*time.Millisecond))
			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(2))
			Expect(wakes[0].At).To(Equal(first))
			Expect(wakes[0].Session).To(Equal(dmSession))
			deferred := env.Events(simulator.Pattern{Kind: simulator.KindRelaunchDeferred})
			Expect(deferred).To(HaveLen(1))
			Expect(deferred[0].At).To(Equal(second))
			Expect(deferred[0].Session).To(Equal(dmSession2))
			Expect(deferred[0].Rule).To(Equal(simulator.RuleR1))
			Expect(deferred[0].Detail).To(ContainSubstring("T+01:04.050"))
			Expect(wakes[1].At).To(Equal(first + simulator.DefaultRelaunchDelayInitial))
			Expect(wakes[1].Session).To(Equal(dmSession2))
			Expect(strings.HasPrefix(wakes[1].Detail, "resumes the app")).To(BeTrue(), wakes[1].Detail)
		})

		It("R-R1: follows a custom RelaunchDelayInitial", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{RelaunchDelayInitial: 20 * time.Second}, twoSessions)...)
			sim := env.Sim()
			env.At(0, sim.Launch)
			env.At(10*time.Millisecond, func() error { return sim.Crash("boom") })
			env.RunTo(3 * time.Minute)

			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(2))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunchDeferred})).To(HaveLen(1))
			Expect(wakes[1].At).To(Equal(wakes[0].At + 20*time.Second))
		})
	})
})
