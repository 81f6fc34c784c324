package simulator

import "github.com/bgsim/bgsim/appmodel"

// TerminationReasons lists every reason a process ends for, as the
// process.terminate event's Reason writes it.
func TerminationReasons() []TerminationReason {
	return []TerminationReason{TermUserForceQuit, TermMemoryPressure, TermCrash, TermWatchdog,
		TermAppUpdate, TermExtensionEnded}
}

// String returns the reason as the trace writes it.
func (r TerminationReason) String() string { return string(r) }

// LaunchReasons lists every appmodel.LaunchReason, as the process.launch
// event's Reason writes them.
func LaunchReasons() []appmodel.LaunchReason {
	var out []appmodel.LaunchReason
	seen := map[string]bool{}
	// String names every reason and falls back to the first one's name
	// for a value it does not know: count up until a name repeats.
	for r := appmodel.LaunchReason(0); !seen[r.String()]; r++ {
		seen[r.String()] = true
		out = append(out, r)
	}
	return out
}
