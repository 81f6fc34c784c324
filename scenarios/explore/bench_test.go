package explore_test

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// benchExplore explores b.N seeds of the catalog's walkthrough and reports
// seeds per second of wall time, properties checked (no failure shrinks:
// the reference app breaks nothing).
func benchExplore(b *testing.B, troubles []explore.Trouble, workers int) {
	s, ok := scenarios.Lookup("walkthrough")
	if !ok {
		b.Fatal("no walkthrough in the catalog")
	}
	b.ReportAllocs()
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{
		Seeds: explore.Seeds{First: 1, Last: uint64(b.N)}, Troubles: troubles, Workers: workers})
	if err != nil {
		b.Fatal(err)
	}
	if rep.Runs != b.N || len(rep.Failures) > 0 {
		b.Fatalf("%d runs, %d failures: %+v", rep.Runs, len(rep.Failures), rep.Failures)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "seeds/s")
}

// BenchmarkExploreFaults: the walkthrough with network faults only.
func BenchmarkExploreFaults(b *testing.B) {
	benchExplore(b, []explore.Trouble{explore.TroubleFaults}, 1)
}

// BenchmarkExploreAllTroubles: every kind of trouble on, one worker.
func BenchmarkExploreAllTroubles(b *testing.B) { benchExplore(b, explore.Troubles(), 1) }

// BenchmarkExploreAllTroubles2Workers: the same on two goroutines, to
// compare with two processes of one worker each (docs/exploration.md).
func BenchmarkExploreAllTroubles2Workers(b *testing.B) { benchExplore(b, explore.Troubles(), 2) }
