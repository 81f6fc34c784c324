package appmodel

import (
	"net/http"
	"time"
)

// SessionConfig is a background session's configuration. Start from
// BackgroundSessionConfig, which sets the platform defaults; a zero
// SessionConfig has SessionSendsLaunchEvents and AllowsCellularAccess off.
// Xamarin: NSUrlSessionConfiguration.CreateBackgroundSessionConfiguration;
// Swift: URLSessionConfiguration.background(withIdentifier:).
type SessionConfig struct {
	// Identifier names the background session; the app reconnects to its
	// transfers by making a session with the same identifier (R-I3).
	Identifier string
	// Discretionary lets the system wait for Wi-Fi and power (R-S6).
	Discretionary bool
	// SessionSendsLaunchEvents: launch or resume the app when the session's
	// tasks are done (R-S5). Default true.
	SessionSendsLaunchEvents bool
	// AllowsCellularAccess: transfers may use a cellular link. Default true.
	AllowsCellularAccess bool
	// TimeoutIntervalForRequest is the idle timeout, reset by every byte
	// (R-S8). Default 60 s.
	TimeoutIntervalForRequest time.Duration
	// TimeoutIntervalForResource bounds a whole transfer with its retries
	// (R-S8). Default 7 days.
	TimeoutIntervalForResource time.Duration
	// SharedContainerIdentifier is the app group whose shared container
	// receives the session's downloads. An app extension's background
	// session must set it, or its tasks fail with -995 (R-X1); the
	// containing app reads the files from the same container (R-X2).
	// Xamarin: NSUrlSessionConfiguration.SharedContainerIdentifier; Swift:
	// sharedContainerIdentifier.
	SharedContainerIdentifier string
}

// SharedContainerPath is the absolute path of the shared container of the
// app group, which the app and its extensions can all read and write and
// which does not move when the app is updated. Xamarin:
// NSFileManager.GetContainerUrl; Swift:
// FileManager.containerURL(forSecurityApplicationGroupIdentifier:).
func SharedContainerPath(group string) string {
	return "/var/mobile/Containers/Shared/AppGroup/" + group
}

// Defaults of SessionConfig, from Apple's documentation.
const (
	DefaultTimeoutIntervalForRequest  = 60 * time.Second
	DefaultTimeoutIntervalForResource = 7 * 24 * time.Hour
)

// BackgroundSessionConfig returns the configuration of a background session
// with the platform defaults.
func BackgroundSessionConfig(identifier string) SessionConfig {
	return SessionConfig{
		Identifier:                 identifier,
		SessionSendsLaunchEvents:   true,
		AllowsCellularAccess:       true,
		TimeoutIntervalForRequest:  DefaultTimeoutIntervalForRequest,
		TimeoutIntervalForResource: DefaultTimeoutIntervalForResource,
	}
}

// Request is a URL request. Xamarin: NSUrlRequest (NSMutableUrlRequest for
// headers); Swift: URLRequest.
type Request struct {
	URL    string
	Method string // "" means GET
	// Header holds the request's header fields, for example Authorization.
	// The daemon sends them as they were when the task was made, on every
	// attempt and retry: a token that expires meanwhile is sent expired
	// (R-D9). Xamarin: NSMutableUrlRequest.Headers; Swift:
	// setValue(_:forHTTPHeaderField:).
	Header http.Header
}

// Session is a URL session as the app sees it: one object in one process,
// attached to a background session the daemon owns. Xamarin: NSUrlSession;
// Swift: URLSession.
type Session interface {
	// Identifier is the configuration's identifier.
	Identifier() string
	// Configuration is the configuration the session was made with.
	Configuration() SessionConfig
	// Delegate is the delegate events go to.
	Delegate() SessionDelegate

	// DownloadTask makes a delegate-style download task (suspended: call
	// Resume). Xamarin: CreateDownloadTask; Swift: downloadTask(with:).
	DownloadTask(req Request) Task
	// DownloadTaskWithResumeData continues a download from resume data
	// (R-G1). Swift: downloadTask(withResumeData:).
	DownloadTaskWithResumeData(data *ResumeData) Task
	// DownloadTaskWithCompletion makes a completion-handler-style download:
	// a programming error in a background session (R-S2). Swift:
	// downloadTask(with:completionHandler:).
	DownloadTaskWithCompletion(req Request, done func(location string, err *URLError)) Task
	// UploadTask makes an upload task whose body is the file at path.
	// Xamarin: CreateUploadTask(request, fileURL); Swift: uploadTask(with:fromFile:).
	UploadTask(req Request, path string) Task
	// UploadTaskFromData makes an upload task whose body (size bytes) is in
	// memory (R-S2). Swift: uploadTask(with:from:).
	UploadTaskFromData(req Request, size int64) Task
	// DataTask makes a data task (R-S2). Swift: dataTask(with:).
	DataTask(req Request) Task

	// GetAllTasks calls f on the delegate queue with the session's tasks,
	// those started by earlier processes included. Xamarin: GetAllTasks;
	// Swift: getAllTasks(completionHandler:).
	GetAllTasks(f func([]Task))
	// FinishTasksAndInvalidate lets running tasks finish, then invalidates
	// the session (R-G4).
	FinishTasksAndInvalidate()
	// InvalidateAndCancel cancels every task and invalidates the session (R-G4).
	InvalidateAndCancel()
}

// TaskKind is what a task transfers.
type TaskKind int

// Task kinds.
const (
	DownloadKind TaskKind = iota
	UploadKind
	DataKind
)

var taskKindNames = [...]string{"download", "upload", "data"}

// String gives the kind's name: download, upload or data.
func (k TaskKind) String() string {
	if k < 0 || int(k) >= len(taskKindNames) {
		return "kind(?)"
	}
	return taskKindNames[k]
}

// TaskState mirrors NSUrlSessionTaskState / URLSessionTask.State.
type TaskState int

// Task states.
const (
	TaskRunning TaskState = iota
	TaskSuspended
	TaskCanceling
	TaskCompleted
)

var taskStateNames = [...]string{"running", "suspended", "canceling", "completed"}

// String gives the state's name.
func (s TaskState) String() string {
	if s < 0 || int(s) >= len(taskStateNames) {
		return "task-state(?)"
	}
	return taskStateNames[s]
}

// Task is one transfer of a session as the app sees it. After a relaunch
// the app gets new Task objects for the same transfers: match them by ID or
// TaskDescription, which the daemon keeps. Xamarin: NSUrlSessionTask;
// Swift: URLSessionTask.
type Task interface {
	// ID is the task identifier, unique within its session.
	ID() int
	// Kind says whether the task downloads, uploads or is a data task.
	Kind() TaskKind
	// State is the task's state as the app sees it: running, suspended,
	// canceling or completed. Xamarin: State; Swift: state.
	State() TaskState
	// Request is the original request.
	Request() Request
	// TaskDescription is an app-chosen label the daemon keeps across
	// relaunches.
	TaskDescription() string
	// SetTaskDescription sets the label; set it before Resume, so that
	// every event about the task carries it.
	SetTaskDescription(string)
	// EarliestBeginDate delays the start (R-S7); set it before Resume.
	EarliestBeginDate() time.Time
	// SetEarliestBeginDate sets the date before which the transfer does not
	// start (the zero time: no such date).
	SetEarliestBeginDate(time.Time)

	// Resume starts a new task or resumes a suspended one.
	Resume()
	// Suspend pauses the task.
	Suspend()
	// Cancel cancels the task: it completes with -999.
	Cancel()
	// CancelByProducingResumeData cancels a download and calls f with
	// resume data, or nil when it cannot be resumed (R-G1).
	CancelByProducingResumeData(f func(*ResumeData))

	// BytesReceived is how many bytes of the response body have arrived;
	// BytesSent how many of an upload's body were sent, and
	// BytesExpectedToSend its size.
	BytesReceived() int64
	// BytesExpectedToReceive is -1 when the server sent no Content-Length (R-G3).
	BytesExpectedToReceive() int64
	BytesSent() int64
	BytesExpectedToSend() int64
	// Response is the HTTP response, once there is one.
	Response() *Response
	// Error is the error the task completed with, if any.
	Error() *URLError
}

// Response is an HTTP response. Xamarin: NSHttpUrlResponse; Swift:
// HTTPURLResponse.
type Response struct {
	// StatusCode is the HTTP status. A 4xx or 5xx is not a transport error:
	// the task completes with DidCompleteWithError(nil) and the status is
	// here (R-D9).
	StatusCode    int
	ContentLength int64 // -1 when unknown
	URL           string
}
