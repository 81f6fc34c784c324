package scenarios_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"bgsim/scenarios"
)

func TestZZStats(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CHSTAT"))
	if n == 0 {
		t.Skip()
	}
	seeds := map[string]int{}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		sim, rep, _ := scenarios.Chaos(seed, scenarios.AllChaos())
		seen := map[string]bool{}
		for _, e := range sim.Trace() {
			k := string(e.Kind)
			switch {
			case e.Callback != "":
				k += ":" + e.Callback
			case e.Kind == "process.launch" || e.Kind == "process.terminate":
				k += ":" + e.Reason
			case e.Kind == "task.wait" || e.Kind == "transfer.retry":
				k += ":" + e.Detail[:min(20, len(e.Detail))]
			case e.Kind == "transfer.response":
				k += ":" + strconv.Itoa(e.Code)
			case e.Kind == "lifecycle.transition":
				k += ":" + e.From + ">" + e.To
			}
			seen[k] = true
		}
		if len(rep.Sessions) == 2 {
			seen["two-sessions"] = true
		}
		for _, st := range rep.Steps {
			if strings.Contains(st.Name, "republish") && st.Skipped == "" {
				seen["republish"] = true
			}
		}
		for k := range seen {
			seeds[k]++
		}
	}
	for k, v := range seeds {
		t.Logf("%5d %s", v, k)
	}
}
