package simulator

import (
	"net/http"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// taskPhase is where a transfer is in the daemon, finer than the TaskState
// the app sees.
type taskPhase int

const (
	phaseCreated      taskPhase = iota // made, never resumed
	phaseWaiting                       // resumed, waiting for connectivity or conditions (R-S9)
	phaseRetry                         // a lost connection, retrying after RetryDelay (R-G2)
	phaseTransferring                  // bytes are (or may be) moving
	phaseSuspended                     // suspended by the app
	phaseDone                          // completed, successfully or not
)

var phaseNames = [...]string{"created", "waiting", "retry", "transferring", "suspended", "done"}

func (p taskPhase) String() string { return phaseNames[p] }

// active reports whether a task in this phase is under way: a session's
// launch events wait until none of its tasks is (R-S5).
func (p taskPhase) active() bool {
	return p == phaseWaiting || p == phaseRetry || p == phaseTransferring
}

// dtask is a transfer as the daemon keeps it, across processes. The app
// sees it through a taskObj of its current process.
type dtask struct {
	sess *bgSession
	id   int
	kind appmodel.TaskKind
	req  appmodel.Request
	desc string

	phase    taskPhase
	earliest time.Time
	// notBefore: ForegroundStartDelay holds the transfer until then (R-S12).
	notBefore time.Time
	// askedIn is the process asked WillBeginDelayedRequest, until it
	// answers (R-S7).
	askedIn  *process
	xfer     *fakes.Transfer
	base     int64           // resource offset where the current attempt's body starts
	have     []fakes.Segment // bytes kept on disk from earlier attempts (R-G1)
	got      int64           // bytes received when no attempt is in flight
	expected int64           // total expected, -1 unknown (R-G3), 0 before the response
	reported int64           // bytes last reported to the app in DidWriteData/DidSendBodyData
	sentGot  int64

	validator    string // ETag or Last-Modified the server sent
	contentURL   string // the URL the body came from: the last hop of a redirect (R-S4)
	acceptRanges bool
	resumed      bool // made from resume data: DidResume on the first response (R-G1)

	uploadPath string
	uploadSize int64
	fromMemory bool // upload from memory (R-S2)

	response *appmodel.Response
	body     []byte // the response body of an upload (R-D9)
	err      *appmodel.URLError

	resourceTimer fakes.Timer
	retryTimer    fakes.Timer
	waitTimer     fakes.Timer // wakes a task parked until a known time
	idleTimer     fakes.Timer // the request timeout (R-S8)
	waitWhy       string      // why the task waits, as last traced

	// createdInBackground: made while the app was in the background, so
	// discretionary (R-S6) and subject to the relaunch delay (R-R1).
	createdInBackground bool
	// delayed: EarliestBeginDate was set; WillBeginDelayedRequest is due
	// when it passes (R-S7).
	delayed bool
	// challenged: waiting for the app's answer to a challenge; the idle
	// timeout does not run meanwhile.
	challenged bool

	// The session's moving tasks, in id order, for the progress ticker
	// (progress.go): kept by bgSession.setPhase.
	movingPrev, movingNext *dtask
}

func (t *dtask) d() *daemon { return t.sess.d }

// bytes is how many body bytes the task has received, at this instant.
func (t *dtask) bytes() int64 {
	if t.xfer != nil {
		return t.base + t.xfer.Received()
	}
	return t.got
}

// sent is how many body bytes an upload has sent, at this instant.
func (t *dtask) sent() int64 {
	if t.xfer != nil {
		return t.xfer.Sent()
	}
	return t.sentGot
}

func (t *dtask) expectedToSend() int64 { return t.uploadSize }

// state is the TaskState the app sees.
func (t *dtask) state() appmodel.TaskState {
	switch t.phase {
	case phaseCreated, phaseSuspended:
		return appmodel.TaskSuspended
	case phaseDone:
		return appmodel.TaskCompleted
	}
	return appmodel.TaskRunning
}

func (t *dtask) method() string {
	if t.req.Method != "" {
		return t.req.Method
	}
	if t.kind == appmodel.UploadKind {
		return http.MethodPut
	}
	return http.MethodGet
}

// resumable reports whether the bytes received so far can be kept for a
// range request (R-G1): a GET, a validator from the server, byte ranges
// accepted, and something received.
func (t *dtask) resumable() bool {
	return t.kind == appmodel.DownloadKind && t.method() == http.MethodGet &&
		t.validator != "" && t.acceptRanges && t.bytes() > 0
}

// source names what a downloaded byte is, for the file system's segments:
// the URL and the validator of the content it came from. After a redirect
// both are the target's: the origin sent no bytes and no ETag (R-S4).
func (t *dtask) source() string {
	u := t.contentURL
	if u == "" {
		u = t.req.URL
	}
	if t.validator == "" {
		return u
	}
	return u + "#" + t.validator
}

// haveEnd is the offset the kept bytes reach.
func haveEnd(segs []fakes.Segment) int64 {
	if len(segs) == 0 {
		return 0
	}
	return segs[len(segs)-1].To
}

func validatorOf(r fakes.Response) string {
	if r.ETag != "" {
		return r.ETag
	}
	if !r.LastModified.IsZero() {
		return r.LastModified.UTC().Format(http.TimeFormat)
	}
	return ""
}
