package scenarios

import (
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Mistakes M1 and M6 of the teaching catalog are not switches of the
// reference app but of the person testing it: force-quitting the app from
// the app switcher to "test the relaunch", and expecting the transfers to
// survive it. A force-quit cancels every background transfer with -999,
// reason userForceQuit, and iOS does not relaunch the app (R-E3). The fixed
// twin leaves the app the way a real user does (the home screen) and lets
// the system reclaim its memory: the transfer goes on and iOS relaunches
// the app into the background to deliver it (R-E2, R-D2).

// ForceQuitScript is mistake M1: the developer force-quits the app to test
// the relaunch, waits, and opens the app again.
var ForceQuitScript = []ScriptStep{
	{At: 0, Name: "the user launches the app; it starts the download", Do: Launch},
	{At: 4 * time.Second, Name: "the developer force-quits the app in the app switcher, to test the relaunch", Do: ForceQuit},
	{At: 5 * time.Minute, Name: "the user opens the app again", Do: Launch},
}

// ForceQuitFixedScript is the fix of M1: the user leaves the app for the
// home screen and iOS reclaims the suspended app's memory, which is how a
// relaunch is tested.
var ForceQuitFixedScript = []ScriptStep{
	{At: 0, Name: "the user launches the app; it starts the download", Do: Launch},
	{At: 4 * time.Second, Name: "the user goes to the home screen", Do: Home},
	{At: 12 * time.Second, Name: "iOS reclaims the suspended app's memory (what a relaunch test should do instead of a force-quit)", Do: MemoryPressureKill},
	{At: 5 * time.Minute, Name: "the user opens the app again", Do: Launch},
}

// ForceQuitToTestRelaunch runs mistake M1 (and M6) with the reference app:
// the download starts, the developer force-quits the app, time passes and
// nothing happens: no relaunch (R-E3). At the next user launch the app
// recreates its session and gets DidCompleteWithError(-999, reason
// userForceQuit) with resume data (R-G1). It returns the simulation even
// on error, for its trace.
func ForceQuitToTestRelaunch(cfg simulator.Config, opts appmodel.RefOptions) (*simulator.Sim, error) {
	return RunRefApp(cfg, "force-quit-to-test-relaunch", opts, ForceQuitScript)
}

// ForceQuitToTestRelaunchFixed runs the fixed twin of M1 and M6: the user
// goes home, iOS kills the suspended app for memory, the daemon finishes
// the download and launches the app into the background to deliver it
// (R-E2, R-D2). It returns the simulation even on error, for its trace.
func ForceQuitToTestRelaunchFixed(cfg simulator.Config, opts appmodel.RefOptions) (*simulator.Sim, error) {
	return RunRefApp(cfg, "force-quit-to-test-relaunch-fixed", opts, ForceQuitFixedScript)
}

// DebuggerScript is the story of mistake M12 and its fix: the user starts
// the download, leaves the app, and opens it again five minutes later.
var DebuggerScript = []ScriptStep{
	{At: 0, Name: "the user launches the app; it starts the download", Do: Launch},
	{At: 4 * time.Second, Name: "the user goes to the home screen", Do: Home},
	{At: 5 * time.Minute, Name: "the user opens the app again", Do: Launch},
}

// TestedUnderDebugger runs mistake M12: the same story as its fixed twin,
// with a debugger attached (Config.DebuggerAttached). The app is never
// suspended, the download is delivered to the running app, and the relaunch
// path (HandleEventsForBackgroundURL, DidFinishEventsForBackgroundSession,
// the completion handler) never runs (R-L8). It returns the simulation even
// on error, for its trace.
func TestedUnderDebugger(cfg simulator.Config, opts appmodel.RefOptions) (*simulator.Sim, error) {
	cfg.DebuggerAttached = true
	return RunRefApp(cfg, "tested-under-debugger", opts, DebuggerScript)
}

// TestedUnderDebuggerFixed runs the fix of M12: the same story without the
// debugger, so the app is suspended and woken for its events as on a
// user's device (R-L8, R-D2).
func TestedUnderDebuggerFixed(cfg simulator.Config, opts appmodel.RefOptions) (*simulator.Sim, error) {
	cfg.DebuggerAttached = false
	return RunRefApp(cfg, "tested-under-debugger-fixed", opts, DebuggerScript)
}

// MistakeScenarios lists the scenarios of the mistakes that are the
// tester's, not the app's (M1, M6, M12), with their fixed twins, in the form
// of the built-in catalog.
func MistakeScenarios() []BuiltinScenario {
	run := func(name string, f func(simulator.Config, appmodel.RefOptions) (*simulator.Sim, error)) func(simulator.Config, appmodel.Mistakes) (*simulator.Sim, error) {
		return func(cfg simulator.Config, m appmodel.Mistakes) (*simulator.Sim, error) {
			if cfg.Scenario == "" {
				cfg.Scenario = name
			}
			return f(cfg, appmodel.RefOptions{Mistakes: m})
		}
	}
	return []BuiltinScenario{
		{
			Name:        "force-quit-to-test-relaunch",
			Description: "M1/M6: force-quitting the app cancels its transfers (-999, userForceQuit) and iOS never relaunches it",
			RefApp:      true,
			Run:         run("force-quit-to-test-relaunch", ForceQuitToTestRelaunch),
		},
		{
			Name:        "force-quit-to-test-relaunch-fixed",
			Description: "M1/M6 fixed: go home and let iOS kill the app for memory; the transfer goes on and the app is relaunched",
			RefApp:      true,
			Run:         run("force-quit-to-test-relaunch-fixed", ForceQuitToTestRelaunchFixed),
		},
		{
			Name:        "tested-under-debugger",
			Description: "M12: under the debugger the app is never suspended: the download arrives in-process and the relaunch path never runs",
			RefApp:      true,
			Run:         run("tested-under-debugger", TestedUnderDebugger),
		},
		{
			Name:        "tested-under-debugger-fixed",
			Description: "M12 fixed: the same story without the debugger: the app is suspended, woken for its events, and calls the handler",
			RefApp:      true,
			Run:         run("tested-under-debugger-fixed", TestedUnderDebuggerFixed),
		},
	}
}
