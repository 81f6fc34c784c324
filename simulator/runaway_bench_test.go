package simulator_test

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Runaway models: each keeps the simulation busy forever until the event
// budget or the trace limit stops it.

// recreator re-creates a failing task from DidCompleteWithError.
type recreator struct {
	appmodel.AppDelegateBase
	appmodel.SessionDelegateBase
}

func (r *recreator) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	s := app.NewSession(appmodel.BackgroundSessionConfig("runaway"), r)
	s.DownloadTask(appmodel.Request{URL: "https://nowhere.example/missing"}).Resume()
}

func (r *recreator) DidCompleteWithError(s appmodel.Session, _ appmodel.Task, _ *appmodel.URLError) {
	s.DownloadTask(appmodel.Request{URL: "https://nowhere.example/missing"}).Resume()
}

// logLooper only logs, from a timer that re-arms itself at once.
type logLooper struct{ appmodel.AppDelegateBase }

func (logLooper) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	var tick func()
	n := 0
	tick = func() { n++; app.Log("tick %d", n); app.After(0, tick) }
	tick()
}

// BenchmarkRunawayMemory runs each runaway model until the budget stops
// it and reports the peak heap during the run (sampled every 5 ms of real
// time) and the heap the stopped simulation still holds (after a GC).
//
//	go test ./simulator -run '^$' -bench RunawayMemory -benchtime 1x
func BenchmarkRunawayMemory(b *testing.B) {
	models := []struct {
		name string
		app  func() appmodel.AppDelegate
	}{
		{"recreate-failing-task", func() appmodel.AppDelegate { return &recreator{} }},
		{"log-loop", func() appmodel.AppDelegate { return logLooper{} }},
	}
	for _, m := range models {
		b.Run(m.name, func(b *testing.B) {
			for range b.N {
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				stop := make(chan struct{})
				var peak uint64
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					t := time.NewTicker(5 * time.Millisecond)
					defer t.Stop()
					var ms runtime.MemStats
					for {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc)
						select {
						case <-stop:
							return
						case <-t.C:
						}
					}
				}()
				sim := simulator.New(simulator.Config{})
				sim.Install(m.app)
				_ = sim.Launch()
				err := sim.RunUntilIdle()
				close(stop)
				wg.Wait()
				runtime.GC()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(peak-min(peak, base.HeapAlloc))/1e6, "peak-MB")
				b.ReportMetric(float64(after.HeapAlloc-min(after.HeapAlloc, base.HeapAlloc))/1e6, "held-MB")
				b.ReportMetric(float64(len(sim.Trace())), "events")
				if err == nil {
					b.Fatal("the runaway was not stopped")
				}
				runtime.KeepAlive(sim)
			}
		})
	}
}
