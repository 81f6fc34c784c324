package explore

import (
	"maps"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// A run's coverage is the sum of its seeds' traces: every kind and rule
// each seed's trace has, counted (Run sums the seeds in arrays and makes
// the report's maps once).
func TestRunCoverageIsTheSumOfTheSeedsTraces(t *testing.T) {
	walk, ok := scenarios.Lookup("walkthrough")
	if !ok {
		t.Fatal("no walkthrough")
	}
	const last = 40
	rep, err := Run(Target{Scenario: walk}, Options{Seeds: Seeds{First: 1, Last: last}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	tg := newTarget(walk)
	want := newCoverage()
	for seed := uint64(1); seed <= last; seed++ {
		res, _ := tg.run(draw(seed, tg, Troubles()), seed, simulator.KeepAll)
		for _, e := range res.Trace {
			want.Kinds[string(e.Kind)]++
			if e.Rule != "" {
				want.Rules[string(e.Rule)]++
			}
		}
	}
	if !maps.Equal(rep.Coverage.Kinds, want.Kinds) || !maps.Equal(rep.Coverage.Rules, want.Rules) {
		t.Errorf("coverage %v %v, the traces have %v %v", rep.Coverage.Kinds, rep.Coverage.Rules, want.Kinds, want.Rules)
	}
}

// Kinds and rules the tables do not know (a model's own) are summed too.
func TestSeedCoverageAddSumsEveryCount(t *testing.T) {
	var total, a, b seedCoverage
	for _, c := range []*seedCoverage{&a, &b} {
		c.event(&simulator.Event{Kind: kindList[0], Rule: ruleList[1]})
		c.event(&simulator.Event{Kind: "app.own-kind", Rule: "X-OWN"})
		c.files.Checked++
	}
	a.event(&simulator.Event{Kind: "app.own-kind", Rule: "X-OWN"})
	b.event(&simulator.Event{Kind: kindList[2]})
	total.add(&a)
	total.add(&b)
	got := newCoverage()
	total.addTo(&got)
	wantKinds := map[string]int{string(kindList[0]): 2, "app.own-kind": 3, string(kindList[2]): 1}
	wantRules := map[string]int{string(ruleList[1]): 2, "X-OWN": 3}
	if !maps.Equal(got.Kinds, wantKinds) || !maps.Equal(got.Rules, wantRules) || got.Files.Checked != 2 {
		t.Errorf("got %v %v %+v, want %v %v and 2 files", got.Kinds, got.Rules, got.Files, wantKinds, wantRules)
	}
}
