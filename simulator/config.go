package simulator

import (
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// MainThreadPolicy says what happens when an app updates its UI off the
// main thread (R-D5).
type MainThreadPolicy int

const (
	// PolicyTerminate kills the app, as the seed walkthrough says iOS may
	// ("to avoid iOS terminating the app"). The default.
	PolicyTerminate MainThreadPolicy = iota
	// PolicyReport records a violation and lets the app go on, as the Main
	// Thread Checker does in a debug build.
	PolicyReport
)

// String gives the policy's name.
func (p MainThreadPolicy) String() string {
	if p == PolicyReport {
		return "report"
	}
	return "terminate"
}

// PowerNeed is what power a discretionary transfer waits for (R-S6).
type PowerNeed int

const (
	// PowerCharging: only while charging. The default.
	PowerCharging PowerNeed = iota
	// PowerChargingOrAbove: while charging, or with the battery at
	// DiscretionaryBattery or more.
	PowerChargingOrAbove
	// PowerAnyLevel: power does not matter, only Wi-Fi.
	PowerAnyLevel
)

// Config holds every number of the platform. A zero field takes its
// default; each default names the rule it comes from and how sure we are
// of it (doc: Apple documents it; staff: Apple engineers said so; seen:
// developers observed it; open: undocumented, bgsim's choice).
type Config struct {
	// Scenario and Seed identify the run in the trace header. All randomness
	// of a run derives from Seed (see Rand).
	Scenario string
	Seed     uint64
	// Start is the virtual wall-clock time at T+0. Default 2026-01-05 09:00 UTC.
	Start time.Time

	// BackgroundGrace is how long an app that entered the background keeps
	// running before it is suspended, and how long DidEnterBackground may
	// take before the watchdog kills the app. R-L3, doc. Default 5 s.
	BackgroundGrace time.Duration
	// BackgroundTaskBudget is how long background-task assertions keep an
	// app running once it is in the background. R-L4, doc/staff. Default 30 s.
	BackgroundTaskBudget time.Duration
	// BackgroundTaskExpiryWarning is how long before the budget ends the
	// expiration handlers run. R-L4, open. Default 5 s.
	BackgroundTaskExpiryWarning time.Duration
	// MainThreadPolicy: what a UI update off the main thread costs. R-D5,
	// doc (Xamarin). Default PolicyTerminate.
	MainThreadPolicy MainThreadPolicy

	// CompletionHandlerBudget is how long an app woken for session events
	// has to call the completion handler before it is suspended and a
	// violation is recorded. R-D4, open. Default 30 s.
	CompletionHandlerBudget time.Duration
	// ProgressInterval is the cadence of DidWriteData, DidSendBodyData and
	// a data task's DidReceiveData while the app runs. R-G3, open. Default
	// 1 s.
	ProgressInterval time.Duration
	// RetryDelay is how long the daemon waits before retrying a transfer
	// whose connection was lost while the link is up. R-G2, open. Default 5 s.
	RetryDelay time.Duration
	// RelaunchDelayInitial is the delay a background wake after a reset
	// imposes on the next one; a wake that had to wait for the delay doubles
	// it, and a delay that passes with no wake waiting resets it. R-R1,
	// staff/seen. Default 60 s.
	RelaunchDelayInitial time.Duration
	// UndeliveredOnKill is what becomes of a wake's undelivered events when
	// the app is killed for still blocking its code when
	// CompletionHandlerBudget runs out. R-D8, seen. Default UndeliveredDrop.
	UndeliveredOnKill UndeliveredPolicy
	// UploadFromDataPolicy is what an upload from memory does in a
	// background session. R-S2, seen (crash) / doc (fail-on-exit). Default
	// UploadFromDataCrash.
	UploadFromDataPolicy UploadFromDataPolicy
	// TempFileRetentionUnlaunched is how long the daemon keeps a finished
	// download's file for a session whose SessionSendsLaunchEvents is false
	// before deleting it; DidFinishDownloading later names a file that is
	// gone. R-S11, open. Default 1 h.
	TempFileRetentionUnlaunched time.Duration
	// ForegroundStartDelay holds every background-session transfer started
	// while the app is in the foreground that long before it starts. R-S12,
	// seen on some devices. Default 0: off.
	ForegroundStartDelay time.Duration
	// DebuggerAttached: a debugger is attached to the app, which is then
	// never suspended; session events reach it in-process, without a wake,
	// and it is never launched in the background. R-L8, staff. Default
	// false.
	DebuggerAttached bool
	// Jitter draws the timings iOS does not document from the seed, each
	// from a random stream of its own, so that different seeds explore
	// different interleavings (see JitterWake and its siblings). Default false: those
	// timings are fixed, and traces depend on the seed only through the
	// scenario.
	Jitter bool
	// Power is the device's power state at T+0. Default DefaultPower
	// (80 %, not charging).
	Power Power
	// DiscretionaryPower is the power a discretionary transfer waits for,
	// besides Wi-Fi and no low-power mode. Apple says the system might
	// hold discretionary transfers back; bgsim holds them for Wi-Fi and
	// this (PowerAnyLevel: Wi-Fi only). R-S6, open. Default PowerCharging.
	DiscretionaryPower PowerNeed
	// DiscretionaryBattery is the battery level that suffices under
	// PowerChargingOrAbove. R-S6, open. Default 50 %.
	DiscretionaryBattery int
	// StartOffline starts the run with the link offline (Link then applies
	// to nothing: set the link with Network().SetLink when it comes back).
	// The same as Link: fakes.Link{Kind: fakes.Offline}.
	StartOffline bool
	// Link is the network link at T+0. Connectivity is explicit: the zero
	// Link is DefaultLink (Wi-Fi, 2 MB/s, 50 ms), a Link's zero Kind is
	// Wi-Fi, and a zero Bandwidth on a link that is not offline takes
	// DefaultLink's, so Link{Latency: time.Second} is a slow Wi-Fi, never
	// a link that silently moves nothing (a zero Latency stays zero).
	// This differs from Network().SetLink, which takes a Link as it is
	// (there a zero Link moves nothing). Start offline with StartOffline
	// or Kind fakes.Offline; start connected with no bandwidth with a
	// negative Bandwidth, or set such a link with Network().SetLink.
	Link fakes.Link

	// LaunchWatchdog is how long FinishedLaunching (with the Work it asks
	// for) may keep the main thread before the watchdog kills the app, as
	// iOS does with its "8badf00d" exception code. R-L2; the watchdog is
	// doc (Apple, "Addressing watchdog terminations"), the 20 s is seen
	// (Apple's older technical note TN2151 and crash reports). Default 20 s.
	LaunchWatchdog time.Duration
	// SceneWatchdog is how long OnActivated, OnResignActivation and
	// WillEnterForeground may keep the main thread before the watchdog
	// kills the app. R-L2; doc (the watchdog), seen (TN2151: 10 s for
	// resume and suspend). Default 10 s. DidEnterBackground is bounded by
	// BackgroundGrace instead (R-L3).
	SceneWatchdog time.Duration
	// AppPanics says whether a panic in the app model, besides crashing
	// the app in the trace, makes the Run call return an *AppPanicError.
	// Default PanicsReport (it does not); test suites want PanicsFail.
	AppPanics AppPanicPolicy

	// EventBudget bounds the events one Run call may fire, so a runaway app
	// model is stopped instead of hanging: the stop is a trace event naming
	// the callback that kept scheduling, and the app is killed as the
	// watchdog would. Default fakes.DefaultBudget.
	EventBudget int

	// TraceKeep says what the run keeps of its trace: every event (KeepAll,
	// the default; tens of bytes an event, up to MaxTraceEvents), only a
	// running hash (KeepHash: nothing that grows), the last TraceLast
	// events (KeepLast), or nothing (KeepNone).
	TraceKeep TraceKeep
	// TraceLast is how many events KeepLast keeps. Default DefaultTraceLast.
	TraceLast int
	// MaxTraceEvents bounds the events a trace that keeps every event
	// (KeepAll) holds over the whole simulation, and with them the memory
	// a run holds: tens of bytes an event as stored, a few hundred once
	// read back with Trace. A run that reaches it is stopped as for
	// EventBudget; later Run calls and actions return ErrTraceFull. Raise
	// it for a long run, or keep only a hash or the last events
	// (TraceKeep), which it does not bound. Default DefaultMaxTraceEvents.
	MaxTraceEvents int
}

// Defaults of Config.
const (
	DefaultBackgroundGrace             = 5 * time.Second
	DefaultBackgroundTaskBudget        = 30 * time.Second
	DefaultBackgroundTaskExpiryWarning = 5 * time.Second
	DefaultCompletionHandlerBudget     = 30 * time.Second
	DefaultProgressInterval            = time.Second
	DefaultRetryDelay                  = 5 * time.Second
	DefaultRelaunchDelayInitial        = 60 * time.Second
	DefaultLaunchWatchdog              = 20 * time.Second
	DefaultSceneWatchdog               = 10 * time.Second
	// DefaultMaxTraceEvents keeps a runaway model stopped by it under
	// 100 MB of heap (BenchmarkRunawayMemory), and is far above what any
	// scenario of the catalog records (hundreds of events).
	DefaultMaxTraceEvents = 100_000
)

// DefaultStart is the virtual time at T+0 unless Config.Start says otherwise.
var DefaultStart = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// DefaultLink is the link at T+0 unless Config.Link says otherwise.
var DefaultLink = fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 50 * time.Millisecond}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if c.Start.IsZero() {
		c.Start = DefaultStart
	}
	set(&c.BackgroundGrace, DefaultBackgroundGrace)
	set(&c.BackgroundTaskBudget, DefaultBackgroundTaskBudget)
	set(&c.BackgroundTaskExpiryWarning, DefaultBackgroundTaskExpiryWarning)
	set(&c.CompletionHandlerBudget, DefaultCompletionHandlerBudget)
	set(&c.ProgressInterval, DefaultProgressInterval)
	set(&c.RetryDelay, DefaultRetryDelay)
	set(&c.RelaunchDelayInitial, DefaultRelaunchDelayInitial)
	set(&c.TempFileRetentionUnlaunched, DefaultTempFileRetentionUnlaunched)
	set(&c.LaunchWatchdog, DefaultLaunchWatchdog)
	set(&c.SceneWatchdog, DefaultSceneWatchdog)
	if c.Power == (Power{}) {
		c.Power = DefaultPower
	}
	if c.DiscretionaryBattery == 0 {
		c.DiscretionaryBattery = 50
	}
	if c.Link == (fakes.Link{}) {
		c.Link = DefaultLink
	}
	if c.Link.Kind != fakes.Offline && c.Link.Bandwidth == 0 {
		c.Link.Bandwidth = DefaultLink.Bandwidth
	}
	if c.EventBudget <= 0 {
		c.EventBudget = fakes.DefaultBudget
	}
	if c.TraceLast <= 0 {
		c.TraceLast = DefaultTraceLast
	}
	if c.MaxTraceEvents <= 0 {
		c.MaxTraceEvents = DefaultMaxTraceEvents
	}
	return c
}
