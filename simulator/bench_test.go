package simulator_test

import (
	"testing"

	"bgsim/appmodel"
	"bgsim/scenarios"
	"bgsim/simulator"
)

// BenchmarkWalkthrough runs the seed walkthrough end to end: the download
// in the foreground, home, suspension, the memory-pressure kill, the
// background relaunch with its events, and the user's return.
func BenchmarkWalkthrough(b *testing.B) {
	b.ReportAllocs()
	events := 0
	for b.Loop() {
		sim, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{})
		if err != nil {
			b.Fatal(err)
		}
		events = len(sim.Trace())
	}
	b.ReportMetric(float64(events), "events/op")
}
