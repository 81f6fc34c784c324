package bench_test

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// BenchmarkWalkthrough runs the seed walkthrough end to end: the download
// starts in the foreground, the user goes home, the app is suspended and
// killed for memory, the daemon finishes, relaunches the app into the
// background and delivers the events, the app calls the completion
// handler, and the user comes back.
func BenchmarkWalkthrough(b *testing.B) {
	b.ReportAllocs()
	events := 0
	for b.Loop() {
		sim, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{})
		if err != nil {
			b.Fatal(err)
		}
		events = sim.TraceLen()
	}
	b.ReportMetric(float64(events), "events/op")
}

// BenchmarkWalkthroughParts splits the walkthrough's cost: making the
// simulation and its app with nothing run (setup), the whole run keeping
// no trace (keep=none: what the simulation itself costs), a running hash
// (keep=hash) and every event (keep=all, as BenchmarkWalkthrough). The
// differences between the cells are the trace's share.
func BenchmarkWalkthroughParts(b *testing.B) {
	b.Run("setup", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := scenarios.RunRefApp(simulator.Config{}, "setup", appmodel.RefOptions{}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, c := range []struct {
		name string
		keep simulator.TraceKeep
	}{{"keep=none", simulator.KeepNone}, {"keep=hash", simulator.KeepHash}, {"keep=all", simulator.KeepAll}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := scenarios.Walkthrough(simulator.Config{TraceKeep: c.keep}, appmodel.RefOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWalkthroughReused is BenchmarkWalkthrough on one simulation
// reset for every run (simulator.Sim.Reset, scenarios.RunRefAppOn), as
// exploration plays its seeds: what making a new Sim costs a run is the
// difference.
func BenchmarkWalkthroughReused(b *testing.B) {
	b.ReportAllocs()
	sim, events := new(simulator.Sim), 0
	for b.Loop() {
		if _, err := scenarios.RunRefAppOn(sim, simulator.Config{}, "seed-walkthrough", appmodel.RefOptions{}, scenarios.WalkthroughScript); err != nil {
			b.Fatal(err)
		}
		events = sim.TraceLen()
	}
	b.ReportMetric(float64(events), "events/op")
}
