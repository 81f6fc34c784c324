package scenarios_test

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// R-S5: a wake for a task that needs credentials is narrated as one, not
// as a wake for tasks that have all finished (auth-challenge's task is
// still running when it wakes the app); the walkthrough's wake is.
func TestAWakeIsNarratedForWhatCausedIt(t *testing.T) {
	for name, want := range map[string]string{"auth-challenge": "needs credentials", "walkthrough": "has finished"} {
		s, ok := scenarios.Lookup(name)
		if !ok {
			t.Fatalf("no %s in the catalog", name)
		}
		res := s.Run(scenarios.Options{})
		if err := res.Error(); err != nil {
			t.Fatal(err)
		}
		wakes := simulator.Select(res.Trace, simulator.Pattern{Kind: simulator.KindRelaunch})
		if len(wakes) == 0 {
			t.Fatalf("%s: no wake", name)
		}
		if n := simulator.Narrate(wakes[0]); !strings.Contains(n, want) {
			t.Errorf("%s: the wake %q is narrated %q, want it to say %q", name, wakes[0].Detail, n, want)
		}
	}
}
