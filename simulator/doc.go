// Package simulator is the platform side of bgsim: "iOS" as the app model
// sees it. It owns the app lifecycle state machine, the process and its
// serial queues in virtual time, the system's decisions to launch, suspend
// and kill, the user's and the system's actions, the background-session
// daemon nsurlsessiond, and the trace every observable step is written to.
//
// [Sim] is the facade: build one with [New], [Sim.Install] an app factory,
// drive it with user and system actions ([Sim.Launch], [Sim.Home],
// [Sim.MemoryPressureKill], ...), run its virtual clock ([Sim.RunFor],
// [Sim.RunUntil], [Sim.RunUntilIdle]), and read its state, trace and
// violations. One simulation runs on one goroutine; it never reads the real
// clock, starts goroutines or uses global randomness, so the same calls and
// seed give a byte-identical trace.
//
// # The vocabulary
//
// Checks of a run are written in a small set of typed names, so that a
// misspelling is a compile error rather than a check that passes vacuously:
//
//   - [Kind]: what a trace [Event] records ("session.callback",
//     "violation", ...). [Kinds] lists them all; every kind has a text line
//     ([Describe]), a narration where it teaches ([Narrate]) and a form in
//     the sequence diagram ([RenderMermaid]), and a step on the HTML page
//     ([RenderHTML]).
//   - [Rule]: the ID of a rule of real iOS (RuleD4 is R-D4: call the
//     completion handler once, on the main thread) or of a common mistake
//     (MistakeM5). docs/ios-rules.md explains each; [Rules] and [Mistakes]
//     list them.
//   - [Callback]: an AppDelegate or SessionDelegate method, by its
//     Xamarin name, with [Callback.Swift] for the Swift one.
//   - [Pattern]: the events a check is about, by the fields that matter;
//     [Select] and [MatchInOrder] apply patterns to a trace.
//
// An [Event] and a [Violation] print as one line with the virtual time
// ("T+00:42.200 violation R-D4 process 2: ..."), with %v and in Gomega
// failure messages alike. A task's TaskDescription is on every event about
// it once the app set it ([Event].Desc), and the timeline names the task by
// it: task 2 "photo-2.jpg".
//
// # Panics and refused actions
//
// A panic in the app model is the app crashing: the trace shows it, with
// the app's file:line, and the simulation goes on as iOS would. Under
// [Config].AppPanics = [PanicsFail], what a test suite wants, the Run call
// also returns an [*AppPanicError] naming the panic, the app's file:line and
// its stack. An action the app's state does not allow (Home before Launch)
// returns an [*ActionError] in the user's words: "simulator: Home: the app
// is not running".
//
// # Updates and extensions
//
// [Sim.UpdateApp] installs a new version: a live process is ended as by a
// system kill, the transfers go on, and with [UpdateOptions].MoveContainer
// the container's absolute path changes, so paths the old install saved
// under the old one stop resolving (R-L9). [Sim.LaunchExtension] starts an
// app extension, a second, short-lived process of the same app with
// sessions of its own, and [Sim.EndExtension] ends it; when its transfers
// finish, the containing app is woken with the extension's session
// identifier (R-X1..R-X3).
//
// Each modelled rule of real iOS is cited by its ID (R-L3, R-D2, ...) in
// the code and in the trace events it decides.
package simulator
