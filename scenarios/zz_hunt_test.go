package scenarios_test

import (
	"os"
	"strconv"
	"testing"

	"bgsim/scenarios"
)

func TestZZHunt(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CHH"))
	acts, _ := strconv.Atoi(os.Getenv("CHA"))
	if n == 0 {
		t.Skip()
	}
	fails := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		o := scenarios.AllChaos()
		o.Actions = acts
		if seed%5 == 0 {
			o.Sessions = 2
		}
		sim, rep, err := scenarios.Chaos(seed, o)
		if err != nil {
			t.Errorf("seed %d: %v", seed, err)
			fails++
			continue
		}
		probs := scenarios.CheckChaos(sim.Trace(), sim.Files(), rep)
		if len(probs) > 0 {
			fails++
			if fails < 12 {
				t.Logf("seed %d: %d problems, first: %s", seed, len(probs), probs[0])
			}
		}
	}
	t.Logf("%d failing seeds of %d", fails, n)
}
