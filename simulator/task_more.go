package simulator

import (
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// taskMore is the part of a task that most transfers never use: a begin
// date (R-S7, R-S12), an upload's source (R-S2), a retry's timer and the
// bytes kept from earlier attempts (R-G1, R-G2). A download that starts,
// moves its bytes and finishes leaves it nil.
type taskMore struct {
	earliest time.Time // EarliestBeginDate (R-S7)
	// notBefore: ForegroundStartDelay holds the transfer until then (R-S12).
	notBefore time.Time
	// askedIn is the process asked WillBeginDelayedRequest, until it
	// answers (R-S7).
	askedIn *process
	have    []fakes.Segment // bytes kept on disk from earlier attempts (R-G1)
	body    []byte          // the response body of an upload (R-D9)

	// contentURL is the URL the last response came from, when it is not
	// the request's: a redirect's target (R-S4).
	contentURL string

	uploadPath string
	uploadSize int64
	sentGot    int64 // bytes an upload sent when no attempt is in flight

	retryTimer fakes.Timer
	waitTimer  fakes.Timer // wakes a task parked until a known time
	// idleTimer is a later idle check of the attempt in flight (R-S8):
	// after a stall, or re-armed by a check that found bytes had moved.
	idleTimer fakes.Timer
}

// noMore is what a task without its rare part reads: all zero. Never
// written: peek hands it out for reading only.
var noMore taskMore

// peek is the task's rare part for reading; a task that has none reads
// zeros. Never write through it: use rare.
func (t *dtask) peek() *taskMore {
	if t.more == nil {
		return &noMore
	}
	return t.more
}

// rare is the task's rare part for writing, made on first use.
func (t *dtask) rare() *taskMore {
	if t.more == nil {
		t.more = &taskMore{}
	}
	return t.more
}

// setHave replaces the kept bytes; clearing them makes nothing.
func (t *dtask) setHave(segs []fakes.Segment) {
	if segs != nil || t.more != nil {
		t.rare().have = segs
	}
}

// setSentGot records an upload's bytes sent; a download's zero makes
// nothing.
func (t *dtask) setSentGot(n int64) {
	if n != 0 || t.more != nil {
		t.rare().sentGot = n
	}
}

// setBody keeps an upload's response body (R-D9); none makes nothing.
func (t *dtask) setBody(b []byte) {
	if b != nil || t.more != nil {
		t.rare().body = b
	}
}

// stopTimers stops the timers of the rare part, if any.
func (t *dtask) stopTimers() {
	if m := t.more; m != nil {
		m.retryTimer.Stop()
		m.waitTimer.Stop()
		m.idleTimer.Stop()
		m.retryTimer, m.waitTimer, m.idleTimer = fakes.Timer{}, fakes.Timer{}, fakes.Timer{}
	}
}

// uploadFrom records the file an upload sends and its size (R-S2).
func (t *dtask) uploadFrom(path string, size int64) {
	m := t.rare()
	m.uploadPath, m.uploadSize = path, size
}

// uploadFromMemory records an upload of size bytes from memory (R-S2).
func (t *dtask) uploadFromMemory(size int64) {
	if size != 0 {
		t.rare().uploadSize = size
	}
	t.fromMemory = true
	t.sess.d.rarely().foregroundOnly = true
}
