package explore

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
)

// A failing seed's file is one bgsim run takes: every set-power step the
// swarm draws has a battery the scenario format accepts, 1 to 100 (at 0
// the phone is off, which bgsim does not model, R-E6).
func TestSwarmPowerStepsAreValidSteps(t *testing.T) {
	walk, ok := scenarios.Lookup("walkthrough")
	if !ok {
		t.Fatal("no walkthrough")
	}
	tg := newTarget(walk)
	steps := 0
	for seed := uint64(1); seed <= 1000; seed++ {
		p := draw(seed, tg, []Trouble{TroublePower})
		if len(p.actions) == 0 {
			continue
		}
		for _, a := range p.actions {
			if b := a.step.Battery; b == nil || *b < 1 || *b > 100 {
				t.Fatalf("seed %d drew %s; its battery must be 1 to 100", seed, stepYAML(a.step))
			}
		}
		steps += len(p.actions)
		src, err := tg.write(seed, p, &broken{property: "none", message: "a test of the written file"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scenarios.Parse("seed.yaml", src); err != nil {
			t.Fatalf("seed %d: the written file is invalid: %v\n%s", seed, err, src)
		}
	}
	if steps < 500 {
		t.Fatalf("only %d set-power steps drawn over 1000 seeds: the test draws too few to mean anything", steps)
	}
}
