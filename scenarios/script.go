package scenarios

import (
	"fmt"
	"time"

	"bgsim/fakes"
	"bgsim/simulator"
)

// Step is one scripted action at a virtual time.
type Step struct {
	At   time.Duration
	Name string
	Do   func(*simulator.Sim) error
}

// RunScript runs sim through steps in order, each at its time, then runs
// tail more. It stops at the first error, naming the step.
func RunScript(sim *simulator.Sim, steps []Step, tail time.Duration) error {
	for _, st := range steps {
		if d := st.At - sim.Elapsed(); d > 0 {
			if err := sim.RunFor(d); err != nil {
				return err
			}
		}
		if err := st.Do(sim); err != nil {
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
