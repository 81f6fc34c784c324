package simulator_test

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// BenchmarkAppLog logs, per op, the seven lines the reference app logs in
// a walkthrough, from inside an app callback, through Log and through its
// typed forms (appmodel.TypedLogger). The trace keeps nothing, so what is
// measured is the app's call and the simulator's side of it.
func BenchmarkAppLog(b *testing.B) {
	reason := appmodel.LaunchURLSession
	viaLog := func(app appmodel.App) {
		app.Log("FinishedLaunching: launched for %s", appmodel.LaunchUser)
		app.Log("started download %d (task %d)", 1, 1)
		app.Log("FinishedLaunching: launched for %s", reason)
		app.Log("HandleEventsForBackgroundURL: keeping the completion handler for %s", appmodel.RefSessionIdentifier)
		app.Log("moved the download to %s", appmodel.RefImagePath)
		app.Log("task %d complete", 1)
		app.Log("loaded %d destination(s)", 1)
	}
	typed := func(app appmodel.App) {
		appmodel.LogString(app, "FinishedLaunching: launched for %s", appmodel.LaunchUser.String())
		appmodel.LogInts(app, "started download %d (task %d)", 1, 1)
		appmodel.LogString(app, "FinishedLaunching: launched for %s", reason.String())
		appmodel.LogString(app, "HandleEventsForBackgroundURL: keeping the completion handler for %s", appmodel.RefSessionIdentifier)
		appmodel.LogString(app, "moved the download to %s", appmodel.RefImagePath)
		appmodel.LogInt(app, "task %d complete", 1)
		appmodel.LogInt(app, "loaded %d destination(s)", 1)
	}
	for _, c := range []struct {
		name  string
		lines func(appmodel.App)
	}{{"Log", viaLog}, {"typed", typed}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			h := &hApp{launch: func(app appmodel.App) {
				for b.Loop() {
					c.lines(app)
				}
			}}
			sim := simulator.New(simulator.Config{TraceKeep: simulator.KeepNone})
			sim.Install(func() appmodel.AppDelegate { return h })
			if err := sim.Launch(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
