package simulator

// Kind is what a trace event records: "lifecycle.transition",
// "session.callback", "violation"... Every kind is a constant of this
// file, listed by [Kinds], and has a row in the kind table below that
// says who does it and how each renderer shows it. A test fails when a
// kind lacks a row or a row lacks a rendering.
type Kind string

// Kinds of the app's lifecycle, the user and the system.
const (
	KindUserAction   Kind = "user.action"          // the user did something (Detail)
	KindLaunch       Kind = "process.launch"       // a new process (Process, Reason: appmodel.LaunchReason)
	KindTerminate    Kind = "process.terminate"    // a process ended (Process, Reason: TerminationReason, Detail)
	KindTransition   Kind = "lifecycle.transition" // the app's state went From -> To because of Cause
	KindAppCallback  Kind = "app.callback"         // an AppDelegate method began (Callback, Queue; Reason for FinishedLaunching)
	KindLog          Kind = "app.log"              // app output (Queue, Detail)
	KindUI           Kind = "app.ui"               // a UI update (Queue, Detail)
	KindCrash        Kind = "app.crash"            // the app's own code crashed: its model panicked, or made a call iOS raises an exception for (Detail, Where); a crash the scenario causes (Sim.Crash) is a process.terminate with Reason crash
	KindBGTaskBegin  Kind = "bgtask.begin"         // a background-task assertion began (BGTask = its id, Detail = its name)
	KindBGTaskEnd    Kind = "bgtask.end"           // a background-task assertion ended (BGTask, Detail)
	KindBGTaskExpire Kind = "bgtask.expire"        // its expiration handler was queued (BGTask, Detail)
	KindViolation    Kind = "violation"            // the app broke a rule of the platform (Rule, Detail)
	KindSystem       Kind = "system.note"          // a decision of the system worth showing (Detail)
	KindNote         Kind = "scenario.note"        // a note of the scenario's script (Detail)
	KindSnapshot     Kind = "system.snapshot"      // iOS snapshots the UI, then may suspend (R-D4)
	KindPower        Kind = "device.power"         // the power state changed (From -> To)
)

// Kinds of the daemon, the network and the session side of the app. Events
// about one transfer carry its Session, Task and Desc (TaskDescription).
const (
	KindConnect          Kind = "session.connect"        // a process connected to a background session (R-I3)
	KindSessionCallback  Kind = "session.callback"       // a SessionDelegate method began (Callback, Queue, Task)
	KindTaskCreate       Kind = "task.create"            // the app made a task (Task, Detail = kind and URL)
	KindTaskWait         Kind = "task.wait"              // a task waits for conditions (Detail)
	KindTransferStart    Kind = "transfer.start"         // the daemon starts an attempt (Bytes = offset)
	KindTransferResponse Kind = "transfer.response"      // response headers (Code = status, Expected)
	KindTransferRetry    Kind = "transfer.retry"         // a lost connection, retried (R-G2)
	KindTaskComplete     Kind = "task.complete"          // the daemon completed a task (Bytes received, Total sent by an upload; Code and Reason on error)
	KindFile             Kind = "daemon.file"            // a downloaded file written or deleted (R-D6)
	KindChallenge        Kind = "network.challenge"      // the server asks for credentials
	KindChallengeReply   Kind = "app.challenge-reply"    // the app answered a challenge
	KindRelaunch         Kind = "daemon.wake"            // the daemon wakes the app for events (R-D1)
	KindRelaunchDeferred Kind = "daemon.wake-deferred"   // the rate limiter delays a wake (R-R1)
	KindHandlerCall      Kind = "app.completion-handler" // the app called the events completion handler
	KindLink             Kind = "network.link"           // the link changed (From -> To)
)

// kindSpec is everything the renderers need to know about a kind.
type kindSpec struct {
	kind  Kind
	actor Actor // who usually does it; the diagram's fallback participant
	// text is the event's line in the timeline (Describe).
	text func(Event) string
	// narrate explains the event to a learner (Narrate), returning "" when
	// this event needs no explanation. Nil only when quiet is set.
	narrate func(Event) string
	// quiet: events of this kind speak for themselves and are never
	// narrated. A kind has either narrate or quiet, so that adding a kind
	// is a decision about its narration, not an oversight.
	quiet bool
	// diagram is the event's statement in the sequence diagram.
	diagram mermaidForm
}

// kindTable is the one place that says how every kind is rendered, in the
// order of [Kinds]. The text and narration functions live beside the
// renderers (trace_text.go, daemon_trace.go), the participants in
// render_mermaid.go.
var kindTable = [...]kindSpec{
	{kind: KindUserAction, actor: ActorUser, text: textDetail, quiet: true,
		diagram: mmMessage(mmUser, "->>", mmSystem)},
	{kind: KindLaunch, actor: ActorSystem, text: textLaunch, narrate: narrateLaunch,
		diagram: mmMessage(mmSystem, "->>", mmApp)},
	{kind: KindTerminate, actor: ActorSystem, text: textTerminate, narrate: narrateTerminate,
		diagram: mmMessage(mmSystem, "-x", mmApp)},
	{kind: KindTransition, actor: ActorSystem, text: textTransition, narrate: narrateTransition,
		diagram: mmNote("over " + mmApp)},
	{kind: KindAppCallback, actor: ActorApp, text: textAppCallback, narrate: narrateAppCallback,
		diagram: mmMessage(mmSystem, "->>", mmApp)},
	{kind: KindLog, actor: ActorApp, text: textLog, quiet: true,
		diagram: mmNote("right of " + mmApp)},
	{kind: KindUI, actor: ActorApp, text: textUI, quiet: true,
		diagram: mmNote("left of " + mmApp)},
	{kind: KindCrash, actor: ActorApp, text: textCrash, quiet: true, // the process.terminate that follows explains it
		diagram: mmNote("over " + mmApp)},
	{kind: KindBGTaskBegin, actor: ActorApp, text: textBGTaskBegin, quiet: true,
		diagram: mmMessage(mmApp, "->>", mmSystem)},
	{kind: KindBGTaskEnd, actor: ActorApp, text: textBGTaskEnd, quiet: true,
		diagram: mmMessage(mmApp, "->>", mmSystem)},
	{kind: KindBGTaskExpire, actor: ActorSystem, text: textBGTaskExpire, narrate: narrateBGTaskExpire,
		diagram: mmMessage(mmSystem, "->>", mmApp)},
	{kind: KindViolation, actor: ActorSystem, text: textViolation, narrate: narrateViolation,
		diagram: mmNote("over " + mmApp + "," + mmSystem)},
	{kind: KindSystem, actor: ActorSystem, text: textDetail, quiet: true,
		diagram: mmNote("over " + mmSystem)},
	{kind: KindNote, actor: ActorUser, text: textNote, quiet: true,
		diagram: mmNote("over " + mmUser)},
	{kind: KindSnapshot, actor: ActorSystem, text: textDetail, narrate: narrateSnapshot,
		diagram: mmNote("over " + mmSystem)},
	{kind: KindPower, actor: ActorUser, text: textPower, quiet: true,
		diagram: mmNote("over " + mmUser)},

	{kind: KindConnect, actor: ActorDaemon, text: textConnect, narrate: narrateConnect,
		diagram: mmMessage(mmApp, "->>", mmDaemon)},
	{kind: KindSessionCallback, actor: ActorApp, text: textSessionCallback, narrate: narrateSessionCallback,
		diagram: mmMessage(mmDaemon, "->>", mmApp)},
	{kind: KindTaskCreate, actor: ActorApp, text: textTaskCreate, quiet: true,
		diagram: mmMessage(mmApp, "->>", mmDaemon)},
	{kind: KindTaskWait, actor: ActorDaemon, text: textTaskWait, quiet: true,
		diagram: mmNote("over " + mmDaemon)},
	{kind: KindTransferStart, actor: ActorDaemon, text: textTransferStart, narrate: narrateTransferStart,
		diagram: mmMessage(mmDaemon, "->>", mmNetwork)},
	{kind: KindTransferResponse, actor: ActorNetwork, text: textTransferResponse, quiet: true,
		diagram: mmMessage(mmNetwork, "-->>", mmDaemon)},
	{kind: KindTransferRetry, actor: ActorDaemon, text: textTransferRetry, quiet: true,
		diagram: mmMessage(mmNetwork, "--x", mmDaemon)},
	{kind: KindTaskComplete, actor: ActorDaemon, text: textTaskComplete, quiet: true,
		diagram: mmNote("over " + mmDaemon)},
	{kind: KindFile, actor: ActorDaemon, text: textDetail, narrate: narrateFile,
		diagram: mmNote("over " + mmDaemon)},
	{kind: KindChallenge, actor: ActorNetwork, text: textChallenge, quiet: true,
		diagram: mmMessage(mmNetwork, "->>", mmDaemon)},
	{kind: KindChallengeReply, actor: ActorApp, text: textChallengeReply, quiet: true,
		diagram: mmMessage(mmApp, "->>", mmDaemon)},
	{kind: KindRelaunch, actor: ActorDaemon, text: textDetail, narrate: narrateRelaunch,
		diagram: mmMessage(mmDaemon, "->>", mmSystem)},
	{kind: KindRelaunchDeferred, actor: ActorDaemon, text: textDetail, narrate: narrateRelaunchDeferred,
		diagram: mmNote("over " + mmSystem + "," + mmDaemon)},
	{kind: KindHandlerCall, actor: ActorApp, text: textHandlerCall, narrate: narrateHandlerCall,
		diagram: mmMessage(mmApp, "->>", mmSystem)},
	{kind: KindLink, actor: ActorNetwork, text: textLink, quiet: true,
		diagram: mmNote("over " + mmNetwork)},
}

// kindSpecs finds a kind's row; it is built once from kindTable.
var kindSpecs = func() map[Kind]*kindSpec {
	m := make(map[Kind]*kindSpec, len(kindTable))
	for i := range kindTable {
		m[kindTable[i].kind] = &kindTable[i]
	}
	return m
}()

// Kinds lists every event kind, lifecycle kinds first, then the daemon's,
// in the order of the constants.
func Kinds() []Kind {
	out := make([]Kind, len(kindTable))
	for i, k := range kindTable {
		out[i] = k.kind
	}
	return out
}

// Known reports whether k is one of the kinds of this package; a trace
// written by another version of bgsim may hold others.
func (k Kind) Known() bool {
	_, ok := kindSpecs[k]
	return ok
}

// Actor is who usually does what events of this kind record ("" for an
// unknown kind). An event's own Actor field says who did it.
func (k Kind) Actor() Actor {
	if s, ok := kindSpecs[k]; ok {
		return s.actor
	}
	return ""
}

// String returns the kind as the trace writes it.
func (k Kind) String() string { return string(k) }
