package simulator_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
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
			sim := dmNew(slow)
			dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, time.Second, sim.Home)
			dmUntil(sim, 10*time.Second)
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			dmUntil(sim, 30*time.Second)

			Expect(dmCompletedAt(sim, dmSession, 1)).To(Equal(slowDone))
			Expect(dmSelect(sim, dmKind(simulator.KindTransferStart))).To(HaveLen(1), "one attempt, never restarted")
			done := dmSelect(sim, dmKind(simulator.KindTaskComplete))[0]
			Expect(done.Bytes).To(Equal(int64(20_000_000)))
			Expect(done.Code).To(BeZero())
		})

		It("R-S1: goes on after the system terminated the app and completes at size/bandwidth + latency", func() {
			sim := dmNew(slow)
			dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmBackgroundKilled(sim)
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			dmUntil(sim, 30*time.Second)

			Expect(dmCompletedAt(sim, dmSession, 1)).To(Equal(slowDone))
			Expect(dmSelect(sim, dmKind(simulator.KindTransferStart))).To(HaveLen(1))
			states := dmStates(sim)
			for i, e := range sim.Trace() {
				if e.Kind == simulator.KindTaskComplete {
					Expect(states[i]).To(Equal("terminated"), "the app was not running when the daemon finished")
				}
			}
		})
	})

	Describe("R-E1: suspension does not touch transfers, only progress calls", func() {
		It("R-E1: sends no DidWriteData while the app is suspended or terminated, and resumes progress when it runs", func() {
			sim := dmNew(slow)
			rec := dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, time.Second, sim.Home) // suspended at 6 s
			dmAt(sim, 9*time.Second, sim.Launch)
			dmAt(sim, 12*time.Second, sim.Home) // suspended at 17 s
			dmAt(sim, 18*time.Second, sim.MemoryPressureKill)
			dmUntil(sim, 40*time.Second)

			states := dmStates(sim)
			var before, during, after []simulator.Event
			for i, e := range sim.Trace() {
				if e.Kind != simulator.KindSessionCallback || e.Callback != "DidWriteData" {
					continue
				}
				Expect([]string{"inactive", "active", "background"}).To(ContainElement(states[i]),
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
			for _, r := range rec.recs {
				if r.Instance == 2 {
					Expect(r.What).NotTo(Equal("DidWriteData"))
				}
			}
			Expect(rec.of("DidFinishDownloading")).To(HaveLen(1))
		})

		It("R-E1: a suspended app sees only the completion events later", func() {
			sim := dmNew(simulator.Config{})
			dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, time.Second, sim.Home)
			dmUntil(sim, 60*time.Second)

			suspendedAt := dmSelect(sim, func(e simulator.Event) bool {
				return e.Kind == simulator.KindTransition && e.To == "suspended"
			})[0].At
			Expect(suspendedAt).To(Equal(6 * time.Second))
			var later []string
			for _, e := range dmSelect(sim, dmKind(simulator.KindSessionCallback)) {
				if e.At > suspendedAt {
					later = append(later, string(e.Callback))
				}
			}
			Expect(later).To(Equal([]string{"DidFinishDownloading", "DidCompleteWithError", "DidFinishEventsForBackgroundSession"}))
		})
	})

	Describe("R-E2, R-E5: terminations by the system and crashes", func() {
		It("R-E2: after a memory-pressure kill the transfer goes on and the app is launched into the background when it finishes", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmBackgroundKilled(sim)
			dmUntil(sim, 60*time.Second)

			term := dmSelect(sim, dmKind(simulator.KindTerminate))
			Expect(term).To(HaveLen(1))
			Expect(term[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
			Expect(term[0].At).To(Equal(8 * time.Second))
			done := dmCompletedAt(sim, dmSession, 1)
			Expect(done).To(Equal(10*time.Second + 50*time.Millisecond))
			Expect(dmSelect(sim, dmKind(simulator.KindTransferStart))).To(HaveLen(1))

			launches := dmSelect(sim, dmKind(simulator.KindLaunch))
			Expect(launches).To(HaveLen(2))
			Expect(launches[1].Reason).To(Equal("url-session"))
			Expect(launches[1].Session).To(Equal(dmSession))
			Expect(launches[1].At).To(Equal(done))
			Expect(dmSelect(sim, dmCallback("OnActivated"))).To(HaveLen(1), "a background launch does not activate the app")
			Expect(rec.of("DidFinishDownloading")).To(ConsistOf(HaveField("Instance", 2)))
		})

		DescribeTable("R-E5: a crash behaves like a system termination for transfers",
			func(home bool) {
				sim := dmNew(simulator.Config{})
				rec := dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
				dmAt(sim, 0, sim.Launch)
				if home {
					dmAt(sim, time.Second, sim.Home)
				}
				dmAt(sim, 3*time.Second, func() error { return sim.Crash("EXC_BAD_ACCESS") })
				dmUntil(sim, 60*time.Second)

				term := dmSelect(sim, dmKind(simulator.KindTerminate))
				Expect(term).To(HaveLen(1))
				Expect(term[0].Reason).To(Equal(string(simulator.TermCrash)))
				done := dmCompletedAt(sim, dmSession, 1)
				Expect(done).To(Equal(10*time.Second + 50*time.Millisecond))
				Expect(dmSelect(sim, dmKind(simulator.KindTransferStart))).To(HaveLen(1))
				launches := dmSelect(sim, dmKind(simulator.KindLaunch))
				Expect(launches).To(HaveLen(2))
				Expect(launches[1].Reason).To(Equal("url-session"))
				Expect(launches[1].At).To(Equal(done))
				Expect(rec.of("DidFinishDownloading")).To(ConsistOf(HaveField("Instance", 2)))
			},
			Entry("crashing in the foreground", false),
			Entry("crashing in the background", true),
		)
	})

	Describe("R-S5, R-D1: when the daemon wakes the app", func() {
		It("R-S5: wakes the app only when ALL tasks of the session are done, not after the first", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}, {URL: dmSmall, Desc: "beta"}}})
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, 10*time.Millisecond, func() error { return sim.Crash("boom") })
			dmUntil(sim, 60*time.Second)

			small, big := dmCompletedAt(sim, dmSession, 2), dmCompletedAt(sim, dmSession, 1)
			// Both share 2 MB/s: 4 MB at 1 MB/s, then 16 MB at 2 MB/s.
			Expect(small).To(Equal(4*time.Second + 50*time.Millisecond))
			Expect(big).To(Equal(12*time.Second + 50*time.Millisecond))
			wakes := dmSelect(sim, dmKind(simulator.KindRelaunch))
			Expect(wakes).To(HaveLen(1))
			Expect(wakes[0].At).To(Equal(big), "no wake after the first task")
			Expect(wakes[0].Rule).To(Equal(simulator.RuleD1))
			Expect(dmSelect(sim, dmKind(simulator.KindLaunch))).To(HaveLen(2))
			Expect(rec.of("DidCompleteWithError")).To(HaveLen(2))
		})

		It("R-S5: with SessionSendsLaunchEvents false there is no wake; events wait until the user launches the app and it reconnects", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{NoLaunchEvents: true, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmBackgroundKilled(sim)
			dmUntil(sim, 10*time.Minute)

			Expect(dmSelect(sim, dmKind(simulator.KindRelaunch))).To(BeEmpty())
			Expect(sim.Processes()).To(Equal(1))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(rec.of("DidFinishDownloading")).To(BeEmpty())
			info := sim.Sessions()
			Expect(info).To(HaveLen(1))
			Expect(info[0].QueuedEvents).To(Equal(2))

			dmAt(sim, 10*time.Minute, sim.Launch)
			dmUntil(sim, 11*time.Minute)
			// The main queue (OnActivated) and the delegate queue run side
			// by side: only the order within each matters.
			story := dmStory(sim, 10*time.Minute)
			dmExpectInOrder(story, "launch(user)", "FinishedLaunching(user)", "connect", "DidFinishDownloading#1", "DidCompleteWithError#1")
			dmExpectInOrder(story, "FinishedLaunching(user)", "→active", "OnActivated")
			Expect(dmSessionStory(sim, 10*time.Minute)).To(Equal([]string{"DidFinishDownloading#1", "DidCompleteWithError#1"}))
			Expect(dmSelect(sim, dmCallback("HandleEventsForBackgroundURL"))).To(BeEmpty())
			Expect(rec.of("DidFinishDownloading")).To(ConsistOf(And(HaveField("Instance", 2), HaveField("FileExisted", true))))
			Expect(sim.Sessions()[0].QueuedEvents).To(BeZero())
		})

		Context("R-S5: a task that needs authentication", func() {
			// 10 s of latency: the challenge arrives after the app was killed.
			far := simulator.Config{Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 10 * time.Second}}

			It("R-S5: wakes the app although the task is not done, and reaches DidReceiveChallenge; a credential continues the download", func() {
				sim := dmNew(far)
				rec := dmInstall(sim, dmOpts{Answer: appmodel.UseCredential, Downloads: []dmDownload{{URL: dmAuth, Desc: "secret"}}})
				dmBackgroundKilled(sim)
				dmUntil(sim, 5*time.Minute)

				ch := dmSelect(sim, dmKind(simulator.KindChallenge))
				Expect(ch).To(HaveLen(1))
				Expect(ch[0].At).To(Equal(10 * time.Second))
				wakes := dmSelect(sim, dmKind(simulator.KindRelaunch))
				Expect(wakes).NotTo(BeEmpty())
				Expect(wakes[0].At).To(Equal(10 * time.Second))
				Expect(wakes[0].Rule).To(Equal(simulator.RuleS5))
				Expect(dmStory(sim, 10*time.Second)[:7]).To(Equal([]string{
					"wake", "launch(url-session)", "→background", "FinishedLaunching(url-session)", "connect",
					"HandleEventsForBackgroundURL", "DidReceiveChallenge#1",
				}))
				Expect(rec.of("DidReceiveChallenge")).To(ConsistOf(And(HaveField("Instance", 2), HaveField("Desc", appmodel.AuthHTTPBasic))))
				reply := dmSelect(sim, dmKind(simulator.KindChallengeReply))
				Expect(reply).To(HaveLen(1))
				Expect(reply[0].Detail).To(Equal("answered with a credential"))

				// One more round trip with credentials, then 4 MB at 2 MB/s.
				Expect(dmCompletedAt(sim, dmSession, 1)).To(Equal(22 * time.Second))
				resp := dmSelect(sim, dmKind(simulator.KindTransferResponse))
				Expect(resp).To(HaveLen(1))
				Expect(resp[0].Code).To(Equal(200))
				Expect(rec.of("DidFinishDownloading")).To(ConsistOf(HaveField("FileSize", int64(4_000_000))))
				Expect(rec.of("DidCompleteWithError")).To(ConsistOf(And(HaveField("Err", BeNil()), HaveField("Status", 200))))
				Expect(sim.Files().Exists("/Documents/secret")).To(BeTrue())
				// The challenge's wake ended once its events were handled; the
				// completion needs a second wake, which the rate limiter puts
				// 60 s after the first (R-R1), in the order of R-D2.
				wakes = dmSelect(sim, dmKind(simulator.KindRelaunch))
				Expect(wakes).To(HaveLen(2))
				Expect(wakes[1].At).To(Equal(70 * time.Second))
				Expect(dmStory(sim, 70*time.Second)).To(Equal([]string{
					"wake", "→background", "HandleEventsForBackgroundURL",
					"DidFinishDownloading#1", "DidCompleteWithError#1", "DidFinishEventsForBackgroundSession",
					"handler(main)", "snapshot", "→suspended",
				}))
				Expect(sim.Violations()).To(BeEmpty())
			})

			It("R-S5: PerformDefaultHandling ends the task with the server's HTTP 401 response", func() {
				sim := dmNew(far)
				rec := dmInstall(sim, dmOpts{Answer: appmodel.PerformDefaultHandling, Downloads: []dmDownload{{URL: dmAuth, Desc: "secret"}}})
				dmBackgroundKilled(sim)
				dmUntil(sim, 5*time.Minute)

				Expect(rec.of("DidReceiveChallenge")).To(HaveLen(1))
				reply := dmSelect(sim, dmKind(simulator.KindChallengeReply))
				Expect(reply).To(HaveLen(1))
				Expect(reply[0].Detail).To(Equal("default handling: no credential"))
				resp := dmSelect(sim, dmKind(simulator.KindTransferResponse))
				Expect(resp).To(HaveLen(1))
				Expect(resp[0].Code).To(Equal(401))
				Expect(dmCompletedAt(sim, dmSession, 1)).To(Equal(10 * time.Second))
				Expect(rec.of("DidCompleteWithError")).To(ConsistOf(And(HaveField("Err", BeNil()), HaveField("Status", 401))))
				Expect(sim.Violations()).To(BeEmpty())
				// The 401 arrives while the app is still up for the challenge:
				// delivered in the same wake, and DidFinishEvents comes after
				// the last event (R-D2, R-D3).
				Expect(dmSelect(sim, dmKind(simulator.KindRelaunch))).To(HaveLen(1))
				Expect(dmStory(sim, 10*time.Second)).To(Equal([]string{
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
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{DoubleSession: true, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
			dmAt(sim, 0, sim.Launch)
			dmUntil(sim, 30*time.Second)

			Expect(dmViolations(sim, simulator.RuleI1)).To(HaveLen(1))
			logs := dmSelect(sim, func(e simulator.Event) bool {
				return e.Kind == simulator.KindLog && e.Rule == simulator.RuleI1
			})
			Expect(logs).To(HaveLen(1))
			Expect(logs[0].Detail).To(Equal("A background URLSession with identifier " + dmSession + " already exists!"))
			Expect(dmSelect(sim, dmKind(simulator.KindConnect))).To(HaveLen(1), "the second object does not connect")

			Expect(rec.of("DidWriteData")).NotTo(BeEmpty())
			Expect(rec.of("DidFinishDownloading")).To(HaveLen(1))
			Expect(rec.of("DidCompleteWithError")).To(HaveLen(1))
			for _, r := range rec.recs {
				Expect(r.Delegate).To(Equal("app1/first"), "%s went to %s", r.What, r.Delegate)
			}
		})
	})

	Describe("R-E3: a force-quit", func() {
		It("R-E3: cancels with -999 reason userForceQuit, never relaunches, and delivers at the next user launch with resume data", func() {
			sim := dmNew(simulator.Config{})
			rec := dmInstall(sim, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}, {URL: dmPlain, Desc: "plain"}}})
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, 3*time.Second, sim.ForceQuit)
			dmUntil(sim, time.Hour)

			done := dmSelect(sim, dmKind(simulator.KindTaskComplete))
			Expect(done).To(HaveLen(2))
			for _, e := range done {
				Expect(e.At).To(Equal(3 * time.Second))
				Expect(e.Code).To(Equal(int(appmodel.ErrCancelled)))
				Expect(e.Reason).To(Equal("userForceQuit"))
				Expect(e.Rule).To(Equal(simulator.RuleE3))
			}
			Expect(dmSelect(sim, dmCallback("WillTerminate"))).To(HaveLen(1), "R-L7 (v2): the app was running when swiped away")
			Expect(dmSelect(sim, dmKind(simulator.KindRelaunch))).To(BeEmpty(), "no relaunch after a force-quit")
			Expect(sim.Processes()).To(Equal(1))
			Expect(rec.of("DidCompleteWithError")).To(BeEmpty())

			dmAt(sim, time.Hour, sim.Launch)
			dmUntil(sim, time.Hour+time.Minute)
			Expect(dmSelect(sim, dmCallback("HandleEventsForBackgroundURL"))).To(BeEmpty())
			got := rec.of("DidCompleteWithError")
			Expect(got).To(HaveLen(2))
			for _, r := range got {
				Expect(r.Instance).To(Equal(2))
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
			sim := dmNew(simulator.Config{})
			dmInstall(sim, twoSessions)
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, 10*time.Millisecond, func() error { return sim.Crash("boom") })
			dmUntil(sim, 3*time.Minute)

			first := dmCompletedAt(sim, dmSession, 1)
			second := dmCompletedAt(sim, dmSession2, 1)
			Expect(first).To(Equal(4*time.Second + 50*time.Millisecond))
			Expect(second).To(Equal(12*time.Second + 50*time.Millisecond))
			wakes := dmSelect(sim, dmKind(simulator.KindRelaunch))
			Expect(wakes).To(HaveLen(2))
			Expect(wakes[0].At).To(Equal(first))
			Expect(wakes[0].Session).To(Equal(dmSession))
			deferred := dmSelect(sim, dmKind(simulator.KindRelaunchDeferred))
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
			sim := dmNew(simulator.Config{RelaunchDelayInitial: 20 * time.Second})
			dmInstall(sim, twoSessions)
			dmAt(sim, 0, sim.Launch)
			dmAt(sim, 10*time.Millisecond, func() error { return sim.Crash("boom") })
			dmUntil(sim, 3*time.Minute)

			wakes := dmSelect(sim, dmKind(simulator.KindRelaunch))
			Expect(wakes).To(HaveLen(2))
			Expect(dmSelect(sim, dmKind(simulator.KindRelaunchDeferred))).To(HaveLen(1))
			Expect(wakes[1].At).To(Equal(wakes[0].At + 20*time.Second))
		})
	})
})
