package simulator_test

import (
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// BenchmarkDaemonDownload is the daemon's and the network's part of a
// walkthrough-like run: one background download started in the
// foreground (progress reports), the app sent home, suspended and killed
// for memory, the daemon finishing the download and launching the app
// into the background to deliver it (reconnect, events, completion
// handler). Its yardstick, run alongside, is the same life of the app
// with no session and no download: the difference between the two
// ("download" less "app-only") is what the sessions, the tasks, the
// network and their callbacks cost. Nothing is kept of the trace.
//
//	go test -run '^$' -bench DaemonDownload -benchtime 20000x -benchmem ./simulator
func BenchmarkDaemonDownload(b *testing.B) {
	run := func(b *testing.B, app func(*bnWorld) appmodel.AppDelegate, check func(*testing.B, *bnWorld)) {
		b.ReportAllocs()
		for b.Loop() {
			w := newBnWorld(1)
			sim := simulator.New(simulator.Config{Scenario: "bench-daemon", TraceKeep: simulator.KeepNone,
				Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 50 * time.Millisecond}})
			if err := sim.Network().AddResource(w.urls[0], fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true}); err != nil {
				b.Fatal(err)
			}
			sim.Install(func() appmodel.AppDelegate { return app(w) })
			for _, step := range []func() error{
				sim.Launch, func() error { return sim.RunFor(4 * time.Second) },
				sim.Home, func() error { return sim.RunFor(8 * time.Second) },
				sim.MemoryPressureKill, func() error { return sim.RunFor(time.Minute) },
			} {
				if err := step(); err != nil {
					b.Fatal(err)
				}
			}
			check(b, w)
		}
	}
	b.Run("download", func(b *testing.B) {
		run(b, func(w *bnWorld) appmodel.AppDelegate { return &bnApp{w: w} }, func(b *testing.B, w *bnWorld) {
			if w.completed != 1 || w.failed != 0 || !w.handlerDone {
				b.Fatalf("completed %d, failed %d, handler called %t; want 1, 0, true", w.completed, w.failed, w.handlerDone)
			}
		})
	})
	b.Run("app-only", func(b *testing.B) {
		run(b, func(*bnWorld) appmodel.AppDelegate { return &appmodel.AppDelegateBase{} }, func(*testing.B, *bnWorld) {})
	})
}
