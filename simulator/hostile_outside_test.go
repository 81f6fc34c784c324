package simulator_test

import (
	"math"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// hViolations is sim's violations whose detail contains what.
func hViolations(sim *simulator.Sim, what string) []simulator.Violation {
	var out []simulator.Violation
	for _, v := range sim.Violations() {
		if strings.Contains(v.Detail, what) {
			out = append(out, v)
		}
	}
	return out
}

const hURL = "https://files.example.com/big.bin"

// hTransferApp starts one download of hURL at launch and keeps what the
// test wants to misuse later.
type hTransferApp struct {
	hApp
	del     hDelegate
	task    appmodel.Task
	session appmodel.Session
}

func hTransferSim(cfg simulator.Config, res fakes.Resource) (*simulator.Sim, *hTransferApp) {
	GinkgoHelper()
	a := &hTransferApp{}
	a.launch = func(app appmodel.App) {
		a.session = app.NewSession(appmodel.BackgroundSessionConfig("h"), &a.del)
		a.task = a.session.DownloadTask(appmodel.Request{URL: hURL})
		a.task.Resume()
	}
	sim := simulator.New(cfg)
	Expect(sim.Network().AddResource(hURL, res)).To(Succeed())
	sim.Install(func() appmodel.AppDelegate { return a })
	return sim, a
}

var _ = Describe("hostile app models: durations and watchdogs", func() {
	It("defect 6: Work(math.MaxInt64) is reported and does not freeze virtual time", func() {
		sim := hTwice(func() *simulator.Sim {
			sim := hNew(simulator.Config{}, &hApp{launch: func(app appmodel.App) {
				app.DispatchBackground(func() { app.Work(math.MaxInt64, func() {}) })
			}})
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.RunFor(time.Minute)).To(Succeed())
			Expect(sim.Home()).To(Succeed())
			Expect(sim.RunFor(time.Minute)).To(Succeed())
			return sim
		})
		Expect(hViolations(sim, "Work(")).To(HaveLen(1))
		Expect(hTerminations(sim)).To(BeEmpty(), "an empty DidEnterBackground is not killed")
		Expect(sim.State()).To(Equal(appmodel.Suspended))
		Expect(sim.Elapsed()).To(Equal(2 * time.Minute))
	})

	It("defect 6: Work with a negative duration is reported, not silently 0", func() {
		sim := hNew(simulator.Config{}, &hApp{launch: func(app appmodel.App) { app.Work(-time.Hour, func() { app.Log("after") }) }})
		Expect(sim.Launch()).To(Succeed())
		Expect(hViolations(sim, "Work(-1h0m0s")).To(HaveLen(1))
		Expect(hKinds(sim, simulator.KindLog)).To(HaveLen(1))
	})

	It("defect 6: an After past the end of virtual time never fires and does not move the clock", func() {
		fired := false
		sim := hNew(simulator.Config{}, &hApp{launch: func(app appmodel.App) {
			app.After(math.MaxInt64, func() { fired = true })
			app.After(-time.Hour, func() { app.Log("negative delay: at once, as an NSTimer") })
		}})
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.RunUntilIdle()).To(Succeed())
		Expect(fired).To(BeFalse())
		Expect(sim.Elapsed()).To(BeNumerically("<", time.Hour))
		Expect(hKinds(sim, simulator.KindLog)).To(HaveLen(1))
	})

	It("defect 6: RunFor past the end of virtual time is an error, not a saturated clock", func() {
		sim := hNew(simulator.Config{}, &hApp{})
		Expect(sim.RunFor(math.MaxInt64)).To(MatchError(simulator.ErrTimeHorizon))
		Expect(sim.Elapsed()).To(BeZero())
	})

	It("defect 10: a launch that keeps the main thread past LaunchWatchdog is killed by the watchdog (8badf00d)", func() {
		sim := hTwice(func() *simulator.Sim {
			sim := hNew(simulator.Config{}, &hApp{launch: func(app appmodel.App) { app.Work(200*365*24*time.Hour, func() {}) }})
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.RunFor(time.Hour)).To(Succeed())
			return sim
		})
		ends := hTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].At).To(Equal(simulator.DefaultLaunchWatchdog))
		Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
		vs := hViolations(sim, "FinishedLaunching")
		Expect(vs).To(HaveLen(1))
		Expect(vs[0].Rule).To(Equal(simulator.RuleL2))
		Expect(vs[0].Detail).To(ContainSubstring("8badf00d"))
		Expect(hSelect(sim, hCallback(simulator.CbOnActivated))).To(BeEmpty())
	})

	It("defect 10: a scene transition that keeps the main thread past SceneWatchdog is killed; a slow but shorter one is not", func() {
		slow := func(d time.Duration) *simulator.Sim {
			sim := hNew(simulator.Config{}, &hApp{
				launch:    func(app appmodel.App) { app.Work(19*time.Second, func() {}) },
				activated: func(app appmodel.App) { app.Work(d, func() {}) },
			})
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.RunFor(time.Hour)).To(Succeed())
			return sim
		}
		sim := slow(9 * time.Second)
		Expect(hTerminations(sim)).To(BeEmpty())
		Expect(sim.State()).To(Equal(appmodel.Active))

		sim = slow(time.Hour)
		Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
		Expect(hTerminations(sim)[0].At).To(Equal(19*time.Second + simulator.DefaultSceneWatchdog))
		Expect(hViolations(sim, "OnActivated")).To(HaveLen(1))
	})
})

var _ = Describe("hostile app models: calls from outside the simulation", func() {
	It("defect 7: a completion handler called from a goroutine is refused and reported, whatever the timing", func() {
		story := func() *simulator.Sim {
			sim, a := hTransferSim(simulator.Config{}, fakes.Resource{Size: 20_000_000})
			a.events = func(app appmodel.App, id string, handler func()) {
				var wg sync.WaitGroup
				wg.Add(1)
				go func() { defer wg.Done(); handler(); app.Log("from a goroutine") }()
				wg.Wait()
			}
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.RunFor(time.Second)).To(Succeed())
			Expect(sim.Home()).To(Succeed())
			Expect(sim.RunFor(time.Hour)).To(Succeed())
			return sim
		}
		sim := hTwice(story)
		vs := hViolations(sim, "another goroutine")
		Expect(vs).To(HaveLen(2))
		Expect(vs[0].Detail).To(ContainSubstring("completion handler"))
		Expect(vs[1].Detail).To(ContainSubstring("Log"))
		Expect(hKinds(sim, simulator.KindHandlerCall)).To(BeEmpty(), "the call had no effect")
		Expect(sim.Violations()).To(ContainElement(HaveField("Rule", simulator.RuleD4)), "so the handler was never called")
	})

	It("defect 7: calls from a goroutine the app does not wait for change nothing, and -race stays quiet", func() {
		var wg sync.WaitGroup
		story := func() *simulator.Sim {
			sim := hNew(simulator.Config{}, &hApp{launch: func(app appmodel.App) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 50 {
						app.Log("noise")
						app.InvokeOnMainThread(func() { app.Log("queued from a goroutine") })
						_ = app.State()
						_ = app.IsMainThread()
						app.Defaults().SetString("k", "v")
					}
				}()
			}})
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.RunFor(time.Minute)).To(Succeed())
			wg.Wait()
			Expect(sim.RunFor(time.Minute)).To(Succeed()) // reports what arrived after the last check
			return sim
		}
		a, b := story(), story()
		for _, sim := range []*simulator.Sim{a, b} {
			Expect(hKinds(sim, simulator.KindLog)).To(BeEmpty())
			Expect(sim.Defaults().String("k")).To(BeEmpty())
			Expect(hViolations(sim, "another goroutine")).NotTo(BeEmpty())
		}
		strip := func(sim *simulator.Sim) []simulator.Event {
			var out []simulator.Event
			for _, e := range sim.Trace() {
				if e.Kind != simulator.KindViolation {
					e.Seq = 0
					out = append(out, e)
				}
			}
			return out
		}
		Expect(strip(b)).To(Equal(strip(a)), "the goroutine's timing changes nothing but where its violations show")
	})

	It("defect 8: a kept Task of a dead process cannot hold the daemon's transfer", func() {
		sim, a := hTransferSim(simulator.Config{}, fakes.Resource{Size: 20_000_000})
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.RunFor(time.Second)).To(Succeed())
		Expect(sim.MemoryPressureKill()).To(Succeed())
		a.task.SetEarliestBeginDate(sim.Now().Add(24 * time.Hour))
		Expect(hViolations(sim, "SetEarliestBeginDate")).To(HaveLen(1))
		Expect(hViolations(sim, "SetEarliestBeginDate")[0].Rule).To(Equal(simulator.RuleL6))
		Expect(sim.RunFor(time.Hour)).To(Succeed())
		Expect(hKinds(sim, simulator.KindTaskComplete)).To(HaveLen(1), "the transfer went on")
		Expect(hKinds(sim, simulator.KindTaskComplete)[0].At).To(BeNumerically("<", time.Hour))
	})

	It("defect 8: a kept challenge reply is not honoured after the process died", func() {
		sim, a := hTransferSim(simulator.Config{}, fakes.Resource{Size: 1000, Challenge: "Basic"})
		var reply func(appmodel.Disposition, *appmodel.Credential)
		a.del.challenge = func(_ appmodel.Session, _ appmodel.Task, _ appmodel.Challenge, r func(appmodel.Disposition, *appmodel.Credential)) {
			reply = r
		}
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.RunFor(5 * time.Second)).To(Succeed())
		Expect(reply).NotTo(BeNil())
		Expect(sim.MemoryPressureKill()).To(Succeed())
		reply(appmodel.UseCredential, &appmodel.Credential{User: "u", Password: "p"})
		Expect(hKinds(sim, simulator.KindChallengeReply)).To(BeEmpty())
		Expect(hViolations(sim, "challenge")).To(HaveLen(1))
	})

	It("defect 8: a dead App's Files and Defaults write nothing, and say so", func() {
		h := &hApp{}
		sim := hNew(simulator.Config{}, h)
		Expect(sim.Launch()).To(Succeed())
		app := h.app
		Expect(sim.MemoryPressureKill()).To(Succeed())
		Expect(app.Files().Write("/Documents/x", fakes.Segment{From: 0, To: 10, Source: "x"})).To(HaveOccurred())
		app.Defaults().SetString("k", "v")
		Expect(sim.Files().Exists("/Documents/x")).To(BeFalse())
		Expect(sim.Defaults().String("k")).To(BeEmpty())
		Expect(hViolations(sim, "Files().Write")).To(HaveLen(1))
		Expect(hViolations(sim, "Defaults().SetString")).To(HaveLen(1))
	})
})
