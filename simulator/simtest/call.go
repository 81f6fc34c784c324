package simtest

import (
	"fmt"
	"strings"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Call is one AppDelegate or SessionDelegate method the app received, as
// the recording app model saw it when the method began. Fields that do not
// apply to the method are zero.
type Call struct {
	// Seq is the sequence number of the trace event that records the
	// method beginning (app.callback or session.callback), 0 if none.
	Seq      int
	At       time.Duration // virtual time since T+0
	Process  int           // the process it ran in (1 is the first launch)
	Callback simulator.Callback
	State    appmodel.State // the app's state when the method began
	Queue    string         // the queue it ran on: "main" or "delegate"
	Main     bool           // it ran on the main thread

	Session string // the session identifier
	// Delegate numbers the session delegate that received a session
	// method, in its process: 1 is the first delegate the app passed to
	// NewSession, 2 the second (for example a second session object made
	// with the same identifier, R-I1). 0 for AppDelegate methods.
	Delegate int
	Task     int    // the task id, for task methods
	Desc     string // the task's TaskDescription when the method began

	// Launch is FinishedLaunching's options.
	Launch appmodel.LaunchOptions
	// Err is DidCompleteWithError's or DidBecomeInvalidWithError's error.
	Err *appmodel.URLError
	// Response is the task's HTTP response when DidCompleteWithError began.
	Response *appmodel.Response
	// Bytes, Total and Expected are the progress methods' arguments (bytes
	// of this call, total so far, total expected); DidResume has the offset
	// in Total.
	Bytes, Total, Expected int64
	// Location is DidFinishDownloading's file; FileExisted says whether it
	// was there when the method began, and FileSize how big it was.
	Location    string
	FileExisted bool
	FileSize    int64
	// Challenge is DidReceiveChallenge's authentication method.
	Challenge string
	// Data is DidReceiveData's data: an upload's response body (R-D9).
	Data []byte
}

// String is the call as one line: virtual time, process and method
// (with the launch reason for FinishedLaunching), session, task and
// description where they apply, then the app's state and the queue:
//
//	T+00:00.000 1:FinishedLaunching(user) inactive on main
//	T+00:21.050 2:DidFinishDownloading session=com.example.bg task=1 desc="photo" background on delegate
//
// A time that is not a whole millisecond shows its nanoseconds, and a call
// whose IsMainThread disagrees with its queue says so: the line pins the
// time, process, method, state, queue and thread a lifecycle test compares.
func (c Call) String() string {
	var b strings.Builder
	b.WriteString(fakes.FormatOffset(c.At))
	if ns := c.At % time.Millisecond; ns != 0 {
		fmt.Fprintf(&b, "+%dns", ns)
	}
	fmt.Fprintf(&b, " %d:%s", c.Process, c.Callback)
	if c.Callback == simulator.CbFinishedLaunching {
		fmt.Fprintf(&b, "(%s)", c.Launch.Reason)
	}
	if c.Session != "" {
		b.WriteString(" session=" + c.Session)
	}
	if c.Task != 0 {
		fmt.Fprintf(&b, " task=%d", c.Task)
	}
	if c.Desc != "" {
		fmt.Fprintf(&b, " desc=%q", c.Desc)
	}
	fmt.Fprintf(&b, " %s on %s", c.State, c.Queue)
	if c.Main != (c.Queue == simulator.QueueMain) {
		fmt.Fprintf(&b, " (IsMainThread %v)", c.Main)
	}
	return b.String()
}

// Code is the error code of the call's error, 0 if there is none.
func (c Call) Code() appmodel.ErrorCode {
	if c.Err == nil {
		return 0
	}
	return c.Err.Code
}

// ResumeData is the resume data the call's error carries (R-G1), nil if
// there is no error or no resume data.
func (c Call) ResumeData() *appmodel.ResumeData {
	if c.Err == nil {
		return nil
	}
	return c.Err.ResumeData
}

// GomegaString is how Gomega prints the call in a failure message: the
// same line as String, instead of a dump of its fields with the time in
// nanoseconds.
func (c Call) GomegaString() string { return c.String() }

// Strings is each element's String, in order: a list of calls or events
// as lines, for comparing with the lines a test expects.
func Strings[S ~[]E, E fmt.Stringer](s S) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x.String()
	}
	return out
}
