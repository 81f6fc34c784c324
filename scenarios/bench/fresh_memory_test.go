package bench_test

import (
	"runtime"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// BenchmarkFreshMemory is the yardstick of BenchmarkWalkthrough's memory:
// it allocates what one walkthrough on a new Sim allocates, drops it as
// the benchmark drops its Sim, and does nothing else. Its time is what the
// Go runtime charges for that memory on the machine of the run
// (allocating, clearing, the collector's cycles, the cache misses of
// memory not touched since the last cycle), so that BenchmarkWalkthrough
// minus BenchmarkWalkthroughReused can be read against it in the same run.
//
// The price has two parts, and the two cells tell them apart: as-run
// makes as many objects as the walkthrough, as many bytes in all, of one
// size and holding pointers; one-object makes the same bytes in one
// object. Their difference is what the walkthrough's number of objects
// costs beyond its bytes (docs/performance.md gives both, and why a new
// Sim is made in few objects).
func BenchmarkFreshMemory(b *testing.B) {
	bytes, objects := walkthroughAllocation(b)
	for _, c := range []struct {
		name    string
		objects int
	}{{"as-run", int(objects)}, {"one-object", 1}} {
		b.Run(c.name, func(b *testing.B) {
			words := int(bytes) / c.objects / 8
			held := make([][]*int, c.objects)
			b.ReportAllocs()
			for b.Loop() {
				for i := range held {
					held[i] = make([]*int, words)
				}
			}
			b.ReportMetric(float64(bytes), "walkthrough-B")
			b.ReportMetric(float64(objects), "walkthrough-objects")
		})
	}
}

// walkthroughAllocation measures the bytes and objects one walkthrough on
// a new Sim allocates, after a few runs that warm what is made once per
// process.
func walkthroughAllocation(b *testing.B) (bytes, objects uint64) {
	var before, after runtime.MemStats
	for range 3 {
		runtime.ReadMemStats(&before)
		if _, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{}); err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&after)
	}
	bytes, objects = after.TotalAlloc-before.TotalAlloc, after.Mallocs-before.Mallocs
	if objects == 0 || bytes < 8*objects {
		b.Fatalf("a walkthrough allocated %d bytes in %d objects: nothing to measure against", bytes, objects)
	}
	return bytes, objects
}
