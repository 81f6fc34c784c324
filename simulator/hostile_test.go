package simulator_test

import (
	"errors"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// The hostile-model suite: app models that misbehave in every way the
// simulator can observe. Each case must end reported (a violation, a crash,
// a watchdog kill or an error), bounded, and deterministic (two runs give
// the same trace bytes). Specs named "defect N" are the regression specs of
// the robustness issue's numbered defects.
var _ = Describe("hostile app models", func() {
	Describe("re-entrant lifecycle actions", func() {
		It("defect 2: MemoryPressureKill inside WillTerminate does not recurse", func() {
			sim := hTwice(func() *simulator.Sim {
				var inner error
				var sim *simulator.Sim
				sim = hNew(simulator.Config{}, &hApp{terminate: func(appmodel.App) { inner = sim.MemoryPressureKill() }})
				Expect(sim.Launch()).To(Succeed())
				Expect(sim.MemoryPressureKill()).To(Succeed())
				Expect(inner).To(MatchError(simulator.ErrInsideAppCode))
				Expect(inner.Error()).To(ContainSubstring("MemoryPressureKill"))
				Expect(inner.Error()).To(ContainSubstring("WillTerminate"))
				return sim
			})
			Expect(hTerminations(sim)).To(HaveLen(1))
			Expect(hSelect(sim, hCallback(simulator.CbWillTerminate))).To(HaveLen(1))
			Expect(sim.State()).To(Equal(appmodel.Terminated))
		})

		It("defect 3: a Crash or a kill inside WillTerminate does not terminate the process twice", func() {
			for _, act := range []string{"crash", "kill", "force-quit", "home"} {
				var sim *simulator.Sim
				var inner error
				sim = hNew(simulator.Config{}, &hApp{terminate: func(appmodel.App) {
					switch act {
					case "crash":
						inner = sim.Crash("from WillTerminate")
					case "kill":
						inner = sim.MemoryPressureKill()
					case "force-quit":
						inner = sim.ForceQuit()
					case "home":
						inner = sim.Home()
					}
				}})
				Expect(sim.Launch()).To(Succeed())
				Expect(sim.MemoryPressureKill()).To(Succeed())
				Expect(inner).To(MatchError(simulator.ErrInsideAppCode), act)
				ends := hTerminations(sim)
				Expect(ends).To(HaveLen(1), act)
				Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)), act)
			}
		})

		It("defect 3: a Launch inside WillTerminate runs nothing nested, and the user's launch afterwards works", func() {
			var sim *simulator.Sim
			var inner error
			sim = hNew(simulator.Config{}, &hApp{terminate: func(appmodel.App) { inner = sim.Launch() }})
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.MemoryPressureKill()).To(Succeed())
			Expect(inner).To(MatchError(simulator.ErrInsideAppCode))
			Expect(hSelect(sim, hCallback(simulator.CbWillEnterForeground))).To(BeEmpty())
			Expect(sim.State()).To(Equal(appmodel.Terminated))
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.State()).To(Equal(appmodel.Active))
			Expect(sim.Processes()).To(Equal(2))
		})

		It("refuses every lifecycle action from inside any callback, with the callback named", func() {
			var sim *simulator.Sim
			var errs []error
			act := func(appmodel.App) {
				errs = append(errs, sim.Launch(), sim.Home(), sim.ForceQuit(), sim.MemoryPressureKill(), sim.Crash("x"))
			}
			sim = hNew(simulator.Config{}, &hApp{launch: act, activated: act, resign: act, enterBG: act})
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.Home()).To(Succeed())
			Expect(errs).To(HaveLen(20))
			for _, err := range errs {
				Expect(err).To(MatchError(simulator.ErrInsideAppCode))
			}
			Expect(errs[0].Error()).To(ContainSubstring("FinishedLaunching"))
			Expect(hTerminations(sim)).To(BeEmpty())
			Expect(sim.State()).To(Equal(appmodel.Background))
		})
	})

	Describe("nil callbacks", func() {
		It("defect 9: a nil block crashes the app with the call and the app's own line named", func() {
			calls := map[string]func(appmodel.App){
				"Work":               func(a appmodel.App) { a.Work(hSec, nil) },
				"After":              func(a appmodel.App) { a.After(hSec, nil) },
				"InvokeOnMainThread": func(a appmodel.App) { a.InvokeOnMainThread(nil) },
				"DispatchBackground": func(a appmodel.App) { a.DispatchBackground(nil) },
				"GetAllTasks": func(a appmodel.App) {
					a.NewSession(appmodel.BackgroundSessionConfig("h"), &hDelegate{}).GetAllTasks(nil)
				},
				"CancelByProducingResumeData": func(a appmodel.App) {
					t := a.NewSession(appmodel.BackgroundSessionConfig("h"), &hDelegate{}).DownloadTask(appmodel.Request{URL: "https://h.example/f"})
					t.CancelByProducingResumeData(nil)
				},
			}
			for name, call := range calls {
				sim := hTwice(func() *simulator.Sim {
					sim := hNew(simulator.Config{}, &hApp{launch: call})
					Expect(sim.Launch()).To(Succeed())
					Expect(sim.RunFor(10 * hSec)).To(Succeed())
					return sim
				})
				crashes := hKinds(sim, simulator.KindCrash)
				Expect(crashes).To(HaveLen(1), name)
				Expect(crashes[0].Detail).To(HavePrefix(name+"("), name)
				Expect(crashes[0].Detail).To(ContainSubstring("nil)"), name)
				Expect(crashes[0].Where).To(ContainSubstring("hostile_test.go:"), name)
				Expect(hTerminations(sim)).To(HaveLen(1), name)
				Expect(sim.LastTermination()).To(Equal(simulator.TermCrash), name)
			}
		})

		It("defect 9: Schedule(d, nil) and RunUntil(nil, d) return errors", func() {
			sim := hNew(simulator.Config{}, &hApp{})
			Expect(func() { sim.Schedule(hSec, nil) }).NotTo(Panic())
			err := sim.RunFor(2 * hSec)
			Expect(err).To(MatchError(simulator.ErrNilFunc))
			Expect(err.Error()).To(ContainSubstring("Schedule(1s, nil)"))
			Expect(sim.RunFor(hSec)).To(Succeed(), "the error is reported once")
			Expect(sim.RunUntil(nil, hSec)).To(MatchError(simulator.ErrNilFunc))
		})
	})

	Describe("panic values", func() {
		It("defect 11: a pointer panic value leaves no address in the trace", func() {
			n := 42
			values := []any{&n, &struct{ P *int }{&n}, struct{ P *int }{&n}, func() {}, make(chan int), errors.New("plain error")}
			for _, v := range values {
				sim := hNew(simulator.Config{}, &hApp{launch: func(appmodel.App) { panic(v) }})
				Expect(sim.Launch()).To(Succeed())
				crashes := hKinds(sim, simulator.KindCrash)
				Expect(crashes).To(HaveLen(1))
				Expect(crashes[0].Detail).NotTo(MatchRegexp(`0x[0-9a-f]{6,}`), "%T", v)
				Expect(crashes[0].Detail).To(HavePrefix("panic: "))
			}
		})
	})

	Describe("configuration", func() {
		It("defect 5: Validate rejects impossible values, naming the field and the allowed range", func() {
			cases := map[string]simulator.Config{
				"ProgressInterval":            {ProgressInterval: -hSec},
				"BackgroundGrace":             {BackgroundGrace: -5 * hSec},
				"CompletionHandlerBudget":     {CompletionHandlerBudget: -5 * hSec},
				"BackgroundTaskBudget":        {BackgroundTaskBudget: -1},
				"BackgroundTaskExpiryWarning": {BackgroundTaskExpiryWarning: 40 * hSec},
				"RetryDelay":                  {RetryDelay: -1},
				"RelaunchDelayInitial":        {RelaunchDelayInitial: -1},
				"TempFileRetentionUnlaunched": {TempFileRetentionUnlaunched: -1},
				"ForegroundStartDelay":        {ForegroundStartDelay: -1},
				"UploadFromDataPolicy":        {UploadFromDataPolicy: 9},
				"UndeliveredOnKill":           {UndeliveredOnKill: -1},
				"DiscretionaryBattery":        {DiscretionaryBattery: 101},
				"EventBudget":                 {EventBudget: -1},
				"MaxTraceEvents":              {MaxTraceEvents: -1},
				"TraceLast":                   {TraceLast: -1},
				"AppPanics":                   {AppPanics: 9},
				"TraceKeep":                   {TraceKeep: -1},
				"LaunchWatchdog":              {LaunchWatchdog: -1},
				"SceneWatchdog":               {SceneWatchdog: -1},
				"MainThreadPolicy":            {MainThreadPolicy: 7},
				"DiscretionaryPower":          {DiscretionaryPower: -1},
				"Power.Battery":               {Power: simulator.Power{Battery: 300}},
			}
			for field, cfg := range cases {
				err := cfg.Validate()
				Expect(err).To(MatchError(simulator.ErrInvalidConfig), field)
				Expect(err.Error()).To(ContainSubstring("Config."+field), field)
				Expect(err.Error()).To(MatchRegexp(`must be|one of`), field)
				var ce *simulator.ConfigError
				Expect(errors.As(err, &ce)).To(BeTrue(), field)
				Expect(ce.Field).To(Equal(field), "a caller names the field by it (a scenario file's key)")

				_, err = simulator.NewChecked(cfg)
				Expect(err).To(MatchError(simulator.ErrInvalidConfig), field)

				sim := simulator.New(cfg)
				sim.Install(func() appmodel.AppDelegate { return &hApp{} })
				Expect(sim.Launch()).To(MatchError(simulator.ErrInvalidConfig), field)
				Expect(sim.RunFor(hSec)).To(MatchError(simulator.ErrInvalidConfig), field)
				Expect(sim.Trace()).To(BeEmpty(), field)
			}
			Expect(simulator.Config{}.Validate()).To(Succeed())
		})

		It("defect 5: a negative ProgressInterval no longer runs the simulator's own ticker in place", func() {
			sim := simulator.New(simulator.Config{ProgressInterval: -hSec})
			err := sim.RunFor(hSec)
			Expect(err).To(MatchError(simulator.ErrInvalidConfig))
			Expect(err.Error()).NotTo(ContainSubstring("budget"))
		})
	})
})

var _ = Describe("the run loop", func() {
	It("RunUntil stops as soon as the condition holds, not at the limit", func() {
		sim := hNew(simulator.Config{}, &hApp{})
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.Home()).To(Succeed())
		Expect(sim.RunUntil(func(s *simulator.Sim) bool { return s.State() == appmodel.Suspended }, time.Hour)).To(Succeed())
		Expect(sim.Elapsed()).To(Equal(simulator.DefaultBackgroundGrace))
	})
})
