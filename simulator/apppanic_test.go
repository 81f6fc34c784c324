package simulator_test

// Specs of Config.AppPanics: a panic in the app model is a crash in the
// trace either way; under PanicsFail the Run call also returns an
// *AppPanicError naming the app's file:line. Unexported names start with
// ap so as not to clash with other spec files.

import (
	"errors"
	"path/filepath"
	"runtime"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

const apURL = "https://files.example.com/ap/manifest.json"

// apPhoto is per-task state the delegate looks up; the spec leaves it
// missing to provoke a nil dereference, as a user's app would.
type apPhoto struct{ name string }

// apDelegate is a session delegate whose DidCompleteWithError runs hook.
type apDelegate struct {
	appmodel.SessionDelegateBase
	hook func()
}

func (d *apDelegate) DidCompleteWithError(appmodel.Session, appmodel.Task, *appmodel.URLError) {
	d.hook()
}

// apApp downloads apURL at launch, or panics in FinishedLaunching when
// launchPanic is set.
type apApp struct {
	appmodel.AppDelegateBase
	launchPanic func()
	complete    func()
}

func (a *apApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	if a.launchPanic != nil {
		a.launchPanic()
	}
	s := app.NewSession(appmodel.BackgroundSessionConfig("ap.session"), &apDelegate{hook: a.complete})
	s.DownloadTask(appmodel.Request{URL: apURL}).Resume()
}

// apWorkApp asks for a second of Work at launch, and then runs then on the
// main queue.
type apWorkApp struct {
	appmodel.AppDelegateBase
	then func()
}

func (a *apWorkApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	app.Work(time.Second, a.then)
}

// apNew is a simulation of apApp under policy; the download takes about a
// second.
func apNew(policy simulator.AppPanicPolicy, app func() *apApp) *simulator.Sim {
	GinkgoHelper()
	sim := simulator.New(simulator.Config{AppPanics: policy})
	Expect(sim.Network().AddResource(apURL, fakes.Resource{Size: 1_000_000})).To(Succeed())
	sim.Install(func() appmodel.AppDelegate { return app() })
	return sim
}

// apHere is the file and line of its caller's next line.
func apHere() (string, int) {
	_, file, line, _ := runtime.Caller(1)
	return file, line + 1
}

// apCrashes are the crash events of the trace.
func apCrashes(sim *simulator.Sim) []simulator.Event {
	return simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindCrash})
}

var _ = Describe("Config.AppPanics", func() {
	var (
		file string
		line int
	)
	// nilDeref dereferences a missing per-task record, as the user's
	// DidCompleteWithError did; file and line name the dereference.
	nilDeref := func() {
		var photos map[int]*apPhoto
		file, line = apHere()
		_ = photos[1].name
	}

	It("is PanicsReport unless set: the crash is in the trace, with the app's line, and the run goes on (R-E5)", func() {
		Expect(simulator.Config{}.AppPanics).To(Equal(simulator.PanicsReport))
		Expect(simulator.New(simulator.Config{}).Config().AppPanics).To(Equal(simulator.PanicsReport))
		sim := apNew(simulator.PanicsReport, func() *apApp { return &apApp{complete: nilDeref} })
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.RunFor(time.Minute)).To(Succeed(), "under report the run does not fail")
		Expect(sim.Elapsed()).To(Equal(time.Minute), "the run went on to its end")
		crashes := apCrashes(sim)
		Expect(crashes).To(HaveLen(1))
		Expect(crashes[0].Detail).To(ContainSubstring("nil pointer dereference"))
		Expect(crashes[0].Where).To(HaveSuffix("(apppanic_test.go:%d)", line))
		Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
		Expect(simulator.PanicsReport.String()).To(Equal("report"))
	})

	Describe("PanicsFail", func() {
		It("makes the Run call return an *AppPanicError with the value, the app's file:line and stack, and still traces the crash", func() {
			sim := apNew(simulator.PanicsFail, func() *apApp { return &apApp{complete: nilDeref} })
			Expect(sim.Launch()).To(Succeed())
			err := sim.RunFor(time.Minute)
			Expect(err).To(HaveOccurred())

			var pe *simulator.AppPanicError
			Expect(errors.As(err, &pe)).To(BeTrue(), "%v", err)
			Expect(pe.File).To(Equal(file))
			Expect(pe.Line).To(Equal(line))
			Expect(pe.Func).To(ContainSubstring("simulator_test."))
			Expect(pe.Process).To(Equal(1))
			Expect(pe.At).To(BeNumerically(">", 0))
			Expect(pe.Others).To(BeZero())
			var rte runtime.Error
			Expect(errors.As(err, &rte)).To(BeTrue(), "the runtime error is unwrapped")
			Expect(err.Error()).To(ContainSubstring("nil pointer dereference"))
			Expect(err.Error()).To(ContainSubstring("process 1"))
			Expect(err.Error()).To(MatchRegexp(`at T\+00:0\d\.\d{3}`))
			Expect(err.Error()).To(ContainSubstring("%s:%d", filepath.Base(file), line))
			Expect(pe.Stack).To(ContainSubstring("apppanic_test.go"))
			Expect(pe.Stack).NotTo(ContainSubstring("bgsim/simulator.("), "bgsim's frames are left out")
			Expect(pe.Stack).NotTo(ContainSubstring("runtime."), "the runtime's frames are left out")

			Expect(apCrashes(sim)).To(HaveLen(1), "the crash is in the trace as under report")
			Expect(sim.Elapsed()).To(Equal(time.Minute), "the simulation went on as iOS would")
			Expect(sim.RunFor(time.Minute)).To(Succeed(), "a panic is returned once")
			Expect(simulator.PanicsFail.String()).To(Equal("fail"))
		})

		It("makes the action during which the app panicked return it: Launch, with a panic in FinishedLaunching", func() {
			var pfile string
			var pline int
			sim := apNew(simulator.PanicsFail, func() *apApp {
				return &apApp{launchPanic: func() {
					pfile, pline = apHere()
					panic("no configuration")
				}}
			})
			err := sim.Launch()
			var pe *simulator.AppPanicError
			Expect(errors.As(err, &pe)).To(BeTrue(), "%v", err)
			Expect(pe.Value).To(Equal("no configuration"))
			Expect(pe.File).To(Equal(pfile))
			Expect(pe.Line).To(Equal(pline))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
		})

		It("counts the later panics of the same run, and joins a time limit with the panic", func() {
			sim := apNew(simulator.PanicsFail, func() *apApp { return &apApp{complete: nilDeref} })
			Expect(sim.Launch()).To(Succeed())
			sim.Schedule(10*time.Second, func() { _ = sim.Launch() }) // a second process, a second download
			err := sim.RunUntil(func(*simulator.Sim) bool { return false }, time.Minute)
			var pe *simulator.AppPanicError
			Expect(errors.As(err, &pe)).To(BeTrue(), "%v", err)
			Expect(pe.Process).To(Equal(1))
			Expect(pe.Others).To(Equal(1), "the second process panicked too")
			Expect(errors.Is(err, simulator.ErrRunLimit)).To(BeTrue(), "the time limit is reported as well: %v", err)
			Expect(apCrashes(sim)).To(HaveLen(2))
		})

		It("returns a panic of the code that follows a Work, with its file:line, and traces the crash", func() {
			sim := simulator.New(simulator.Config{AppPanics: simulator.PanicsFail})
			sim.Install(func() appmodel.AppDelegate { return &apWorkApp{then: nilDeref} })
			Expect(sim.Launch()).To(Succeed(), "FinishedLaunching returns; its Work goes on")
			err := sim.RunFor(time.Minute)
			var pe *simulator.AppPanicError
			Expect(errors.As(err, &pe)).To(BeTrue(), "%v", err)
			Expect(pe.File).To(Equal(file))
			Expect(pe.Line).To(Equal(line))
			Expect(pe.At).To(Equal(time.Second), "the Work took its second first")
			Expect(pe.Stack).To(ContainSubstring("apppanic_test.go"))
			crashes := apCrashes(sim)
			Expect(crashes).To(HaveLen(1))
			Expect(crashes[0].Where).To(HaveSuffix("(apppanic_test.go:%d)", line))
			Expect(sim.LastTermination()).To(Equal(simulator.TermCrash))
			Expect(sim.Elapsed()).To(Equal(time.Minute), "the simulation went on as iOS would")
		})

		It("returns a panic during Step from the next call that returns an error", func() {
			sim := apNew(simulator.PanicsFail, func() *apApp { return &apApp{complete: nilDeref} })
			Expect(sim.Launch()).To(Succeed())
			for len(apCrashes(sim)) == 0 && sim.Step() {
			}
			Expect(apCrashes(sim)).To(HaveLen(1))
			var pe *simulator.AppPanicError
			Expect(errors.As(sim.RunFor(time.Second), &pe)).To(BeTrue())
		})
	})
})
