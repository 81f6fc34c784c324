package scenarios

// Policy is a declarative app: instead of code, a menu of what the app
// does in each callback. It lets a Swift or Xamarin developer write down
// the strategy of the app they ship and see what iOS does to it; every
// mistake of the M list is one choice away from its fix. The zero choices
// are the fixes: the app of the seed walkthrough done right.
type Policy struct {
	// Sessions are the background sessions the app makes.
	Sessions []PolicySession `yaml:"sessions"`
	// Recreate is when a new process makes its sessions again:
	// at-launch (in FinishedLaunching, if it persisted that work is under
	// way; the fix, R-I3), on-handle-events (only when
	// HandleEventsForBackgroundURL asks), or never (M3).
	Recreate string `yaml:"recreate" jsonschema:"enum=at-launch,enum=on-handle-events,enum=never"`
	// RelaunchIdentifier is the identifier the app uses when it makes a
	// session again after a background launch; unset, the same one (R-I3).
	// Another identifier reconnects to nothing (M3).
	RelaunchIdentifier string `yaml:"relaunch-identifier"`
	// SessionPerTask makes a new session, with the same identifier, for
	// every task (M7, R-I1).
	SessionPerTask bool `yaml:"session-per-task"`
	// StateReady is when the delegate's per-task state is ready in a new
	// process: before-session (loaded before the session is made; the fix)
	// or after-session (loaded on the main queue after making it, so the
	// first events find nothing, M16).
	StateReady string `yaml:"state-ready" jsonschema:"enum=before-session,enum=after-session"`
	// Tasks are the transfers the app starts, and on which trigger.
	Tasks []PolicyTask `yaml:"tasks"`
	// TaskState is where the app keeps what each task is for: description
	// (the TaskDescription, which the daemon keeps; the fix), defaults
	// (NSUserDefaults by task id), or memory (lost with the process, M3,
	// R-L6).
	TaskState string `yaml:"task-state" jsonschema:"enum=description,enum=defaults,enum=memory"`
	// DownloadedFile is what DidFinishDownloading does with the file:
	// move (into the container before returning; the fix, R-D6),
	// read-later (on the main queue after returning, M5),
	// read-on-other-queue (on a background queue, M5), or ignore.
	DownloadedFile string `yaml:"downloaded-file" jsonschema:"enum=move,enum=read-later,enum=read-on-other-queue,enum=ignore"`
	// CompletionHandler is when and where the app calls the completion
	// handler of HandleEventsForBackgroundURL.
	CompletionHandler HandlerPolicy `yaml:"completion-handler"`
	// UIUpdates is where the app updates its UI from delegate callbacks:
	// main (through InvokeOnMainThread; the fix) or off-main (straight
	// from the delegate queue, M11, R-D5).
	UIUpdates string `yaml:"ui-updates" jsonschema:"enum=main,enum=off-main"`
	// Progress shows DidWriteData's progress in the UI (default true).
	Progress *bool `yaml:"progress"`
	// Work is virtual CPU time the app spends in callbacks, by callback
	// name (the trace's, the Xamarin or the Swift name):
	// {DidFinishDownloading: 40s} blocks the delegate queue (M13).
	Work map[string]Duration `yaml:"work"`
	// Challenge is how the app answers an auth challenge: use-credential
	// (the default), cancel, or default-handling.
	Challenge string `yaml:"challenge" jsonschema:"enum=use-credential,enum=cancel,enum=default-handling"`
	// Paths is how the app persists where its files are: relative to the
	// container (the fix) or absolute (M14: an update that moves the
	// container breaks them, R-L9).
	Paths string   `yaml:"paths" jsonschema:"enum=relative,enum=absolute"`
	Pos   Position `yaml:"-"`
}

// PolicySession is one background session of a policy app.
type PolicySession struct {
	// Identifier is the session's identifier.
	Identifier string `yaml:"identifier"`
	// Discretionary lets the system wait for Wi-Fi and power (R-S6).
	Discretionary bool `yaml:"discretionary"`
	// SendsLaunchEvents: the system wakes the app for the session's events
	// (default true, R-S5, R-S11).
	SendsLaunchEvents *bool `yaml:"sends-launch-events"`
	// AllowsCellular: transfers may use a cellular link (default true).
	AllowsCellular *bool `yaml:"allows-cellular"`
	// RequestTimeout is the idle timeout (default 60s, R-S8).
	RequestTimeout Duration `yaml:"request-timeout"`
	// SharedContainer is the app group whose shared container the session
	// uses; an extension's sessions need it (R-X1).
	SharedContainer string `yaml:"shared-container"`
	// ResourceTimeout bounds a transfer with its retries (default 7d, R-S8).
	ResourceTimeout Duration `yaml:"resource-timeout"`
	Pos             Position `yaml:"-"`
}

// HandlerPolicy is when and where the completion handler is called.
type HandlerPolicy struct {
	// When: after-events (in DidFinishEventsForBackgroundSession; the fix,
	// R-D3), early (in HandleEventsForBackgroundURL, before the events),
	// never, twice, or when-no-tasks-remain (only if getAllTasks is empty,
	// M15).
	When string `yaml:"when" jsonschema:"enum=after-events,enum=early,enum=never,enum=twice,enum=when-no-tasks-remain"`
	// On: main (through InvokeOnMainThread; the fix, R-D3) or
	// delegate-queue (M4).
	On  string   `yaml:"on" jsonschema:"enum=main,enum=delegate-queue"`
	Pos Position `yaml:"-"`
}

// PolicyTask is one transfer a policy app starts.
type PolicyTask struct {
	// Name is the task's TaskDescription, unique in the app.
	Name string `yaml:"name"`
	// Kind: download (the default), upload (from a file), upload-from-data
	// (from memory, M9), data (M9), or download-with-completion-handler (M2).
	Kind string `yaml:"kind" jsonschema:"enum=download,enum=upload,enum=upload-from-data,enum=data,enum=download-with-completion-handler"`
	// URL is what it transfers: a network resource, or an upload endpoint.
	URL string `yaml:"url"`
	// Size is an upload's body size.
	Size Size `yaml:"size"`
	// File is an upload's source file, or a download's destination, in the
	// app's container (default /Documents/NAME).
	File string `yaml:"file"`
	// Session is the identifier of the session it runs in (default: the
	// first session).
	Session string `yaml:"session"`
	// Start is its trigger: first-launch (the user taps Start at the first
	// activation; the default), every-launch (every user launch),
	// enter-background (when the app first enters the background, M10),
	// wake (one such task per background wake, in
	// DidFinishEventsForBackgroundSession, M8), or after (when the task
	// named by after completes, M17).
	Start string `yaml:"start" jsonschema:"enum=first-launch,enum=every-launch,enum=enter-background,enum=wake,enum=after"`
	// After names the task whose completion starts this one (start: after).
	After string `yaml:"after"`
	// EarliestBegin delays the start by this much (R-S7).
	EarliestBegin Duration `yaml:"earliest-begin"`
	// Token is sent as "Authorization: Bearer TOKEN" (a token of the
	// network's tokens). The header is fixed when the task is made: a
	// retry after the token expired is refused too (R-D9).
	Token string   `yaml:"token"`
	Pos   Position `yaml:"-"`
}
