package appmodel_test

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// Running and Alive, written as one comparison each, answer as the plain
// lists of R-L1 do for every state and for values out of range (a State
// is an int: a model may hold any).
func TestStateRunningAlive(t *testing.T) {
	for s := appmodel.NotRunning - 3; s <= appmodel.Terminated+3; s++ {
		running := s == appmodel.Inactive || s == appmodel.Active || s == appmodel.Background
		alive := running || s == appmodel.Suspended
		if got := s.Running(); got != running {
			t.Errorf("State(%d).Running() = %v, want %v", int(s), got, running)
		}
		if got := s.Alive(); got != alive {
			t.Errorf("State(%d).Alive() = %v, want %v", int(s), got, alive)
		}
	}
}
