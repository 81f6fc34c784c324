package simulator

import (
	"net/http"
	"strconv"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// taskPhase is where a transfer is in the daemon, finer than the TaskState
// the app sees.
type taskPhase uint8

const (
	phaseCreated      taskPhase = iota // made, never resumed
	phaseWaiting                       // resumed, waiting for connectivity or conditions (R-S9)
	phaseRetry                         // a lost connection, retrying after RetryDelay (R-G2)
	phaseTransferring                  // bytes are (or may be) moving
	phaseSuspended                     // suspended by the app
	phaseDone                          // completed, successfully or not
)

var phaseNames = [...]string{"created", "waiting", "retry", "transferring", "suspended", "done"}

func (p taskPhase) String() string {
	if int(p) >= len(phaseNames) {
		return "phase(" + strconv.Itoa(int(p)) + ")"
	}
	return phaseNames[p]
}

// active reports whether a task in this phase is under way: a session's
// launch events wait until none of its tasks is (R-S5).
func (p taskPhase) active() bool {
	return p == phaseWaiting || p == phaseRetry || p == phaseTransferring
}

// dtask is a transfer as the daemon keeps it, across processes. The app
// sees it through a taskObj of its current process.
//
// A session may hold a hundred thousand of them, so a task keeps here
// only what every transfer uses, pointers and strings first and the small
// fields packed at the end; what few tasks need (a begin date, uploads,
// retries, kept bytes) is in more, made on first use (task_more.go).
type dtask struct {
	sess *bgSession
	xfer *fakes.Transfer
	more *taskMore // nil until a rarely used part is set
	// response is what Task.Response gives the app, made on the first
	// ask from status, expected and contentURL (responseObj).
	response *appmodel.Response
	err      *appmodel.URLError

	req       appmodel.Request
	desc      string
	validator string // ETag or Last-Modified the server sent

	id       int
	base     int64 // resource offset where the current attempt's body starts
	got      int64 // bytes received when no attempt is in flight
	expected int64 // total expected, -1 unknown (R-G3), 0 before the response
	reported int64 // bytes last reported to the app in DidWriteData/DidSendBodyData

	status int32 // the HTTP status of the last response, if hasResponse
	// kindOf is the task's appmodel.TaskKind (kind), in a byte so that it
	// packs with the flags below: a word less for every task.
	kindOf uint8
	phase  taskPhase
	// waitWhy is why the task waits, as last traced: an index in the
	// daemon's waitReasons, 0 for none.
	waitWhy     uint8
	hasResponse bool

	acceptRanges bool
	resumed      bool // made from resume data: DidResume on the first response (R-G1)
	fromMemory   bool // upload from memory (R-S2)
	// createdInBackground: made while the app was in the background, so
	// discretionary (R-S6) and subject to the relaunch delay (R-R1).
	createdInBackground bool
	// delayed: EarliestBeginDate was set; WillBeginDelayedRequest is due
	// when it passes (R-S7).
	delayed bool
	// challenged: waiting for the app's answer to a challenge; the idle
	// timeout does not run meanwhile.
	challenged bool
	// idleQueued: the current attempt's first idle check (R-S8) is in
	// its session's queue (idle_queue.go).
	idleQueued bool
	// redirected: the last response came from another URL than the
	// request's, kept in more (contentURL).
	redirected bool

	// The session's moving tasks, in id order, for the progress ticker
	// (progress.go): kept by bgSession.setPhase.
	movingPrev, movingNext *dtask
	// obj is the object sessionObj.taskObj last returned for the task,
	// so that a progress report finds it without a map lookup.
	obj *taskObj
	// obj0 is the first object handed out for the task, part of it: every
	// task has one, and most never another (a relaunched process's is
	// made apart).
	obj0 taskObj
}

func (t *dtask) d() *daemon { return t.sess.d }

// kind is the task's kind: download, upload or data.
func (t *dtask) kind() appmodel.TaskKind { return appmodel.TaskKind(t.kindOf) }

// responseObj is the task's response as the app sees it (Task.Response),
// nil before one arrived; the same object until the next one.
func (t *dtask) responseObj() *appmodel.Response {
	if t.response == nil && t.hasResponse {
		t.response = &appmodel.Response{StatusCode: int(t.status), ContentLength: t.expected, URL: t.contentURL()}
	}
	return t.response
}

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
	return t.peek().sentGot
}

func (t *dtask) expectedToSend() int64 { return t.peek().uploadSize }

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
	if t.kind() == appmodel.UploadKind {
		return http.MethodPut
	}
	return http.MethodGet
}

// resumable reports whether the bytes received so far can be kept for a
// range request (R-G1): a GET, a validator from the server, byte ranges
// accepted, and something received.
func (t *dtask) resumable() bool {
	return t.kind() == appmodel.DownloadKind && t.method() == http.MethodGet &&
		t.validator != "" && t.acceptRanges && t.bytes() > 0
}

// source names what a downloaded byte is, for the file system's segments:
// the URL and the validator of the content it came from. After a redirect
// both are the target's: the origin sent no bytes and no ETag (R-S4).
func (t *dtask) source() string { return fakes.DownloadSource(t.sourceURL(), t.validator) }

// sourceURL is the URL the task's bytes come from: the last hop of a
// redirect (R-S4), else the request's.
func (t *dtask) sourceURL() string {
	if u := t.contentURL(); u != "" {
		return u
	}
	return t.req.URL
}

// contentURL is the URL the last response came from, "" before one came:
// the last hop of a redirect (R-S4), nearly always the request's URL.
func (t *dtask) contentURL() string {
	switch {
	case t.redirected:
		return t.more.contentURL
	case t.hasResponse:
		return t.req.URL
	}
	return ""
}

// setContentURL records the URL a response came from, in the rare part
// only when it is not the request's.
func (t *dtask) setContentURL(u string) {
	t.redirected = u != t.req.URL
	if t.redirected || t.more != nil {
		t.rare().contentURL = u
	}
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
