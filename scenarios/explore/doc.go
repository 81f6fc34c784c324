// Package explore runs many lives of an app, each a seed, and keeps the
// ones that break it: the same scenario under a different mix of trouble
// (dropped connections, outages, kills, crashes, force-quits, updates,
// changed content, undocumented timings), checked against the platform's
// promises and the scenario's own safety expectations. A failing seed is
// shrunk to the fewest and simplest actions that still break the same
// property (delta debugging over the actions, then each time, byte, size
// and count as low as it goes, the scenario's own resources and tasks
// included) and written as an ordinary scenario file, which fails under
// bgsim run with no explorer needed.
//
// # Running
//
// A Target is a scenario, from the built-in catalog or a file. Run explores
// a range of seeds and returns a Report:
//
//	s, _ := scenarios.Load("photosync.yaml")
//	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{
//		Seeds: explore.Seeds{First: 1, Last: 10_000},
//	})
//	for _, f := range rep.Failures {
//		fmt.Printf("seed %d: %s\n%s", f.Seed, f.Message, f.Minimal)
//	}
//
// # Swarm testing
//
// Each seed draws which kinds of trouble it gets (a random subset of
// Options.Troubles, each kind on with probability one half) and then when
// each happens, on top of the scenario's own steps. Random subsets find
// more bugs than every kind of trouble at once, because some bugs need the
// absence of another fault to show (Groce et al., Swarm Testing, 2012).
// The run then ends with the device online and charging and the user
// opening the app, and goes on long enough for every transfer to end.
//
// # Properties
//
// Safety properties hold on every seed: no violation of a platform rule
// beyond those the scenario expects, in its expect.violations or, for a
// mistake scenario, as its mistake's consequence (no-violation: M4's R-D4
// is what forget-completion-handler is written to show, not a finding),
// none of the scenario's
// absent events (absent), no task completed or delivered twice
// (exactly-once), no delegate call to a process that ended (dead-process),
// no session's events in a process not connected to it (sessions), every
// downloaded file whole and of one version of its resource, both the file
// DidFinishDownloading hands over and every file the app kept (files), and
// a run that ends normally (run: no runaway, no app panic). A run-until
// step of the scenario that reaches its limit is not a run failure: the
// drawn trouble may delay what it awaits, so the step stops waiting and
// the next one starts (Options.StrictLimits counts it, as a plain run
// does). Liveness properties hold unless
// Options.SafetyOnly: every task's outcome reaches the app (delivered) and
// every wake ends with the completion handler called (handler). The
// properties are checked as each run goes (simulator.Sim.Observe), with no
// trace kept. The Report also says which rules, trouble kinds and event
// kinds the runs exercised, and which they never did, and how many files
// the files property checked (Coverage.Files).
//
// # The chaos generator
//
// Chaos is the platform's own exploration: a well-behaved app with one or
// two background sessions and random downloads, under every kind of trouble
// (ChaosOptions), and CheckChaos the invariants the platform owes any app:
// every task completes and is delivered exactly once; every downloaded file
// is whole, from byte 0, and from one version of its resource; nothing is
// delivered to a session it does not belong to; no panic; no rule broken by
// an app that does everything right. bgsim's own tests hold them over
// thousands of seeds.
//
// # Shards
//
// Seeds are independent, so exploration splits across machines:
// Options.Shard and Options.Shards run one slice, its Report goes to a JSON
// file, and Merge combines the files into the report one run would have
// given.
package explore
