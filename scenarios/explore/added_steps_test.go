package explore_test

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// A run that stops in a step the explorer added (drawn trouble, the
// recovery) names that step and the file, not a line 0:0 of the file
// that does not exist.
func TestARunStoppedInAnAddedStepHasNoLineZero(t *testing.T) {
	s, err := scenarios.Parse("budget.yaml", []byte(`name: budget
config: {event-budget: 20}
app: reference
network:
  resources:
    - {url: https://images.example.com/monkey.png, size: 30MB}
steps:
  - {do: launch}
  - {do: run-for, for: 1m}
`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: explore.Seeds{First: 1, Last: 10}, NoShrink: true})
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	for _, f := range rep.Failures {
		if f.Property != explore.PropRun {
			continue
		}
		if strings.Contains(f.Message, ":0:0") {
			t.Errorf("seed %d: %s", f.Seed, f.Message)
		}
		if strings.Contains(f.Message, "budget.yaml: a step ") && strings.Contains(f.Message, " added to the file's steps, so without a line: ") {
			added++
		}
	}
	if added == 0 {
		t.Fatalf("no seed stopped in an added step, the test shows nothing: %v", rep.Failures)
	}
}
