package explore

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/bgsim/bgsim/scenarios"
)

// byTime orders in place as a stable sort by time would: each action
// once, those at the same time in the order drawn.
func TestByTimeIsAStableSortInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 500 {
		n := rng.IntN(40)
		acts := make([]action, n)
		for i := range acts {
			acts[i] = action{step: scenarios.Step{At: at(time.Duration(rng.IntN(6)) * time.Second), Note: string(rune('A' + i))}}
		}
		want := slices.Clone(acts)
		slices.SortStableFunc(want, func(a, b action) int { return int(a.at() - b.at()) })
		byTime(acts)
		for i := range acts {
			if acts[i].at() != want[i].at() || acts[i].step.Note != want[i].step.Note {
				t.Fatalf("round %d: position %d holds %s at %s, want %s at %s", round, i,
					acts[i].step.Note, acts[i].at(), want[i].step.Note, want[i].at())
			}
		}
	}
}
