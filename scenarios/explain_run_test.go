package scenarios_test

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

func TestPlantedMistakes(t *testing.T) {
	for _, c := range []struct {
		scenario string
		switches []string
		want     []simulator.Rule
	}{
		{"walkthrough", nil, nil},
		{"walkthrough", []string{"wrong-identifier-on-relaunch"}, []simulator.Rule{simulator.MistakeM3}},
		{"wrong-identifier-on-relaunch", nil, []simulator.Rule{simulator.MistakeM3}},
		{"wrong-identifier-on-relaunch", []string{"wrong-identifier-on-relaunch"}, []simulator.Rule{simulator.MistakeM3}},
		{"walkthrough", []string{"forget-completion-handler", "wrong-identifier-on-relaunch"},
			[]simulator.Rule{simulator.MistakeM4, simulator.MistakeM3}},
		{"walkthrough", []string{"task-per-wake"}, []simulator.Rule{simulator.MistakeM8}},
		{"walkthrough", []string{"handler-only-when-no-tasks", "task-per-wake"},
			[]simulator.Rule{simulator.MistakeM15, simulator.MistakeM8}},
		{"no-such-scenario", []string{"no-such-switch"}, nil},
	} {
		got := scenarios.PlantedMistakes(c.scenario, c.switches)
		if len(got) != len(c.want) {
			t.Errorf("PlantedMistakes(%q, %q) = %v, want %v", c.scenario, c.switches, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("PlantedMistakes(%q, %q) = %v, want %v", c.scenario, c.switches, got, c.want)
			}
		}
	}
}

// Every switch of the reference app is some catalog scenario's mistake, so
// a run with any switch explains its violations by a mistake.
func TestEverySwitchHasAMistake(t *testing.T) {
	for _, sw := range scenarios.RefMistakeNames() {
		if got := scenarios.PlantedMistakes("", []string{sw}); len(got) != 1 {
			t.Errorf("switch %s plants %v, want one mistake", sw, got)
		}
	}
}

func TestExplainRun(t *testing.T) {
	m3, m4 := simulator.MistakeM3, simulator.MistakeM4
	for _, c := range []struct {
		name    string
		planted []simulator.Rule
		rule    simulator.Rule
		want    simulator.Rule
	}{
		{"nothing planted: the rules page's first mistake citing the rule", nil, simulator.RuleD4, scenarios.Explain(simulator.RuleD4).Mistake},
		{"the only planted mistake, though it cites another rule", []simulator.Rule{m3}, simulator.RuleD4, m3},
		{"the planted mistake that cites the rule", []simulator.Rule{m3, m4}, simulator.RuleD4, m4},
		{"the planted mistake itself", []simulator.Rule{m3, m4}, m3, m3},
		{"two planted, neither citing: the rules page's", []simulator.Rule{m3, simulator.MistakeM7}, simulator.RuleD4, scenarios.Explain(simulator.RuleD4).Mistake},
	} {
		x := scenarios.ExplainRun(c.planted...)(c.rule)
		if x.Mistake != c.want || x.Device == "" || x.Fix == "" {
			t.Errorf("%s: ExplainRun(%v)(%s) = %+v, want mistake %s with its device effect and fix", c.name, c.planted, c.rule, x, c.want)
		}
	}
}
