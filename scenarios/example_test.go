package scenarios_test

import (
	"errors"
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// A scenario written in YAML, as a Swift or Xamarin developer would: a
// policy app that forgets the completion handler (mistake M4), sent home
// and killed while its photo downloads. Parse checks the file; Run plays it
// and checks its expectations, which say what a well-made app does: the
// failures name the line of the expectation that was not met.
func ExampleParse() {
	src := []byte(`name: forgetful-photo-sync
app:
  policy:
    sessions: [{identifier: com.example.photos.background}]
    tasks:
      - {name: photo-1, url: https://cdn.example.com/photo-1.jpg}
    completion-handler: {when: never}
network:
  resources:
    - {url: https://cdn.example.com/photo-1.jpg, size: 30MB}
steps:
  - {do: launch}
  - {at: 4s, do: home}
  - {at: 12s, do: memory-pressure-kill}
  - {do: run-for, for: 2m}
expect:
  tasks:
    - {desc: photo-1, outcome: succeeded, delivered: true}
  absent:
    - {kind: violation, rule: R-D4}
`)
	s, err := scenarios.Parse("forgetful.yaml", src)
	if err != nil {
		fmt.Println(err) // every problem of the file, each with its line
		return
	}
	res := s.Run(scenarios.Options{})
	for _, t := range res.Tasks {
		fmt.Printf("task %d %q: %s, delivered %v\n", t.ID, t.Desc, t.Outcome, t.Delivered)
	}
	for _, f := range res.Failures {
		fmt.Println(f)
	}
	// Output:
	// task 1 "photo-1": succeeded, delivered true
	// forgetful.yaml:20:7: violation rule=R-D4 must not occur, but did 1 time(s), first: T+00:45.050 system VIOLATION: the completion handler of session com.example.photos.background was never called within 30s; the app is suspended
}

// A file with mistakes is refused as a whole: every problem at once, in
// file order, each at its line and column, with a hint where one helps.
func ExampleParse_invalid() {
	_, err := scenarios.Parse("bad.yaml", []byte("name: bad\napp: refrence\nsteps:\n  - {do: hom}\n  - {do: run-for, for: 30}\n"))
	var fe *scenarios.FileError
	if errors.As(err, &fe) {
		for _, m := range fe.Messages() {
			fmt.Println(m)
		}
	}
	// Output:
	// bad.yaml:2:6: unknown app "refrence"; did you mean "reference"? (or a mapping with reference, go or policy)
	// bad.yaml:4:10: unknown action "hom"; did you mean "home"?
	// bad.yaml:5:24: a duration needs a unit; write 30s for seconds
}

// The built-in catalog is scenario files too: each teaches one rule of
// iOS or one mistake, with its fixed twin.
func ExampleLookup() {
	s, ok := scenarios.Lookup("forget-completion-handler")
	if !ok {
		return
	}
	res := s.Run(scenarios.Options{})
	fmt.Println(s.Summary)
	fmt.Println("expectations met:", res.Passed())
	// Output:
	// M4: the app never calls the completion handler; iOS waits, logs it and suspends the app
	// expectations met: true
}

// Many seeds of a catalog scenario on one simulation (Options.Sim): each
// run resets it rather than making a new one, as bgsim explore's workers
// do, and plays as on a new one.
func ExampleOptions_sim() {
	s, _ := scenarios.Lookup("walkthrough")
	sim := new(simulator.Sim)
	for seed := uint64(1); seed <= 3; seed++ {
		reused := s.Run(scenarios.Options{Seed: &seed, Sim: sim})
		fresh := s.Run(scenarios.Options{Seed: &seed})
		fmt.Printf("seed %d: passed %v, %d events, the trace of a new simulation: %v\n",
			seed, reused.Passed(), len(reused.Trace), reused.Sim.TraceHash() == fresh.Sim.TraceHash())
	}
	// Output:
	// seed 1: passed true, 62 events, the trace of a new simulation: true
	// seed 2: passed true, 62 events, the trace of a new simulation: true
	// seed 3: passed true, 62 events, the trace of a new simulation: true
}

// The walkthrough's script played on one simulation three times
// (RunRefAppOn), each run on it reset: the same story each time, and a
// run after the first allocates about a tenth of the bytes a run on a new
// simulation does.
func ExampleRunRefAppOn() {
	sim := new(simulator.Sim)
	for range 3 {
		_, err := scenarios.RunRefAppOn(sim, simulator.Config{}, "walkthrough", appmodel.RefOptions{}, scenarios.WalkthroughScript)
		fmt.Printf("%d events, %d processes, image kept: %v, error %v\n",
			sim.TraceLen(), sim.Processes(), sim.Files().Exists(appmodel.RefImagePath), err)
	}
	// Output:
	// 62 events, 2 processes, image kept: true, error <nil>
	// 62 events, 2 processes, image kept: true, error <nil>
	// 62 events, 2 processes, image kept: true, error <nil>
}

// ShowingSwitch finds the catalog scenario that shows a mistake switch of
// the reference app, the one to run to see what the mistake does.
func ExampleShowingSwitch() {
	for _, sw := range []string{"task-per-wake", "handler-only-when-no-tasks"} {
		s := scenarios.ShowingSwitch(sw)
		fmt.Printf("%s: bgsim run %s (%s)\n", sw, s.Name, s.Mistake.ID)
	}
	// Output:
	// task-per-wake: bgsim run task-per-wake (M8)
	// handler-only-when-no-tasks: bgsim run handler-only-when-no-tasks (M15)
}
