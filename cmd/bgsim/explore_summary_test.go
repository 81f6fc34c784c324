package main

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios/explore"
)

// The summary counts in the singular when there is one: "1 seed", "1
// action drawn", not "1 seeds", "1 actions".
func TestExploreSummarySingular(t *testing.T) {
	rep := explore.Report{Target: "walkthrough", Seeds: explore.Seeds{First: 7, Last: 7}, Runs: 1, Shards: 1,
		Failed:   map[string]int{explore.PropNoViolation: 1},
		Failures: []explore.Failure{{Seed: 7, Property: explore.PropNoViolation, Message: "R-D4", Actions: 1, MinimalActions: 1, Shrunk: true}}}
	var b strings.Builder
	printExploreSummary(&b, rep, "out", defaultWidth)
	got := b.String()
	for _, want := range []string{"explored walkthrough: 1 seed of 7..7, 1 failing\n", "  " + explore.PropNoViolation + "   1 seed\n", "  1 action drawn, 1 after shrinking"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "1 seeds") || strings.Contains(got, "1 actions") {
		t.Errorf("summary counts one in the plural:\n%s", got)
	}
}
