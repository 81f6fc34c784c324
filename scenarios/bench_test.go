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
