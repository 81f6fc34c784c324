package explore_test

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// benchExplore explores b.N seeds of the catalog's walkthrough and reports
// seeds per second of wall time, properties checked (no failure shrinks:
// the reference app breaks nothing).
func benchExplore(b *testing.B, troubles []explore.Trouble, workers int) {
	benchExploreWith(b, explore.Options{Troubles: troubles, Workers: workers})
}

// benchExploreWith is benchExplore with opts (their Seeds set to b.N seeds).
func benchExploreWith(b *testing.B, opts explore.Options) {
	s, ok := scenarios.Lookup("walkthrough")
	if !ok {
		b.Fatal("no walkthrough in the catalog")
	}
	b.ReportAllocs()
	opts.Seeds = explore.Seeds{First: 1, Last: uint64(b.N)}
	rep, err := explore.Run(explore.Target{Scenario: s}, opts)
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

// BenchmarkExploreAllTroublesWatched: BenchmarkExploreAllTroubles with the
// hang watchdog on, as the command line has it by default (--hang-timeout),
// to measure what watching costs per seed.
func BenchmarkExploreAllTroublesWatched(b *testing.B) {
	benchExploreWith(b, explore.Options{Troubles: explore.Troubles(), Workers: 1, HangLimit: hang.DefaultLimit})
}

// BenchmarkChaos runs (and checks) one chaos seed per op, cycling through
// the first thousand seeds: the cost of one seed of the chaos property.
func BenchmarkChaos(b *testing.B) { benchChaos(b, nil) }

// BenchmarkChaosReused is BenchmarkChaos with every seed on one
// simulation, reset from seed to seed (ChaosOn), as a worker running
// seeds one after another would.
func BenchmarkChaosReused(b *testing.B) { benchChaos(b, new(simulator.Sim)) }

// benchChaos runs the chaos seeds on reuse, reset for each, or each on a
// new simulation if reuse is nil.
func benchChaos(b *testing.B, reuse *simulator.Sim) {
	b.ReportAllocs()
	seed, events := uint64(0), 0
	for b.Loop() {
		seed = seed%1000 + 1
		sim, rep, err := explore.ChaosOn(reuse, seed, explore.AllChaos())
		if err != nil {
			b.Fatal(err)
		}
		if p := explore.CheckChaos(sim.Trace(), sim.Files(), rep); len(p) > 0 {
			b.Fatalf("seed %d: %v", seed, p)
		}
		events += sim.TraceLen()
	}
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

// benchShrink explores seed 18 of the walkthrough that must never resume,
// which a dropped connection breaks (TestShrinkingSimplifiesTheParameters):
// with shrinking, one op is the time to find, shrink (from 6 actions to
// one fault on a 2-byte image) and write the failure.
func benchShrink(b *testing.B, noShrink bool) {
	s, err := scenarios.Load("testdata/walkthrough-never-resumes.yaml")
	if err != nil {
		b.Fatal(err)
	}
	opts := explore.Options{Seeds: explore.Seeds{First: 18, Last: 18}, NoShrink: noShrink,
		Troubles: []explore.Trouble{explore.TroubleFaults, explore.TroubleKills, explore.TroublePower, explore.TroubleLink, explore.TroubleUser}}
	for b.Loop() {
		rep, err := explore.Run(explore.Target{Scenario: s}, opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Failures) != 1 || (!noShrink && rep.Failures[0].MinimalActions != 1) {
			b.Fatalf("seed 18: %+v", rep.Failures)
		}
	}
}

// BenchmarkShrinkWalkthroughFailure: a walkthrough failure found and
// shrunk (the bound: under 2 s).
func BenchmarkShrinkWalkthroughFailure(b *testing.B) { benchShrink(b, false) }

// BenchmarkShrinkWalkthroughFailureNoShrink: the same failure found and
// written as drawn: the yardstick of the one above.
func BenchmarkShrinkWalkthroughFailureNoShrink(b *testing.B) { benchShrink(b, true) }
