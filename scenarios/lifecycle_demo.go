package scenarios

import (
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// LifecycleScript is the lifecycle demo's script: launch, home, grace and
// suspension, return, home again, a memory-pressure kill of the suspended
// app, and a cold launch of a fresh instance.
var LifecycleScript = []ScriptStep{
	{At: 0, Name: "the user launches the app", Do: Launch},
	{At: 10 * time.Second, Name: "the user goes to the home screen", Do: Home},
	{At: 30 * time.Second, Name: "the user returns to the app", Do: Launch},
	{At: 40 * time.Second, Name: "the user goes to the home screen again", Do: Home},
	{At: 2 * time.Minute, Name: "iOS reclaims the suspended app's memory", Do: MemoryPressureKill},
	{At: 3 * time.Minute, Name: "the user launches the app again", Do: Launch},
}

// LifecycleDemo runs the lifecycle demo with the counter app; with persist
// the app keeps its count in Defaults and the last launch shows it.
func LifecycleDemo(cfg simulator.Config, persist bool) (*simulator.Sim, error) {
	if cfg.Scenario == "" {
		cfg.Scenario = "lifecycle-demo"
	}
	sim := simulator.New(cfg)
	sim.Install(appmodel.NewCounterApp(persist))
	return sim, RunScript(sim, LifecycleScript, time.Second)
}
