package explore_test

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// A mistake scenario's consequence is what it is written to show: the
// violation it declares (M4's R-D4) is expected, like expect.violations,
// and not a finding. The same file without its mistake block declares
// nothing, and the same seeds report the violation: the allowance comes
// from the declaration alone.
func TestAMistakesDeclaredViolationIsNotAFinding(t *testing.T) {
	s, ok := scenarios.Lookup("forget-completion-handler")
	if !ok {
		t.Fatal("no forget-completion-handler in the catalog")
	}
	seeds := explore.Seeds{First: 1, Last: 200}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: seeds, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if n := rep.Failed[explore.PropNoViolation]; n > 0 {
		t.Errorf("%d seeds broke no-violation with the violation the mistake declares; first: %s", n, rep.Failures[0].Message)
	}

	src, _, ok := strings.Cut(string(s.Source()), "\nmistake:")
	if !ok {
		t.Fatal("forget-completion-handler.yaml has no mistake block")
	}
	undeclared, err := scenarios.Parse("undeclared.yaml", []byte(src+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err = explore.Run(explore.Target{Scenario: undeclared}, explore.Options{Seeds: seeds, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed[explore.PropNoViolation] == 0 {
		t.Fatalf("without its mistake block, no seed of %s broke no-violation: the check above proves nothing", seeds)
	}
	for _, f := range rep.Failures {
		if f.Property == explore.PropNoViolation && !strings.Contains(f.Message, "violation R-D4") {
			t.Errorf("seed %d: %s", f.Seed, f.Message)
		}
	}
}
