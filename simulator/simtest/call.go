package simtest

import (
	"fmt"
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
	Task    int    // the task id, for task methods
	Desc    string // the task's TaskDescription when the method began

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
	// Location is DidFinishDownloading's file, and FileExisted whether it
	// was there when the method began.
	Location    string
	FileExisted bool
	// Challenge is DidReceiveChallenge's authentication method.
	Challenge string
	// Data is DidReceiveData's data: an upload's response body (R-D9).
	Data []byte
}

// String is the call as one line: "T+00:21.050 2:DidFinishDownloading
// session=... task=1 (background, delegate)".
func (c Call) String() string {
	s := fmt.Sprintf("%s %d:%s", fakes.FormatOffset(c.At), c.Process, c.Callback)
	if c.Session != "" {
		s += " session=" + c.Session
	}
	if c.Task != 0 {
		s += fmt.Sprintf(" task=%d", c.Task)
	}
	if c.Desc != "" {
		s += fmt.Sprintf(" desc=%q", c.Desc)
	}
	return s + fmt.Sprintf(" (%s, %s)", c.State, c.Queue)
}
