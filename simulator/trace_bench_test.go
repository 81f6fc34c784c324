package simulator_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// recordWalkthrough runs the walkthrough, recording what its trace sink
// receives.
func recordWalkthrough(tb testing.TB) (*simulator.Sim, *simulator.TraceRecording) {
	sim := simulator.New(simulator.Config{Scenario: "seed-walkthrough"})
	rec := simulator.RecordTrace(sim)
	if err := sim.Network().AddResource(appmodel.RefImageURL, fakes.Resource{
		Size: scenarios.RefImageSize, ETag: `"monkey-v1"`, AcceptRanges: true,
	}); err != nil {
		tb.Fatal(err)
	}
	if err := sim.Network().AddResource(appmodel.RefUploadURL, fakes.Resource{Size: 200}); err != nil {
		tb.Fatal(err)
	}
	sim.Install(appmodel.NewRefApp(appmodel.RefOptions{}))
	if err := scenarios.RunScript(sim, scenarios.WalkthroughScript, 5*time.Second); err != nil {
		tb.Fatal(err)
	}
	return sim, rec
}

// BenchmarkTraceReplay feeds the walkthrough's events, as the run hands
// them over (with KeepAll, its lines, transitions and delegate callbacks
// to the store's typed paths: TraceRecording.Replay), to a fresh sink of
// each mode: what the trace costs a short run (the sink's setup, storing
// or hashing every event, and, for KeepAll, nothing read back). KeepNone
// is the floor: counting.
func BenchmarkTraceReplay(b *testing.B) {
	_, rec := recordWalkthrough(b)
	for _, keep := range []simulator.TraceKeep{simulator.KeepAll, simulator.KeepHash, simulator.KeepNone} {
		b.Run(fmt.Sprintf("keep=%s", keep), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec.Replay(keep)
			}
			b.ReportMetric(float64(rec.Len()), "events/op")
		})
	}
}

// BenchmarkWalkthroughKeep runs the whole walkthrough under each mode:
// KeepAll less KeepNone is what the trace costs it.
func BenchmarkWalkthroughKeep(b *testing.B) {
	for _, keep := range []simulator.TraceKeep{simulator.KeepAll, simulator.KeepHash, simulator.KeepNone} {
		b.Run(fmt.Sprintf("keep=%s", keep), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := scenarios.Walkthrough(simulator.Config{TraceKeep: keep}, appmodel.RefOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestTraceReplayMatchesTheRun(t *testing.T) {
	sim, rec := recordWalkthrough(t)
	if got, want := rec.Replay(simulator.KeepAll).Hash(), sim.TraceHash(); got != want {
		t.Fatalf("replayed KeepAll hash %#x, the run's %#x", got, want)
	}
	if got, want := rec.Replay(simulator.KeepHash).Hash(), sim.TraceHash(); got != want {
		t.Fatalf("replayed KeepHash hash %#x, the run's %#x", got, want)
	}
	got, want := rec.Replay(simulator.KeepAll).Events(), sim.Trace()
	if len(got) != len(want) {
		t.Fatalf("replayed %d events, the run %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("event %d replayed as %+v, the run's %+v", i+1, got[i], want[i])
		}
	}
}

// TestTraceReplayStoresAsTheRun: replayed, the walkthrough's events are
// stored as the run stores them unobserved (BenchmarkWalkthrough), the
// typed ones through their typed paths, in its one block: through add,
// which asks for more room, the last ones would go to a second block.
// (The bytes may differ: a string the table's cache loses, at an address
// of the run's, is kept again under another id.) TestTraceReplayMatchesTheRun
// reads the events back.
func TestTraceReplayStoresAsTheRun(t *testing.T) {
	_, rec := recordWalkthrough(t) // observed: its own store takes every event through add
	sim, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, got := simulator.TraceBlocks(sim), rec.Replay(simulator.KeepAll).Blocks()
	if len(got) != len(want) {
		t.Fatalf("replayed, the store holds %d blocks, the run's %d", len(got), len(want))
	}
}

// TestWalkthroughTraceFitsTheStoresFirstBlock: the store's first block,
// part of the store's own allocation, holds the walkthrough's whole trace
// as the run stores it (BenchmarkWalkthrough), most events typed, each
// asking for the room its own fields can take; and as the catalog's
// walkthrough stores it (bgsim run walkthrough), whose expectations
// observe every event, so that every event goes through add, which near a
// block's end asks for the room of its own fields too (storeBound). A
// second block would cost a short run 4 KB more.
func TestWalkthroughTraceFitsTheStoresFirstBlock(t *testing.T) {
	sim, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(simulator.TraceBlocks(sim)); n != 1 {
		t.Fatalf("the walkthrough's trace takes %d blocks, want 1", n)
	}
	sc, ok := scenarios.Lookup("walkthrough")
	if !ok {
		t.Fatal("no walkthrough in the catalog")
	}
	res := sc.Run(scenarios.Options{})
	if res.Sim == nil || res.Sim.TraceLen() != sim.TraceLen() {
		t.Fatalf("the catalog's walkthrough ran %v; want the %d events of the seed's", res.Sim, sim.TraceLen())
	}
	if n := len(simulator.TraceBlocks(res.Sim)); n != 1 {
		t.Fatalf("the catalog's walkthrough's trace takes %d blocks, want 1", n)
	}
}
