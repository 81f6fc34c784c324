// Package scenarios runs stories on the simulator, written as YAML
// scenario files: a device, an app, a network, a script of user, system
// and network actions in virtual time, and what must happen. The built-in
// catalog (Catalog) is a set of such files, embedded in the package, that
// teaches the rules of background transfers and the mistakes apps make.
//
// # Loading and running
//
// Load reads a file (Parse reads bytes) and checks it strictly: every
// problem of the file comes back at once, in file order, as a *FileError
// whose lines read "file:line:col: message; hint", each with the
// offending line. Run plays the scenario and checks its expectations:
//
//	s, err := scenarios.Load("my-app.yaml")
//	if err != nil {
//		log.Fatal(err) // every problem, with its line
//	}
//	res := s.Run(scenarios.Options{})
//	for _, f := range res.Failures {
//		fmt.Println(f) // my-app.yaml:31:7: expected ... ; it did not occur
//	}
//
// Options let the caller replace the seed, change the simulator's Config
// after the file's, and switch on reference-app mistakes. A Result holds
// the trace, each task's outcome (TaskOutcome) and the failed expectations
// with their positions.
//
// # The app, three ways
//
// A file runs the reference app of the seed walkthrough (app: reference,
// with options and mistake switches), a Go model registered with Register
// (app: {go: NAME}), or a policy app (app: {policy: ...}): a declarative
// menu of what the app does in each callback, so a Swift or Xamarin
// developer can describe the app they ship without writing Go. Every
// mistake of the M list is one policy choice away from its fix.
//
// # The format
//
// The format is described in docs/scenario-format.md, and as a JSON
// Schema (Schema, generated from the Go types by GenerateSchema) for
// editors. Config reaches every field of simulator.Config by its name in
// kebab case but Scenario and Seed, which come from the file's top-level
// name and seed; durations read "30s" or "7d", sizes "5MB" or "512KiB".
//
// The Go stories the catalog grew from (Walkthrough, LifecycleDemo,
// ForceQuitToTestRelaunch) remain as functions; Builtins lists the
// catalog as runnable built-in scenarios.
package scenarios
