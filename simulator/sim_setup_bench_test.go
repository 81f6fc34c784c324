package simulator_test

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// BenchmarkNew is what a run costs before its first event: a Sim alone.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink(simulator.New(simulator.Config{Scenario: "x"}))
	}
}

// BenchmarkSetup is a walkthrough's setup without its events: a Sim, the
// two resources the reference app fetches and posts to, and the app
// installed (what scenarios.RunRefApp does before it runs a script).
func BenchmarkSetup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := simulator.New(simulator.Config{Scenario: "x"})
		if err := s.Network().AddResource(appmodel.RefImageURL, fakes.Resource{
			Size: 30_000_000, ETag: `"monkey-v1"`, AcceptRanges: true,
		}); err != nil {
			b.Fatal(err)
		}
		if err := s.Network().AddResource(appmodel.RefUploadURL, fakes.Resource{Size: 200}); err != nil {
			b.Fatal(err)
		}
		s.Install(appmodel.NewRefApp(appmodel.RefOptions{}))
		sink(s)
	}
}

// setupSink keeps the benchmarks' Sims reachable, so that the compiler
// cannot drop the work of making them.
var setupSink *simulator.Sim

func sink(s *simulator.Sim) { setupSink = s }
