package simulator_test

import (
	"errors"
	"math"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// hCase is one hostile behaviour, installed into a transfer app.
type hCase func(a *hTransferApp, sim func() *simulator.Sim)

// hLimits keep every hostile story small.
var hLimits = simulator.Config{EventBudget: 20_000, MaxTraceEvents: 4000}

// hStory runs the same user story on a transfer app with one hostile
// behaviour: launch, start a download, go home, the download finishes in
// the background (a wake), return, a memory kill, a relaunch. It returns
// the simulation and the errors of its steps.
func hStory(c hCase) (*simulator.Sim, []error) {
	var sim *simulator.Sim
	sim, a := hTransferSim(hLimits, fakes.Resource{Size: 30_000_000})
	c(a, func() *simulator.Sim { return sim })
	var errs []error
	step := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	step(sim.Launch())
	step(sim.RunFor(2 * time.Second))
	step(sim.Home())
	step(sim.RunFor(time.Hour))
	step(sim.Launch())
	step(sim.RunFor(time.Minute))
	step(sim.MemoryPressureKill())
	step(sim.RunFor(time.Minute))
	step(sim.Launch())
	step(sim.RunFor(time.Minute))
	return sim, errs
}

// hReported reports whether sim's trace says something went wrong: a
// violation, a crash, a watchdog kill or a runaway stop.
func hReported(sim *simulator.Sim) bool {
	return len(sim.Violations()) > 0 || len(hKinds(sim, simulator.KindCrash)) > 0 || len(hRunawayStop(sim)) > 0
}

func hPanic(string) func(appmodel.App) { return func(appmodel.App) { panic("hostile") } }

var hCases = []TableEntry{
	// Panics in every callback.
	Entry("a panic in FinishedLaunching", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		launch := a.launch
		a.launch = func(app appmodel.App) { launch(app); panic("hostile") }
	})),
	Entry("a panic in OnActivated", hCase(func(a *hTransferApp, _ func() *simulator.Sim) { a.activated = hPanic("") })),
	Entry("a panic in OnResignActivation", hCase(func(a *hTransferApp, _ func() *simulator.Sim) { a.resign = hPanic("") })),
	Entry("a panic in DidEnterBackground", hCase(func(a *hTransferApp, _ func() *simulator.Sim) { a.enterBG = hPanic("") })),
	Entry("a panic in WillEnterForeground", hCase(func(a *hTransferApp, _ func() *simulator.Sim) { a.enterFG = hPanic("") })),
	Entry("a panic in WillTerminate", hCase(func(a *hTransferApp, _ func() *simulator.Sim) { a.terminate = hPanic("") })),
	Entry("a panic in HandleEventsForBackgroundURL", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.events = func(appmodel.App, string, func()) { panic("hostile") }
	})),
	Entry("a panic in DidWriteData", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.del.progress = func(appmodel.Session, appmodel.Task) { panic(errors.New("hostile")) }
	})),
	Entry("a panic in DidFinishDownloading", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.del.download = func(appmodel.Session, appmodel.Task, string) { panic(&struct{ n int }{1}) }
	})),
	Entry("a panic in DidCompleteWithError", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.del.complete = func(appmodel.Session, appmodel.Task, *appmodel.URLError) { panic(42) }
	})),
	Entry("a panic in DidFinishEventsForBackgroundSession", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.del.finished = func(appmodel.Session) { panic("hostile") }
	})),
	Entry("a panic in a block", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) { app.DispatchBackground(func() { panic("hostile") }) }
	})),

	// Self-scheduling loops of each kind.
	Entry("an After(0) loop", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) {
			var f func()
			f = func() { app.After(0, f) }
			f()
		}
	})),
	Entry("an InvokeOnMainThread loop", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) {
			var f func()
			f = func() { app.Log("again"); app.InvokeOnMainThread(f) }
			f()
		}
	})),
	Entry("a DispatchBackground loop", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) {
			var f func()
			f = func() { app.DispatchBackground(f) }
			f()
		}
	})),
	Entry("a Work(0) loop", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) {
			var f func()
			f = func() { app.Work(0, f) }
			f()
		}
	})),
	Entry("a GetAllTasks loop", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(appmodel.App) {
			var f func([]appmodel.Task)
			f = func([]appmodel.Task) { a.session.GetAllTasks(f) }
			a.session.GetAllTasks(f)
		}
	})),
	Entry("a task re-created from DidCompleteWithError", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.del.complete = func(s appmodel.Session, _ appmodel.Task, _ *appmodel.URLError) {
			s.DownloadTask(appmodel.Request{URL: "ftp://files.example.com/x"}).Resume()
		}
		launch := a.launch
		a.launch = func(app appmodel.App) {
			launch(app)
			a.session.DownloadTask(appmodel.Request{URL: "ftp://files.example.com/x"}).Resume()
		}
	})),
	Entry("a loop of logs inside one callback", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) {
			for range 100_000 {
				app.Log("spam")
			}
		}
	})),

	// Calls from outside the simulation.
	Entry("a completion handler from a goroutine", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.events = func(_ appmodel.App, _ string, handler func()) {
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); handler() }()
			wg.Wait()
		}
	})),
	Entry("a Task of an ended process", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		var old appmodel.Task
		a.enterFG = func(appmodel.App) {
			if old != nil {
				old.Cancel()
				old.SetEarliestBeginDate(time.Time{}.Add(math.MaxInt64))
			}
			old = a.task
		}
		a.resign = func(appmodel.App) { old = a.task }
	})),
	Entry("an App of an ended process", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		var old appmodel.App
		a.activated = func(app appmodel.App) {
			if old != nil && old != app {
				old.Log("ghost")
				old.Files().Write("/Documents/ghost", fakes.Segment{From: 0, To: 1, Source: "g"})
				old.Defaults().SetBool("ghost", true)
			}
			old = app
		}
	})),

	// Nil callbacks, absurd durations, re-entrant actions.
	Entry("nil blocks", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) { app.InvokeOnMainThread(nil) }
		a.enterFG = func(app appmodel.App) { app.After(time.Second, nil) }
	})),
	Entry("Work(math.MaxInt64) on the main thread at launch", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		launch := a.launch
		a.launch = func(app appmodel.App) { launch(app); app.Work(math.MaxInt64, func() {}) }
	})),
	Entry("Work(math.MinInt64) and After(math.MaxInt64)", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.activated = func(app appmodel.App) {
			app.Work(math.MinInt64, func() {})
			app.After(math.MaxInt64, func() { app.Log("never") })
		}
	})),
	Entry("Work for hours in DidEnterBackground", hCase(func(a *hTransferApp, _ func() *simulator.Sim) {
		a.enterBG = func(app appmodel.App) { app.Work(3*time.Hour, func() {}) }
	})),
	Entry("lifecycle actions from inside the callbacks", hCase(func(a *hTransferApp, sim func() *simulator.Sim) {
		act := func(appmodel.App) {
			s := sim()
			_ = s.Crash("from inside")
			_ = s.MemoryPressureKill()
			_ = s.Launch()
			_ = s.Home()
			_ = s.ForceQuit()
			_ = s.RunFor(time.Hour)
			_ = s.Step()
		}
		a.activated, a.enterBG, a.terminate = act, act, act
	})),
}

var _ = Describe("hostile app models: the suite", func() {
	DescribeTable("every hostile behaviour ends reported, bounded and deterministic",
		func(c hCase) {
			var errs []error
			sim := hTwice(func() *simulator.Sim {
				var sim *simulator.Sim
				Expect(func() { sim, errs = hStory(c) }).NotTo(Panic(), "nothing escapes the library")
				return sim
			})
			Expect(hReported(sim)).To(BeTrue(), "the misbehaviour is reported in the trace")
			Expect(len(sim.Trace())).To(BeNumerically("<=", hLimits.MaxTraceEvents+16), "the trace is bounded")
			for _, err := range errs {
				var refused *simulator.ActionError
				if errors.As(err, &refused) {
					continue // an action the app's state does not allow (it crashed, say)
				}
				Expect(err).To(Or(MatchError(fakes.ErrBudgetExhausted), MatchError(simulator.ErrTraceFull)),
					"only a runaway stop, or an action the state refuses")
			}
		},
		hCases,
	)
})
