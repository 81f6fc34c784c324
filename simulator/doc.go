// Package simulator is the platform side of bgsim: "iOS" as the app model
// sees it. It owns the app lifecycle state machine (the table in
// lifecycle.go, applied by transition.go), the process and its serial
// queues in virtual time (process.go, queue.go), the system's decisions to
// launch, suspend and kill (system.go, bgtask.go), the user's and the
// system's actions (actions.go, device.go), the background-session daemon
// nsurlsessiond (daemon.go and its neighbours), and the trace every
// observable step is written to (trace.go and its renderers).
//
// Sim is the facade: build one with New, Install an app factory, drive it
// with user and system actions, run its virtual clock, and read its state,
// trace and violations. One simulation runs on one goroutine; it never reads
// the real clock, starts goroutines or uses global randomness, so the same
// calls and seed give a byte-identical trace.
//
// Each modelled rule of real iOS is cited by its ID (R-L3, R-D2, ...) from
// IOS-SEMANTICS.md, in the code and in the trace events it decides.
package simulator
