package scenarios_test

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

// BenchmarkChaos runs (and checks) one chaos seed per op, cycling through
// the first thousand seeds: the cost of one seed of the chaos property.
func BenchmarkChaos(b *testing.B) {
	b.ReportAllocs()
	seed, events := uint64(0), 0
	for b.Loop() {
		seed = seed%1000 + 1
		sim, rep, err := scenarios.Chaos(seed, scenarios.AllChaos())
		if err != nil {
			b.Fatal(err)
		}
		if p := scenarios.CheckChaos(sim.Trace(), sim.Files(), rep); len(p) > 0 {
			b.Fatalf("seed %d: %v", seed, p)
		}
		events += sim.TraceLen()
	}
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}
