package scenarios

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// BuiltinScenario is a named scenario compiled into bgsim, runnable by name
// (for example from the CLI's `bgsim run NAME`): a file of the built-in
// catalog (Catalog), or one of the stories written in Go.
type BuiltinScenario struct {
	Name        string
	Description string // one line
	// Labels are the catalog file's labels.
	Labels []string
	// File is the catalog scenario it runs, nil for a story written in Go.
	File *Scenario
	// RefApp says whether the scenario runs the reference app, the only app
	// whose behaviour appmodel.Mistakes change.
	RefApp bool
	// Run runs the scenario. cfg.Scenario, if empty, becomes Name. Like
	// Walkthrough, it returns the simulation even on error, for its trace.
	Run func(cfg simulator.Config, mistakes appmodel.Mistakes) (*simulator.Sim, error)
}

var builtins = []BuiltinScenario{
	{
		Name:        "walkthrough",
		Description: "the seed walkthrough: a background download survives suspension and a kill; iOS relaunches the app to deliver it",
		RefApp:      true,
		Run: func(cfg simulator.Config, m appmodel.Mistakes) (*simulator.Sim, error) {
			if cfg.Scenario == "" {
				cfg.Scenario = "walkthrough"
			}
			return Walkthrough(cfg, appmodel.RefOptions{Mistakes: m})
		},
	},
	{
		Name:        "lifecycle",
		Description: "the app lifecycle alone: launch, home, suspension, return, a memory kill; a count kept only in memory is lost",
		Run:         lifecycle("lifecycle", false),
	},
	{
		Name:        "lifecycle-persist",
		Description: "the lifecycle demo with the count also saved in user defaults: the next process finds it",
		Run:         lifecycle("lifecycle-persist", true),
	},
}

func lifecycle(name string, persist bool) func(simulator.Config, appmodel.Mistakes) (*simulator.Sim, error) {
	return func(cfg simulator.Config, m appmodel.Mistakes) (*simulator.Sim, error) {
		if m != (appmodel.Mistakes{}) {
			return nil, fmt.Errorf("scenarios: %s runs the counter app; mistakes apply to the reference app only", name)
		}
		if cfg.Scenario == "" {
			cfg.Scenario = name
		}
		return LifecycleDemo(cfg, persist)
	}
}

// Builtins lists the built-in scenarios: the files of the built-in
// catalog, sorted by name. The stories written in Go (Walkthrough,
// LifecycleDemo, ForceQuitToTestRelaunch) are catalog files too, and run
// by name as files; GoStories lists the Go versions.
func Builtins() []BuiltinScenario {
	list, _ := Catalog()
	out := make([]BuiltinScenario, 0, len(list))
	for _, s := range list {
		out = append(out, s.Builtin())
	}
	return out
}

// GoStories lists the stories written in Go, the seeds of the catalog
// files with the same names.
func GoStories() []BuiltinScenario {
	return append(append([]BuiltinScenario(nil), builtins...), MistakeScenarios()...)
}

// LookupBuiltin returns the built-in scenario called name.
func LookupBuiltin(name string) (BuiltinScenario, bool) {
	for _, b := range Builtins() {
		if b.Name == name {
			return b, true
		}
	}
	return BuiltinScenario{}, false
}
