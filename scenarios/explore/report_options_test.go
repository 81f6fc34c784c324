package explore_test

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// A report records the options that tell one exploration from another
// (Report.Differences compares them), whoever runs it: Run itself, not
// only the CLI.
func TestAReportRecordsItsOptions(t *testing.T) {
	s, ok := scenarios.Lookup("walkthrough")
	if !ok {
		t.Fatal("no walkthrough in the catalog")
	}
	for _, strict := range []bool{false, true} {
		opts := explore.Options{Seeds: explore.Seeds{First: 3, Last: 4}, StrictLimits: strict, SafetyOnly: true, Shard: 1, Shards: 2}
		rep, err := explore.Run(explore.Target{Scenario: s}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.StrictLimits != strict || !rep.SafetyOnly || rep.Shard != 1 || rep.Shards != 2 || rep.Seeds != opts.Seeds {
			t.Errorf("report of %+v says strict %v, safety only %v, shard %d of %d, seeds %s",
				opts, rep.StrictLimits, rep.SafetyOnly, rep.Shard, rep.Shards, rep.Seeds)
		}
		if rep.Runs != 1 {
			t.Errorf("shard 1 of 2 of seeds 3..4 ran %d seeds, want 1", rep.Runs)
		}
	}
}
