package scenarios_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"bgsim/scenarios"
	"bgsim/simulator"
)

func TestZZExplore(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CHX"))
	if n == 0 {
		t.Skip()
	}
	start := time.Now()
	fails := map[string]int{}
	events := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		sim, rep, err := scenarios.Chaos(seed, scenarios.AllChaos())
		events += len(sim.Trace())
		if err != nil {
			t.Errorf("seed %d: %v", seed, err)
			continue
		}
		probs := scenarios.CheckChaos(sim.Trace(), sim.Files(), rep)
		for i, p := range probs {
			key := fmt.Sprint(p.Property)
			fails[key]++
			if i < 3 && fails[key] <= 5 {
				t.Logf("seed %d: %s", seed, p)
			}
		}
		if len(probs) > 0 && os.Getenv("CHXDUMP") == strconv.FormatUint(seed, 10) {
			f, _ := os.Create("/tmp/chx/trace.txt")
			simulator.RenderText(f, sim.Trace(), simulator.TextOptions{})
			f.Close()
			fmt.Printf("%+v\n", rep.Steps)
			fmt.Println(rep.Faults)
		}
	}
	t.Logf("%d seeds in %s, %d events, fails %v", n, time.Since(start), events, fails)
}

func TestZZDump(t *testing.T) {
	s, _ := strconv.Atoi(os.Getenv("CHS"))
	if s == 0 {
		t.Skip()
	}
	sim, rep, err := scenarios.Chaos(uint64(s), scenarios.AllChaos())
	simulator.RenderText(os.Stdout, sim.Trace(), simulator.TextOptions{})
	fmt.Printf("err=%v\nopts=%+v\nsteps=%+v\nfaults=%v\nfinished=%v final=%v\n", err, rep.Options, rep.Steps, rep.Faults, rep.Finished, rep.App.Final)
	for _, p := range scenarios.CheckChaos(sim.Trace(), sim.Files(), rep) {
		fmt.Println(p)
	}
}
