package scenarios_test

import (
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// The allocations a new Sim's runs make at most: the simulator's own, the
// fakes' and the reference app's together. Each of a new Sim's parts that
// no longer takes an allocation of its own (the trace sink, inside the
// Sim; a session's first progress batch, inside the session; the first
// session, made with the first process) shows here if it comes back. Lower them when an allocation goes; never raise them
// to let a change pass.
const (
	walkthroughAllocs = 17 // two processes, a session, a progress batch
	oneProcessAllocs  = 12 // the same app, never killed: one process
)

// oneProcessScript is the walkthrough's user without the kill: the app
// is suspended, resumed for its session's events, in one process.
var oneProcessScript = []scenarios.ScriptStep{
	{At: 0, Name: "the user launches the app; it starts the download", Do: scenarios.Launch},
	{At: 4 * time.Second, Name: "the user goes to the home screen", Do: scenarios.Home},
}

// TestNewSimAllocations counts the allocations of a new Sim's runs
// (testing.AllocsPerRun): counts, not timings, so a test can hold them.
func TestNewSimAllocations(t *testing.T) {
	n := testing.AllocsPerRun(20, func() {
		if _, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	if n > walkthroughAllocs {
		t.Errorf("a new Sim's walkthrough makes %v allocations, over %d", n, walkthroughAllocs)
	}
	n = testing.AllocsPerRun(20, func() {
		sim, err := scenarios.RunRefApp(simulator.Config{}, "one-process", appmodel.RefOptions{}, oneProcessScript)
		if err != nil || sim.Processes() != 1 {
			t.Fatalf("the one-process run: %v, %d processes", err, sim.Processes())
		}
	})
	if n > oneProcessAllocs {
		t.Errorf("a new Sim's one-process run makes %v allocations, over %d", n, oneProcessAllocs)
	}
}
