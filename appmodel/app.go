package appmodel

import (
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// App is what an app model can call: UIApplication plus the platform
// services it needs. Xamarin: UIApplication.SharedApplication and friends;
// Swift: UIApplication.shared.
//
// An App belongs to one process. Calls made through the App of a process that
// has ended do nothing (the process is gone).
type App interface {
	// State is the process state. Xamarin: UIApplication.ApplicationState.
	State() State
	// Now is the current virtual time.
	Now() time.Time

	// NewSession creates a session, or reconnects to the background session
	// with the same identifier (R-I3). Xamarin: NSUrlSession.FromConfiguration;
	// Swift: URLSession(configuration:delegate:delegateQueue:).
	NewSession(cfg SessionConfig, d SessionDelegate) Session

	// InvokeOnMainThread queues f on the main queue. Xamarin:
	// InvokeOnMainThread / BeginInvokeOnMainThread; Swift:
	// DispatchQueue.main.async.
	InvokeOnMainThread(f func())
	// DispatchBackground queues f on a global background queue. Xamarin:
	// Task.Run; Swift: DispatchQueue.global().async.
	DispatchBackground(f func())
	// IsMainThread reports whether the caller runs on the main queue.
	// Xamarin: NSThread.IsMain; Swift: Thread.isMainThread.
	IsMainThread() bool
	// UpdateUI records a change to the user interface. Off the main thread it
	// is a violation (R-D5).
	UpdateUI(what string)

	// BeginBackgroundTask asks for time to finish work in the background
	// (R-L4); expired runs on the main thread just before the time is up.
	// Xamarin: UIApplication.BeginBackgroundTask; Swift:
	// beginBackgroundTask(withName:expirationHandler:).
	BeginBackgroundTask(name string, expired func()) BackgroundTaskID
	// EndBackgroundTask ends an assertion. Xamarin/Swift: EndBackgroundTask.
	EndBackgroundTask(id BackgroundTaskID)

	// After runs f on the main queue d from now, only while the app runs
	// (R-L5: a suspended app's timers wait). Swift: Timer.scheduledTimer.
	After(d time.Duration, f func()) Timer
	// Work spends d of virtual CPU time on the current queue, then runs then
	// on it: the queue is busy meanwhile, as with a blocking call.
	Work(d time.Duration, then func())

	// Files is the app's container; it survives termination (R-L6).
	Files() FileSystem
	// Defaults is NSUserDefaults; it survives termination (R-L6).
	Defaults() Defaults
	// Log writes app output into the trace. Xamarin: Console.WriteLine.
	Log(format string, args ...any)
}

// BackgroundTaskID identifies a background-task assertion. Xamarin: nint;
// Swift: UIBackgroundTaskIdentifier.
type BackgroundTaskID int

// InvalidBackgroundTask is what BeginBackgroundTask returns when no
// assertion can be had. Swift: .invalid.
const InvalidBackgroundTask BackgroundTaskID = 0

// Timer is a scheduled main-queue callback.
type Timer interface {
	// Stop cancels the timer and reports whether it had not fired yet.
	Stop() bool
}

// FileSystem is the app's container (fakes.FS implements it). Files hold
// sizes and the origin of their bytes, not the bytes themselves;
// [WriteFileOfSize] makes a file of N bytes in one call.
//
// A path is either absolute on the device, under HomeDirectory, or taken
// from the container's root ("/Documents/a.png"). An app update or
// reinstall can move the container (R-L9): then absolute paths that an
// earlier install persisted no longer resolve (mistake M14). Persist paths
// relative to the container and join them to HomeDirectory when used.
type FileSystem interface {
	// HomeDirectory is the container's absolute path in this install.
	// Xamarin: NSFileManager.HomeDirectory / Environment.GetFolderPath;
	// Swift: NSHomeDirectory().
	HomeDirectory() string
	Write(path string, segs ...fakes.Segment) error
	Open(path string) (fakes.File, error)
	Stat(path string) (fakes.File, error)
	Rename(from, to string) error
	Remove(path string) error
	Exists(path string) bool
	List(dir string) []string
}

// Defaults is NSUserDefaults: a persistent key-value store. Xamarin:
// NSUserDefaults.StandardUserDefaults; Swift: UserDefaults.standard.
type Defaults interface {
	String(key string) string
	SetString(key, value string)
	Int(key string) int
	SetInt(key string, value int)
	Bool(key string) bool
	SetBool(key string, value bool)
	Remove(key string)
	// Keys lists the keys in sorted order.
	Keys() []string
}
