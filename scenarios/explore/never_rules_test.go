package explore_test

import (
	"slices"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
	"github.com/bgsim/bgsim/simulator"
)

// TestNeverRulesListsOnlyRulesAnEventCanCite: "never exercised" names
// the rules a run could have shown and did not, never one that no event
// cites (R-E5, R-E2: crash-relaunch's own rules, shown by its kills and
// crashes through other rules).
func TestNeverRulesListsOnlyRulesAnEventCanCite(t *testing.T) {
	s, ok := scenarios.Lookup("crash-relaunch")
	if !ok {
		t.Fatal("no crash-relaunch in the catalog")
	}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: explore.Seeds{First: 1, Last: 5}})
	if err != nil {
		t.Fatal(err)
	}
	never := rep.Coverage.NeverRules()
	can := simulator.EventRules()
	for _, r := range never {
		if !slices.Contains(can, simulator.Rule(r)) {
			t.Errorf("never exercised lists %s, which no event can cite", r)
		}
		if rep.Coverage.Rules[r] > 0 {
			t.Errorf("never exercised lists %s, which the runs cited %d times", r, rep.Coverage.Rules[r])
		}
	}
	for _, r := range can {
		if rep.Coverage.Rules[string(r)] == 0 && !slices.Contains(never, string(r)) {
			t.Errorf("never exercised leaves out %s, which no run cited", r)
		}
	}
	for _, r := range []simulator.Rule{simulator.RuleE5, simulator.RuleE2, simulator.RuleE6} {
		if slices.Contains(never, string(r)) {
			t.Errorf("never exercised lists %s", r)
		}
	}
	if len(never) == 0 || len(never) == len(can) {
		t.Errorf("never exercised: %v; five seeds of crash-relaunch exercise some rules and not all", never)
	}
}
