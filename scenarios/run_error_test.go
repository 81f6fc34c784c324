package scenarios_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// A run that stops at a step says where, as a *RunError a CI report reads
// the line of, with the text and the wrapped cause it always had.
func TestARunStoppedAtAStepIsARunErrorAtItsLine(t *testing.T) {
	s, err := scenarios.Parse("vain.yaml", []byte(waitsInVain))
	if err != nil {
		t.Fatal(err)
	}
	res := s.Run(scenarios.Options{})
	var re *scenarios.RunError
	if !errors.As(res.Err, &re) {
		t.Fatalf("the run ends with %T %v, want a *scenarios.RunError", res.Err, res.Err)
	}
	if re.File != "vain.yaml" || re.Pos.Line != 7 || re.Pos.Col != 5 {
		t.Errorf("the error is at %s:%d:%d, want vain.yaml:7:5 (the run-until step)", re.File, re.Pos.Line, re.Pos.Col)
	}
	if !errors.Is(res.Err, simulator.ErrRunLimit) {
		t.Errorf("the error %v no longer wraps the run-until's limit", res.Err)
	}
	if want := "vain.yaml:7:5: step run-until: "; !strings.HasPrefix(res.Err.Error(), want) {
		t.Errorf("the error reads %q, want it to start %q", res.Err, want)
	}
}
