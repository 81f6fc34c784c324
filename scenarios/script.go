package scenarios

import (
	"errors"
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// ScriptStep is one scripted action at a virtual time, for stories written in Go.
type ScriptStep struct {
	At   time.Duration
	Name string
	Do   func(*simulator.Sim) error
}

// RunScript runs sim through steps in order, each at its time, then runs
// tail more. A step the app's state makes illegal is skipped with a note in
// the trace; any other error stops the run, naming the step.
func RunScript(sim *simulator.Sim, steps []ScriptStep, tail time.Duration) error {
	for _, st := range steps {
		if d := st.At - sim.Elapsed(); d > 0 {
			if err := sim.RunFor(d); err != nil {
				return err
			}
		}
		if err := st.Do(sim); err != nil {
			// A step the app's state does not allow (going home from an app
			// that crashed) is what a user would find: nothing to do. The
			// trace says so and the story goes on.
			var illegal *simulator.IllegalTransitionError
			if errors.As(err, &illegal) {
				sim.Note(fmt.Sprintf("step %q skipped: the app is %s", st.Name, illegal.State))
				continue
			}
			return fmt.Errorf("scenarios: step %q at %s: %w", st.Name, fakes.FormatOffset(st.At), err)
		}
	}
	return sim.RunFor(tail)
}

// Actions as steps.
var (
	Launch             = func(s *simulator.Sim) error { return s.Launch() }
	Home               = func(s *simulator.Sim) error { return s.Home() }
	ForceQuit          = func(s *simulator.Sim) error { return s.ForceQuit() }
	MemoryPressureKill = func(s *simulator.Sim) error { return s.MemoryPressureKill() }
)
