package simulator

import "time"

// UploadFromDataPolicy says what an upload from memory does in a
// background session (R-S2).
type UploadFromDataPolicy int

const (
	// UploadFromDataCrash raises when the task is made ("Upload tasks from
	// NSData are not supported in background sessions"): what developers
	// report from iOS 7 to 12. The default.
	UploadFromDataCrash UploadFromDataPolicy = iota
	// UploadFromDataFailOnExit lets the task run while the app is in the
	// foreground and fails it with -997 once the app leaves it, as Apple's
	// article "Downloading files in the background" words it.
	UploadFromDataFailOnExit
)

// String gives the policy's name, as scenario files write it.
func (p UploadFromDataPolicy) String() string {
	if p == UploadFromDataFailOnExit {
		return "fail-on-exit"
	}
	return "crash"
}

// UndeliveredPolicy says what becomes of the events a wake had not
// delivered when the app was killed for blocking it (R-D8).
type UndeliveredPolicy int

const (
	// UndeliveredDrop discards them: they never reach the app, as a radar
	// reports. The default.
	UndeliveredDrop UndeliveredPolicy = iota
	// UndeliveredRequeue keeps them queued: a later wake delivers them.
	UndeliveredRequeue
)

// String gives the policy's name, as scenario files write it.
func (p UndeliveredPolicy) String() string {
	if p == UndeliveredRequeue {
		return "requeue"
	}
	return "drop"
}

// DefaultTempFileRetentionUnlaunched is how long the daemon keeps a
// finished download's file for a session that does not launch the app,
// unless Config.TempFileRetentionUnlaunched says otherwise (R-S11, open).
const DefaultTempFileRetentionUnlaunched = time.Hour
