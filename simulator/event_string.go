package simulator

import (
	"strconv"
	"strings"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// String is the event as one line that a failure message can show:
// virtual time, kind, rule, process, then the event in the timeline's
// words.
//
//	T+00:42.200 violation R-D4 process 2: the completion handler was never called
//	T+00:15.050 session.callback process 2: DidFinishDownloading task 1 "photo": ...
func (e Event) String() string {
	var b strings.Builder
	b.WriteString(fakes.FormatOffset(e.At))
	b.WriteByte(' ')
	b.WriteString(string(e.Kind))
	if e.Rule != "" {
		b.WriteByte(' ')
		b.WriteString(string(e.Rule))
	}
	if e.Process != 0 {
		b.WriteString(" process ")
		b.WriteString(strconv.Itoa(e.Process))
	}
	b.WriteString(": ")
	if e.Kind == KindViolation {
		b.WriteString(e.Detail) // Describe would prefix "VIOLATION: ", which the kind already says
	} else {
		b.WriteString(Describe(e))
	}
	return b.String()
}

// GomegaString is how Gomega prints the event in a failure message (it
// implements format.GomegaStringer): the same line as String, instead of
// a dump of the struct's fields with the time in nanoseconds.
func (e Event) GomegaString() string { return e.String() }

// LaunchReason is the typed reason of a process.launch event, and of the
// FinishedLaunching callback's app.callback event. ok is false for other
// events and for a reason this version does not know.
func (e Event) LaunchReason() (r appmodel.LaunchReason, ok bool) {
	if e.Kind != KindLaunch && (e.Kind != KindAppCallback || e.Callback != CbFinishedLaunching) {
		return 0, false
	}
	for _, r := range LaunchReasons() {
		if e.Reason == r.String() {
			return r, true
		}
	}
	return 0, false
}

// TerminationReason is the typed reason of a process.terminate event, ""
// for other events.
func (e Event) TerminationReason() TerminationReason {
	if e.Kind != KindTerminate {
		return ""
	}
	return TerminationReason(e.Reason)
}

// IsProgress reports whether e is a progress callback (R-G3): DidWriteData
// of a download, DidSendBodyData of an upload, or DidReceiveData of a data
// task's body as it arrives (not an upload's response, R-D9).
func (e Event) IsProgress() bool {
	if e.Kind != KindSessionCallback {
		return false
	}
	switch e.Callback {
	case CbDidWriteData, CbDidSendBodyData:
		return true
	case CbDidReceiveData:
		return e.Rule == RuleG3
	}
	return false
}
