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
	// LogString, LogInt and LogInts write the same line for a string or
	// ints without boxing them in interfaces (see TypedLogger).
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
	// Write creates or replaces the file at path, its bytes described by
	// segs (WriteFileOfSize writes N bytes). Xamarin: NSData.Save;
	// Swift: Data.write(to:).
	Write(path string, segs ...fakes.Segment) error
	// Open reads the file at path; an error if there is none (a download
	// read after DidFinishDownloading returned, M5).
	Open(path string) (fakes.File, error)
	// CheckReadable is Open's error alone: nil if Open(path) would
	// succeed, else the error Open would return. It copies nothing: use
	// it where the model opens a file only to learn that it can be read.
	// Swift: FileManager.isReadableFile(atPath:).
	CheckReadable(path string) error
	// Stat describes the file at path, as Open does, without reading it.
	Stat(path string) (fakes.File, error)
	// Rename moves a file, replacing one at to and making to's missing
	// directories: how a download leaves its temporary location (R-D6).
	// Xamarin: NSFileManager.Move; Swift: FileManager.moveItem(at:to:).
	Rename(from, to string) error
	// Remove deletes the file, or empty directory, at path.
	Remove(path string) error
	// Exists reports whether a file or directory is at path.
	Exists(path string) bool
	// List is the sorted paths of the files under dir, at any depth.
	List(dir string) []string
}

// Defaults is NSUserDefaults: a persistent key-value store. Xamarin:
// NSUserDefaults.StandardUserDefaults; Swift: UserDefaults.standard.
type Defaults interface {
	// String, Int and Bool read the value stored under key, or the zero
	// value if there is none; the Set forms store one. Xamarin:
	// StringForKey / SetString, IntForKey / SetInt, BoolForKey / SetBool;
	// Swift: string(forKey:), integer(forKey:), bool(forKey:), set(_:forKey:).
	String(key string) string
	SetString(key, value string)
	Int(key string) int
	SetInt(key string, value int)
	Bool(key string) bool
	SetBool(key string, value bool)
	// Remove deletes the value under key. Xamarin: RemoveObject; Swift:
	// removeObject(forKey:).
	Remove(key string)
	// Keys lists the keys in sorted order.
	Keys() []string
}
