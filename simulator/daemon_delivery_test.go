package simulator_test

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// Delivery of the queued events and the completion handler: R-D3, R-D4,
// R-D6; and the reference app's mistakes (the M list) with their fixes.
var _ = Describe("delivery of background-session events", func() {
	const done = 10*time.Second + 50*time.Millisecond // dmBig alone at 2 MB/s

	// relaunched runs the story every spec here shares: one download of
	// dmBig, the app killed in the background, relaunched at 10.05 s.
	relaunched := func(cfg simulator.Config, o dmOpts, until time.Duration) *simtest.Env {
		GinkgoHelper()
		one := o.Downloads == nil
		if one {
			o.Downloads = []dmDownload{{URL: dmBig, Desc: "alpha"}}
		}
		env := simtest.New(GinkgoTB(), dmWorld(cfg, o)...)
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.At(time.Second, sim.Home)
		env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
		env.RunTo(until)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).NotTo(BeEmpty())
		if one {
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})[0].At).To(Equal(done))
		}
		return env
	}

	Describe("R-D3: DidFinishEventsForBackgroundSession", func() {
		It("R-D3: runs on the delegate queue, after the last event", func() {
			env := relaunched(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}, {URL: dmSmall, Desc: "beta"}}}, time.Minute)
			sim := env.Sim()

			fin := env.Events(simulator.Pattern{Callback: simulator.CbDidFinishEventsForBackgroundSession})
			Expect(fin).To(HaveLen(1))
			Expect(fin[0].Queue).To(Equal(simulator.QueueDelegate))
			Expect(fin[0].Session).To(Equal(dmSession))
			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindSessionCallback}) {
				if e.Seq != fin[0].Seq {
					Expect(e.Seq).To(BeNumerically("<", fin[0].Seq), "%s came after DidFinishEvents", e.Callback)
				}
			}
			h := env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})
			Expect(h).To(HaveLen(1))
			Expect(h[0].Seq).To(BeNumerically(">", fin[0].Seq))
			Expect(sim.Violations()).To(BeEmpty())
		})

		It("R-D3: a completion handler called off the main thread is a violation", func() {
			env := relaunched(simulator.Config{}, dmOpts{Handler: dmHandlerOffMain}, time.Minute)
			sim := env.Sim()

			h := env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})
			Expect(h).To(HaveLen(1))
			Expect(h[0].Queue).To(Equal(simulator.QueueDelegate))
			v := env.ViolationsOf(simulator.RuleD3)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("not the main thread"))
			Expect(sim.Violations()).To(HaveLen(1))
		})
	})

	Describe("R-D4: the completion handler", func() {
		It("R-D4: called on the main thread after DidFinishEvents: the system takes the snapshot, then suspends the app", func() {
			env := relaunched(simulator.Config{}, dmOpts{}, time.Minute)
			sim := env.Sim()

			Expect(env.Story(done, simulator.Pattern{})).To(Equal([]string{
				"wake", "launch(url-session)", "→background", "FinishedLaunching(url-session)", "connect",
				"HandleEventsForBackgroundURL", "DidFinishDownloading#1", "DidCompleteWithError#1",
				"DidFinishEventsForBackgroundSession", "handler(main)", "snapshot", "→suspended",
			}))
			snap := env.Events(simulator.Pattern{Kind: simulator.KindSnapshot})
			Expect(snap).To(HaveLen(1))
			Expect(snap[0]).To(And(HaveField("At", done), HaveField("Process", 2), HaveField("Session", dmSession)))
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			Expect(sim.Violations()).To(BeEmpty())
		})

		DescribeTable("R-D4: never called: a violation after CompletionHandlerBudget, then the app is suspended",
			func(budget, want time.Duration) {
				env := relaunched(simulator.Config{CompletionHandlerBudget: budget}, dmOpts{Handler: dmHandlerNever}, 2*time.Minute)
				sim := env.Sim()

				v := env.ViolationsOf(simulator.RuleD4)
				Expect(v).To(HaveLen(1))
				Expect(v[0].At).To(Equal(done + want))
				Expect(v[0].Detail).To(ContainSubstring("never called within " + want.String()))
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindSnapshot})).To(BeEmpty())
				susp := env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended", Process: 2})
				Expect(susp).To(HaveLen(1))
				Expect(susp[0].At).To(Equal(done + want))
				Expect(sim.State()).To(Equal(appmodel.Suspended))
				// The events were delivered: nothing stays queued.
				Expect(env.Events(simulator.Pattern{Rule: simulator.RuleI6})).To(BeEmpty())
			},
			Entry("the default budget, 30 s", time.Duration(0), simulator.DefaultCompletionHandlerBudget),
			Entry("a custom budget, 10 s", 10*time.Second, 10*time.Second),
		)

		It("R-D4: called twice is a violation", func() {
			env := relaunched(simulator.Config{}, dmOpts{Handler: dmHandlerTwice}, time.Minute)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(2))
			v := env.ViolationsOf(simulator.RuleD4)
			Expect(v).To(HaveLen(1))
			Expect(v[0].Detail).To(ContainSubstring("called 2 times"))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindSnapshot})).To(HaveLen(1))
			// Both calls run in one block of main-queue code: the app is
			// suspended only once that code has returned (R-L5).
			Expect(env.Story(done, simulator.Pattern{})[8:]).To(Equal([]string{
				"DidFinishEventsForBackgroundSession", "handler(main)", "snapshot", "handler(main)", "violation(R-D4)", "→suspended",
			}))
		})

		It("R-D4: called before DidFinishEvents is a violation; the next wake still delivers only after its HandleEventsForBackgroundURL", func() {
			env := relaunched(simulator.Config{}, dmOpts{Handler: dmHandlerEarly}, done+90*time.Second)
			sim := env.Sim()

			v := env.ViolationsOf(simulator.RuleD4)
			Expect(v).NotTo(BeEmpty())
			Expect(v[0].At).To(Equal(done))
			Expect(v[0].Detail).To(ContainSubstring("before DidFinishEventsForBackgroundSession: 2 events not yet delivered"))
			h := env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})
			Expect(h).NotTo(BeEmpty())
			Expect(h[0]).To(And(HaveField("Queue", simulator.QueueMain), HaveField("At", done)))
			for _, e := range env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading}) {
				Expect(e.At).NotTo(Equal(done), "the app told iOS it was done before any event came")
			}
			// The app was suspended with its events undelivered: the next
			// wake, a resume (R-I4), delivers nothing before its
			// HandleEventsForBackgroundURL, as every wake (R-D2); this app
			// calls the handler early again, so nothing at all.
			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(2))
			Expect(wakes[1].At).To(Equal(done + simulator.DefaultRelaunchDelayInitial))
			Expect(env.Story(wakes[1].At, simulator.Pattern{})[:6]).To(Equal([]string{
				"wake", "→background", "HandleEventsForBackgroundURL", "handler(main)", "violation(R-D4)", "snapshot",
			}))
			Expect(env.Story(done, simulator.Pattern{Kind: simulator.KindSessionCallback})).To(BeEmpty())
			Expect(sim.Sessions()[0].QueuedEvents).To(Equal(2))
		})
	})

	Describe("R-D6: the downloaded file", func() {
		It("R-D6: exists while DidFinishDownloading runs and is deleted when it returns", func() {
			env := relaunched(simulator.Config{}, dmOpts{File: dmFileIgnore}, time.Minute)
			sim := env.Sim()

			got := env.CallsOf(simulator.CbDidFinishDownloading)
			Expect(got).To(HaveLen(1))
			Expect(got[0].FileExisted).To(BeTrue())
			Expect(got[0].FileSize).To(Equal(int64(20_000_000)))
			loc := got[0].Location
			Expect(loc).To(HavePrefix("/tmp/CFNetworkDownload_"))

			files := env.Events(simulator.Pattern{Kind: simulator.KindFile})
			Expect(files).To(HaveLen(2))
			Expect(files[0].Detail).To(Equal("downloaded file written to " + loc))
			Expect(files[1].Detail).To(HavePrefix("deleted " + loc))
			Expect(files[1].Rule).To(Equal(simulator.RuleD6))
			finish := env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})[0]
			complete := env.Events(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})[0]
			Expect(files[1].Seq).To(BeNumerically(">", finish.Seq))
			Expect(files[1].Seq).To(BeNumerically("<", complete.Seq), "deleted as soon as the method returned")
			Expect(sim.Files().Exists(loc)).To(BeFalse())
		})

		It("R-D6: an app that reads the file after returning gets fs.ErrNotExist", func() {
			env := relaunched(simulator.Config{}, dmOpts{File: dmFileReadLater}, time.Minute)
			sim := env.Sim()

			Expect(env.Instances()).To(Equal(2))
			Expect(env.Model(1).(*dmApp).reads).To(BeEmpty())
			reads := env.Model(2).(*dmApp).reads
			Expect(reads).To(HaveLen(1))
			Expect(errors.Is(reads[0].Err, fs.ErrNotExist)).To(BeTrue(), "%v", reads[0].Err)
			Expect(sim.Files().List("/")).To(BeEmpty())
		})

		It("R-D6: an app that moves the file keeps every byte, even of a download resumed after a lost connection", func() {
			env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
			sim := env.Sim()
			Expect(sim.Network().InjectFault(dmBig, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 5_000_000})).To(Succeed())
			env.At(0, sim.Launch)
			env.At(time.Second, sim.Home)
			env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
			env.RunTo(2 * time.Minute)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferRetry})).To(HaveLen(1))
			starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(starts).To(HaveLen(2))
			Expect(starts[1].Bytes).To(Equal(int64(5_000_000)), "resumed where it stopped (R-G1)")
			Expect(env.CallsOf(simulator.CbDidFinishDownloading)).To(HaveLen(1))
			f, err := sim.Files().Stat("/Documents/alpha")
			Expect(err).NotTo(HaveOccurred())
			Expect(f.Size).To(Equal(int64(20_000_000)))
			Expect(simtest.Covers(f.Segments, 20_000_000)).To(Succeed())
			for _, s := range f.Segments {
				Expect(s.Source).To(Equal(dmBig + `#"big-1"`))
			}
			for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindFile}) {
				Expect(e.Detail).NotTo(HavePrefix("deleted"))
			}
		})
	})
})

// The reference app (appmodel.NewRefApp) with each mistake of the M list
// switched on, and off.
var _ = Describe("the reference app's mistakes", func() {
	const relaunchAt = 15*time.Second + 50*time.Millisecond // 30 MB at 2 MB/s + 50 ms

	// refRun runs the seed walkthrough's script with the reference app:
	// launch (it starts the download), home at 4 s, killed at 12 s, opened
	// again at 90 s. It stops early if the app is not there for a step.
	refRun := func(o appmodel.RefOptions) *simtest.Env {
		GinkgoHelper()
		env := simtest.New(GinkgoTB(), simtest.WithPower(simulator.DefaultPower), simtest.WithApp(appmodel.NewRefApp(o)),
			simtest.WithResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000, ETag: `"monkey-v1"`, AcceptRanges: true}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		for _, st := range []struct {
			at  time.Duration
			act func() error
		}{{4 * time.Second, sim.Home}, {12 * time.Second, sim.MemoryPressureKill}} {
			env.RunTo(st.at)
			if !sim.State().Alive() {
				return env // it crashed: nothing to leave or kill
			}
			Expect(st.act()).To(Succeed())
		}
		env.At(90*time.Second, sim.Launch)
		env.RunTo(95 * time.Second)
		return env
	}
	image := func(env *simtest.Env) bool { return env.Sim().Files().Exists(appmodel.RefImagePath) }
	logged := func(env *simtest.Env, text string) bool {
		return env.Count(simulator.Pattern{Kind: simulator.KindLog, Detail: text}) > 0
	}
	// deleted are the files the daemon deleted unread (R-D6).
	deleted := func(env *simtest.Env) []simulator.Event {
		var out []simulator.Event
		for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindFile}) {
			if strings.HasPrefix(e.Detail, "deleted") {
				out = append(out, e)
			}
		}
		return out
	}
	fixed := func(env *simtest.Env) {
		GinkgoHelper()
		sim := env.Sim()
		Expect(sim.Violations()).To(BeEmpty())
		Expect(image(env)).To(BeTrue())
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindSnapshot})).To(HaveLen(1))
	}

	It("M4 ForgetCompletionHandler (R-D4): a violation after CompletionHandlerBudget; fixed: the snapshot and no violation", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{ForgetCompletionHandler: true}})
		v := env.ViolationsOf(simulator.RuleD4)
		Expect(v).To(HaveLen(1))
		Expect(v[0].At).To(Equal(relaunchAt + simulator.DefaultCompletionHandlerBudget))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindSnapshot})).To(BeEmpty())

		fixed(refRun(appmodel.RefOptions{}))
	})

	It("M4 CallHandlerOffMain (R-D3): a violation for the handler on the delegate queue; fixed: called on main", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{CallHandlerOffMain: true}})
		Expect(env.ViolationsOf(simulator.RuleD3)).To(HaveLen(1))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(ConsistOf(HaveField("Queue", simulator.QueueDelegate)))

		env = refRun(appmodel.RefOptions{})
		fixed(env)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(ConsistOf(HaveField("Queue", simulator.QueueMain)))
	})

	It("M4 CallHandlerEarly (R-D4): a violation, and iOS snapshots the app before it handled its events; fixed: the snapshot after DidFinishEvents", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{CallHandlerEarly: true}})
		v := env.ViolationsOf(simulator.RuleD4)
		Expect(v).To(HaveLen(1))
		Expect(v[0].At).To(Equal(relaunchAt))
		Expect(v[0].Detail).To(ContainSubstring("before DidFinishEventsForBackgroundSession: 1 event not yet delivered"))
		snap := env.Events(simulator.Pattern{Kind: simulator.KindSnapshot})
		Expect(snap).To(HaveLen(1))
		complete := env.Events(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})
		Expect(complete).To(HaveLen(1))
		Expect(snap[0].Seq).To(BeNumerically("<", complete[0].Seq), "the snapshot came before the app dealt with every event")

		env = refRun(appmodel.RefOptions{})
		fixed(env)
		fin := env.Events(simulator.Pattern{Callback: simulator.CbDidFinishEventsForBackgroundSession})
		Expect(fin).To(HaveLen(1))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindSnapshot})[0].Seq).To(BeNumerically(">", fin[0].Seq))
	})

	It("M4 CallHandlerTwice (R-D4): a violation for the second call; fixed: one call", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{CallHandlerTwice: true}})
		v := env.ViolationsOf(simulator.RuleD4)
		Expect(v).To(HaveLen(1))
		Expect(v[0].Detail).To(ContainSubstring("called 2 times"))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(2))

		env = refRun(appmodel.RefOptions{})
		fixed(env)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(1))
	})

	It("M3 WrongIdentifierOnRelaunch (R-I3, R-I6): the events stay queued, the handler is never called, no image; fixed: the image", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{WrongIdentifierOnRelaunch: true}})
		sim := env.Sim()
		Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})).To(BeEmpty())
		Expect(env.ViolationsOf(simulator.RuleD4)).NotTo(BeEmpty())
		Expect(env.Events(simulator.Pattern{Rule: simulator.RuleI6})).NotTo(BeEmpty())
		Expect(image(env)).To(BeFalse())
		var queued int
		for _, si := range sim.Sessions() {
			if si.Identifier == appmodel.RefSessionIdentifier {
				queued = si.QueuedEvents
			}
		}
		Expect(queued).To(Equal(2))

		fixed(refRun(appmodel.RefOptions{}))
	})

	It("M5 ReadFileAfterReturn (R-D6): the read fails, the file is gone, no image; fixed: the image", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{ReadFileAfterReturn: true}})
		sim := env.Sim()
		Expect(logged(env, "could not read the download")).To(BeTrue())
		Expect(deleted(env)).To(HaveLen(1))
		Expect(image(env)).To(BeFalse())
		Expect(sim.Files().List("/")).To(BeEmpty())

		env = refRun(appmodel.RefOptions{})
		sim = env.Sim()
		fixed(env)
		f, err := sim.Files().Stat(appmodel.RefImagePath)
		Expect(err).NotTo(HaveOccurred())
		Expect(simtest.Covers(f.Segments, 30_000_000)).To(Succeed())
	})

	It("M11 UIOffMainThread (R-D5): the UI update off the main thread is a violation that terminates the app; fixed: progress through the main thread", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{UIOffMainThread: true}})
		v := env.ViolationsOf(simulator.RuleD5)
		Expect(v).To(HaveLen(1))
		Expect(v[0].At).To(Equal(time.Second), "at the first progress report")
		term := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(term).To(HaveLen(1))
		Expect(term[0].Reason).To(Equal(string(simulator.TermCrash)))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindUI})).To(ContainElement(HaveField("Queue", simulator.QueueDelegate)))

		env = refRun(appmodel.RefOptions{})
		fixed(env)
		ui := env.Events(simulator.Pattern{Kind: simulator.KindUI})
		Expect(ui).NotTo(BeEmpty())
		for _, e := range ui {
			Expect(e.Queue).To(Equal(simulator.QueueMain))
		}
	})

	It("M7 NewSessionPerRequest (R-I1): a second session with the same identifier is a violation; fixed: one session", func() {
		env := refRun(appmodel.RefOptions{Images: 2, Mistakes: appmodel.Mistakes{NewSessionPerRequest: true}})
		sim := env.Sim()
		Expect(env.ViolationsOf(simulator.RuleI1)).To(HaveLen(1))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindLog, Detail: "already exists!"})).To(HaveLen(1))

		env = refRun(appmodel.RefOptions{Images: 2})
		sim = env.Sim()
		Expect(sim.Violations()).To(BeEmpty())
		Expect(sim.Files().Exists(appmodel.RefImagePath)).To(BeTrue())
		Expect(sim.Files().Exists("/Documents/monkey-2.png")).To(BeTrue())
	})

	It("M2 CompletionHandlerTask (R-S2): the app crashes and no task is made; fixed: a delegate task", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{CompletionHandlerTask: true}})
		Expect(env.ViolationsOf(simulator.RuleS2)).To(HaveLen(1))
		term := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(term).To(HaveLen(1))
		Expect(term[0].Reason).To(Equal(string(simulator.TermCrash)))
		Expect(term[0].At).To(BeZero())
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskCreate})).To(BeEmpty())

		env = refRun(appmodel.RefOptions{})
		fixed(env)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskCreate})).To(HaveLen(1))
	})

	It("M3 MemoryOnlyState (R-L6, R-I3): the relaunched app cannot match the task, the file is dropped; fixed: matched by TaskDescription", func() {
		env := refRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{MemoryOnlyState: true}})
		Expect(logged(env, "matches no download I know of")).To(BeTrue())
		Expect(deleted(env)).To(HaveLen(1))
		Expect(image(env)).To(BeFalse())

		env = refRun(appmodel.RefOptions{})
		fixed(env)
		Expect(logged(env, "moved the download to "+appmodel.RefImagePath)).To(BeTrue())
	})
})
