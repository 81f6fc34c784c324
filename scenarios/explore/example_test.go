package explore_test

import (
	"fmt"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
	"github.com/bgsim/bgsim/simulator"
)

// A photo sync that passes its own story, kept in the foreground, hides
// mistake M15 in its wake path: it calls the completion handler only when
// getAllTasks is empty, and starts a follow-up download at every wake.
// Exploring 100 seeds of trouble finds it, and shrinks each failing seed to
// a scenario file that fails on its own.
func ExampleRun() {
	s, err := scenarios.Parse("photo-sync.yaml", []byte(`name: photo-sync
app:
  policy:
    sessions: [{identifier: com.example.photos.background}]
    tasks:
      - {name: photo-1, url: https://cdn.example.com/photo-1.jpg}
      - {name: thumbnail-1, url: https://cdn.example.com/thumbnail-1.jpg, start: wake}
    completion-handler: {when: when-no-tasks-remain}
network:
  resources:
    - {url: https://cdn.example.com/photo-1.jpg, size: 30MB, etag: '"p1"', ranges: true}
    - {url: https://cdn.example.com/thumbnail-1.jpg, size: 1MB}
steps:
  - {do: launch, note: the user opens the app and taps Sync}
  - {do: run-for, for: 2m}
expect:
  violations: none
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{
		Seeds: explore.Seeds{First: 1, Last: 100},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d seeds failing: %v\n", len(rep.Failures), rep.Runs, rep.Failed)
	f := rep.Failures[0]
	fmt.Printf("seed %d broke %s: %s\n", f.Seed, f.Property, f.Message)
	fmt.Printf("%d actions drawn, %d after shrinking; the minimal scenario reproduces on its own: %v\n",
		f.Actions, f.MinimalActions, f.Reproduces)
	// Output:
	// 12 of 100 seeds failing: map[no-violation:12]
	// seed 2 broke no-violation: T+00:45.050 violation R-D4 by process 2: the completion handler of session com.example.photos.background was never called within 30s; the app is suspended
	// 18 actions drawn, 1 after shrinking; the minimal scenario reproduces on its own: true
}

// Chaos seeds one after another on one simulation (ChaosOn), each
// checked before the next resets it: the seeds after the first allocate
// little of it.
func ExampleChaosOn() {
	sim := new(simulator.Sim)
	for seed := uint64(1); seed <= 3; seed++ {
		_, rep, err := explore.ChaosOn(sim, seed, explore.AllChaos())
		problems := explore.CheckChaos(sim.Trace(), sim.Files(), rep)
		fmt.Printf("seed %d: %d downloads, finished %v, error %v, %d problems\n", seed, len(rep.Downloads), rep.Finished, err, len(problems))
	}
	// Output:
	// seed 1: 1 downloads, finished true, error <nil>, 0 problems
	// seed 2: 1 downloads, finished true, error <nil>, 0 problems
	// seed 3: 2 downloads, finished true, error <nil>, 0 problems
}
