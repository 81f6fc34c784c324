package explore_test

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// suspended-transfer waits at most a minute for the app to be suspended:
// the trouble a seed draws often delays that past the limit. That is the
// trouble, not a defect of the app: exploration goes on past the limit and
// no seed breaks the run property for it, unless StrictLimits asks for the
// limit to count, as it does in a plain run.
func TestALimitReachedIsNoRunFailureUnlessStrict(t *testing.T) {
	s, ok := scenarios.Lookup("suspended-transfer")
	if !ok {
		t.Fatal("no suspended-transfer in the catalog")
	}
	seeds := explore.Seeds{First: 1, Last: 200}
	loose, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: seeds, NoShrink: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := loose.Failed[explore.PropRun]; n != 0 {
		t.Errorf("%d of %d seeds break the run property from a run-until's limit", n, loose.Runs)
	}
	strict, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: seeds, NoShrink: true, StrictLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	n := strict.Failed[explore.PropRun]
	if n == 0 {
		t.Fatalf("with StrictLimits no seed breaks the run property: no limit was reached, the test shows nothing")
	}
	t.Logf("%d of %d seeds reach the limit", n, strict.Runs)
	for _, f := range strict.Failures {
		if f.Property == explore.PropRun {
			if want := "condition was not met within 1m0s"; !strings.Contains(f.Message, want) {
				t.Errorf("seed %d breaks run for another reason: %s", f.Seed, f.Message)
			}
		}
	}
}
