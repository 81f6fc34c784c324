package scenarios_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"testing"

	"bgsim/appmodel"
	"bgsim/scenarios"
	"bgsim/simulator"
)

func TestZZHash(t *testing.T) {
	if os.Getenv("CHHASH") == "" {
		t.Skip()
	}
	h := sha256.New()
	sim, _ := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{})
	simulator.WriteJSONL(h, sim.Header(), sim.Trace())
	for seed := uint64(1); seed <= 300; seed++ {
		sim, _, _ := scenarios.Chaos(seed, scenarios.AllChaos())
		simulator.WriteJSONL(h, sim.Header(), sim.Trace())
	}
	fmt.Printf("HASH %x\n", h.Sum(nil))
}
