package explore_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

func load(t *testing.T, path string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Run(scenarios.Options{}); !r.Passed() {
		t.Fatalf("%s does not pass as written: %v %v", path, r.Err, r.Failures)
	}
	return s
}

// seeds is the range the planted-bug tests explore: the bug must show
// well within it (the issue asks for within 10,000).
var seeds = explore.Seeds{First: 1, Last: 1000}

func TestFindsAndShrinksALatentM15(t *testing.T) {
	s := load(t, "testdata/photo-sync-latent-m15.yaml")
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: seeds, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failures) == 0 {
		t.Fatalf("no failure over seeds %s: the planted M15 was not found", seeds)
	}
	f := rep.Failures[0]
	t.Logf("first failure: seed %d, %s: %s (%d actions, %d after shrinking)", f.Seed, f.Property, f.Message, f.Actions, f.MinimalActions)
	if f.MinimalActions > 5 {
		t.Errorf("shrunk to %d actions, want at most 5", f.MinimalActions)
	}
	if !strings.Contains(f.Message, "R-D4") && f.Property != explore.PropHandler {
		t.Errorf("the failure is not the unanswered wake of M15: %s", f.Message)
	}
	// The minimal file stands alone: parsed and run with no explorer, it
	// fails its expectation, and only because of the drawn actions left.
	if !f.Reproduces {
		t.Fatalf("the minimal scenario does not reproduce:\n%s", f.Minimal)
	}
	m, err := scenarios.Parse("minimal.yaml", []byte(f.Minimal))
	if err != nil {
		t.Fatalf("the minimal scenario does not parse: %v\n%s", err, f.Minimal)
	}
	res := m.Run(scenarios.Options{})
	if len(res.Failures) == 0 {
		t.Fatalf("the minimal scenario passes under a plain run:\n%s", f.Minimal)
	}
	if got := res.Failures[0].Message; !strings.Contains(got, "R-D4") && !strings.Contains(got, "completion-handler") {
		t.Errorf("the minimal scenario fails for another reason: %s", got)
	}
}

func TestAFixedAppGivesNoFailureOverTheSameSeeds(t *testing.T) {
	s := load(t, "testdata/photo-sync-fixed.yaml")
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: seeds, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Runs != int(seeds.Count()) {
		t.Errorf("ran %d seeds, want %d", rep.Runs, seeds.Count())
	}
	for _, f := range rep.Failures {
		t.Errorf("seed %d broke %s: %s\n%s", f.Seed, f.Property, f.Message, f.Minimal)
	}
}

func reportJSON(t *testing.T, r explore.Report) string {
	t.Helper()
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTheReportDoesNotDependOnWorkersOrShards(t *testing.T) {
	s := load(t, "testdata/photo-sync-latent-m15.yaml")
	few := explore.Seeds{First: 1, Last: 120}
	one, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: few, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Failures) == 0 {
		t.Fatal("the test wants failures in the range, to compare them")
	}
	many, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: few, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := reportJSON(t, one), reportJSON(t, many); a != b {
		t.Errorf("1 worker and 4 workers give different reports")
	}
	var shards []explore.Report
	for i := range 4 {
		r, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: few, Shard: i, Shards: 4})
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, r)
	}
	if a, b := reportJSON(t, one), reportJSON(t, explore.Merge(shards)); a != b {
		t.Errorf("four shards merged differ from one run:\n%s\n---\n%s", a, b)
	}
}

func TestCheckDeterminismPassesOnADeterministicRun(t *testing.T) {
	s, ok := scenarios.Lookup("walkthrough")
	if !ok {
		t.Fatal("no walkthrough in the catalog")
	}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: explore.Seeds{First: 1, Last: 50}, CheckDeterminism: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := rep.Failed[explore.PropDeterminism]; n != 0 {
		t.Errorf("%d seeds ran differently twice: %+v", n, rep.Failures)
	}
	if rep.Coverage.Troubles[string(explore.TroubleKills)] == 0 || rep.Coverage.Kinds["process.terminate"] == 0 {
		t.Errorf("50 seeds drew no kill: the swarm is not drawing: %+v", rep.Coverage.Troubles)
	}
}

// Count says how many seeds a range holds, the whole range of uint64 too,
// which one more than the largest uint64 would be: it saturates rather
// than wraps to 0, so a cap on it still holds.
func TestSeedsCount(t *testing.T) {
	for _, c := range []struct {
		s    explore.Seeds
		want uint64
	}{
		{explore.Seeds{First: 1, Last: 1000}, 1000},
		{explore.Seeds{First: 5, Last: 5}, 1},
		{explore.Seeds{First: 6, Last: 5}, 0},
		{explore.Seeds{First: 0, Last: math.MaxUint64}, math.MaxUint64},
		{explore.Seeds{First: 1, Last: math.MaxUint64}, math.MaxUint64},
	} {
		if got := c.s.Count(); got != c.want {
			t.Errorf("%s.Count() = %d, want %d", c.s, got, c.want)
		}
	}
}
