package simulator

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// resume starts a created task, or continues a suspended one.
func (d *daemon) resume(t *dtask) {
	if t.phase != phaseCreated && t.phase != phaseSuspended {
		return
	}
	if t.phase == phaseCreated {
		d.foregroundStart(t) // R-S12
		// R-S8: the resource timeout bounds the whole transfer, retries included.
		d.armResourceTimeout(t)
	}
	d.startOrWait(t)
}

func (d *daemon) startTransfer(t *dtask) {
	from := haveEnd(t.peek().have)
	req := fakes.Request{URL: t.req.URL, Method: t.method(), UploadSize: t.peek().uploadSize, Header: t.req.Header, LatencyFactor: d.jitter.latencyFactor()}
	if from > 0 {
		req.RangeFrom, req.IfRange = from, t.validator
	}
	t.base = from
	t.waitWhy = 0
	t.sess.setPhase(t, phaseTransferring)
	t.xfer = d.net.StartListener(req, t)
	d.queueIdleCheck(t, t.xfer) // R-S8: the round trip counts as idle
	// The event is set field by field, not as a literal: one with
	// constant fields (its actor, kind and rule) is built in a copy of a
	// static template, then copied again into e, two 240-byte copies where
	// this clears it once (about 45 instructions less an event).
	var e Event
	e.Actor, e.Kind, e.Session, e.Task, e.Desc, e.Bytes, e.Rule = ActorDaemon, KindTransferStart, t.sess.id, t.id, d.descOf(t), from, RuleS1
	if from > 0 {
		d.s.emitfEvent(&e, "%s %s from byte %d", strArg(t.method()), strArg(t.req.URL), int64Arg(from))
	} else {
		d.s.emitfEvent(&e, "%s %s", strArg(t.method()), strArg(t.req.URL))
	}
	t.sess.armProgress()
}

// The task listens to its own attempts (fakes.Listener), so an attempt
// costs no closures; an event of an attempt the task has since dropped is
// ignored.

// TransferResponse: the attempt's response headers arrived.
func (t *dtask) TransferResponse(x *fakes.Transfer, r fakes.Response) { t.d().gotResponse(t, x, r) }

// TransferChallenge: the server asks for credentials.
func (t *dtask) TransferChallenge(_ *fakes.Transfer, scheme string, reply func(bool)) {
	t.d().challenged(t, scheme, reply)
}

// TransferStalled: the attempt stopped moving bytes; its idle timeout runs.
func (t *dtask) TransferStalled(*fakes.Transfer) { t.d().armIdleTimeout(t) }

// TransferDone: the attempt ended, err nil if the exchange finished.
func (t *dtask) TransferDone(x *fakes.Transfer, err error) { t.d().transferDone(t, x, err) }

func (d *daemon) gotResponse(t *dtask, x *fakes.Transfer, r fakes.Response) {
	if t.xfer != x {
		return
	}
	if t.base > 0 && !r.Partial {
		// R-G1: the server sent the whole resource again; the kept bytes are useless.
		t.setHave(nil)
		t.base, t.reported = 0, 0
	}
	t.validator, t.acceptRanges = validatorOf(r), r.AcceptRanges
	// R-S4: the bytes and the validator are the redirect target's.
	t.setContentURL(r.FinalURL)
	t.expected = -1 // R-G3: no Content-Length
	if r.ContentLength >= 0 {
		t.expected = t.base + r.ContentLength
	}
	if t.kind() == appmodel.UploadKind {
		t.expected = r.ContentLength
	}
	t.status, t.hasResponse, t.response = int32(r.Status), true, nil // the app's object is made when it asks
	t.setBody(r.Body)                                                // R-D9: an upload's answer, delivered before DidCompleteWithError
	d.emitResponse(&Event{Actor: ActorNetwork, Kind: KindTransferResponse, Session: t.sess.id, Task: t.id, Desc: d.descOf(t),
		Code: r.Status, Expected: t.expected, Bytes: t.base}, r)
	// R-G1: a download made from resume data hears DidResume at its first
	// answer: at the offset it goes on from, or at 0 when the server sent
	// the whole resource again and nothing on disk could be reused.
	if t.resumed && (r.Partial || r.Status == http.StatusOK) {
		t.resumed = false
		t.sess.sendResumed(t)
	}
}

// emitResponse traces the response headers of t's attempt, the detail
// kept as a format and its arguments (emitf): "HTTP 200", with the
// partial content, redirects (R-S4) and a missing Content-Length said.
func (d *daemon) emitResponse(e *Event, r fakes.Response) {
	format := "HTTP %d"
	if r.Partial {
		format += " partial content"
	}
	if r.Redirects > 0 {
		format += " after %d redirect(s) to %s" // R-S4
	}
	if r.ContentLength < 0 {
		format += ", no Content-Length"
	}
	if r.Redirects > 0 {
		d.s.emitfEvent(e, format, intArg(r.Status), intArg(r.Redirects), strArg(r.FinalURL))
		return
	}
	d.s.emitfEvent(e, format, intArg(r.Status))
}

func (d *daemon) transferDone(t *dtask, x *fakes.Transfer, err error) {
	if t.xfer != x {
		return
	}
	if delay := d.jitter.completionDelay(); delay > 0 {
		// Config.Jitter: completions in the same instant are handled in an
		// order drawn from the seed.
		d.s.clock.After(delay, func() { d.transferEnded(t, x, err) })
		return
	}
	d.transferEnded(t, x, err)
}

func (d *daemon) transferEnded(t *dtask, x *fakes.Transfer, err error) {
	if t.xfer != x {
		return
	}
	t.got = t.base + x.Received()
	t.setSentGot(x.Sent())
	t.xfer = nil
	if err == nil {
		d.finished(t)
		return
	}
	switch {
	case errors.Is(err, fakes.ErrConnectionLost), errors.Is(err, fakes.ErrNotConnected):
		d.retry(t, err)
	case errors.Is(err, fakes.ErrCannotFindHost):
		d.fail(t, &appmodel.URLError{Code: appmodel.ErrCannotFindHost, Message: err.Error()}, RuleG2)
	default:
		d.fail(t, &appmodel.URLError{Code: appmodel.ErrNetworkConnectionLost, Message: err.Error()}, RuleG2)
	}
}

// finished lands a successful transfer: a download becomes a file in the
// app's container, handed over in DidFinishDownloading (R-D6).
func (d *daemon) finished(t *dtask) {
	if t.kind() != appmodel.DownloadKind {
		d.complete(t, nil, "")
		return
	}
	loc := d.s.files.TempName(t.sess.downloadDir()) // R-X2: in the shared container if the session has one
	if err := d.writeDownload(t, loc); err != nil {
		d.fail(t, &appmodel.URLError{Code: appmodel.ErrCannotFindHost, Message: "daemon could not write the download: " + err.Error()}, RuleD6)
		return
	}
	d.s.emitfEvent(&Event{Actor: ActorDaemon, Kind: KindFile, Session: t.sess.id, Task: t.id, Desc: d.descOf(t), Bytes: t.got, Rule: RuleD6},
		"downloaded file written to %s", strArg(loc))
	d.keepUnlaunched(t, loc) // R-S11
	d.complete(t, nil, loc)
}

// writeDownload writes t's bytes at loc: those kept from earlier attempts
// (R-G1), then the last attempt's.
func (d *daemon) writeDownload(t *dtask, loc string) error {
	have := t.peek().have
	t.setHave(nil)
	if len(have) == 0 && t.base == 0 {
		// Nearly every download: one attempt from byte 0, one segment,
		// whose source the file system puts together only if it is read.
		return d.s.files.WriteDownload(loc, t.got, t.sourceURL(), t.validator)
	}
	segs := have
	if t.base != t.got {
		segs = append(slices.Clip(have), fakes.Segment{From: t.base, To: t.got, Source: t.source()})
	}
	return d.s.files.Write(loc, segs...)
}

// retry handles a lost connection: a background session does not report
// it, it tries again (R-G2, R-S9).
func (d *daemon) retry(t *dtask, cause error) {
	d.retryAfter(t, &appmodel.URLError{Code: appmodel.ErrNetworkConnectionLost, Message: cause.Error()}, RuleG2)
}

// retryAfter abandons t's attempt for why and tries again, from where it
// stopped if the download is resumable (R-G1), once the link is up and
// RetryDelay has passed.
func (d *daemon) retryAfter(t *dtask, why *appmodel.URLError, rule Rule) {
	if t.resumable() {
		seg := fakes.Segment{From: t.base, To: t.got, Source: t.source()}
		if seg.To > seg.From {
			t.setHave(append(t.peek().have, seg))
		}
		t.base = t.got // the attempt's bytes are in have now: never count them twice
	} else {
		t.setHave(nil)
		t.got = 0
	}
	d.stopAttempt(t)
	d.s.emit(Event{Actor: ActorDaemon, Kind: KindTransferRetry, Session: t.sess.id, Task: t.id,
		Bytes: haveEnd(t.peek().have), Code: int(why.Code), Detail: why.Message, Rule: rule})
	if d.net.Link().Kind == fakes.Offline {
		d.park(t, "waits for connectivity", RuleS9)
		return
	}
	t.sess.setPhase(t, phaseRetry)
	m := t.rare()
	m.retryTimer = d.s.clock.After(d.s.cfg.RetryDelay, func() {
		m.retryTimer = fakes.Timer{}
		if t.phase == phaseRetry {
			d.startOrWait(t)
		}
	})
}

// stopAttempt ends the transfer in flight, keeping its bytes if resumable.
func (d *daemon) stopAttempt(t *dtask) {
	if t.xfer != nil {
		t.got = t.bytes()
		t.setSentGot(t.xfer.Sent())
		t.xfer.Cancel()
		t.xfer = nil
	}
	t.sess.idleCheckOver(t)
	t.stopTimers()
}

// resumeData makes resume data for a download that can be resumed (R-G1),
// keeping its bytes in the daemon, or returns nil.
func (d *daemon) resumeData(t *dtask) *appmodel.ResumeData {
	if !t.resumable() {
		return nil
	}
	segs := append([]fakes.Segment(nil), t.peek().have...)
	if t.got > t.base {
		segs = append(segs, fakes.Segment{From: t.base, To: t.got, Source: t.source()})
	}
	name := d.s.files.TempName("/daemon/partial/CFNetworkDownload_")
	r := d.rarely()
	r.partials = append(r.partials, partial{name: name, segs: segs})
	return &appmodel.ResumeData{URL: t.req.URL, Offset: haveEnd(segs), Validator: t.validator, TempFile: name}
}

// fail completes t with err.
func (d *daemon) fail(t *dtask, err *appmodel.URLError, rule Rule) {
	if t.phase == phaseDone {
		return
	}
	d.stopAttempt(t)
	d.completeRule(t, err, "", rule)
}

func (d *daemon) complete(t *dtask, err *appmodel.URLError, location string) {
	d.completeRule(t, err, location, RuleD2)
}

// completeRule ends t and queues its events for the app: for a download
// that succeeded DidFinishDownloading, then for every task
// DidCompleteWithError (R-D2).
func (d *daemon) completeRule(t *dtask, err *appmodel.URLError, location string, rule Rule) {
	d.stopAttempt(t)
	b := t.sess
	b.resourceTimeoutOver(t)
	if err == nil {
		b.finalProgress(t)
	}
	b.setPhase(t, phaseDone)
	t.err = err
	var e Event // set field by field: see startTransfer
	e.Actor, e.Kind, e.Session, e.Task, e.Desc, e.Bytes, e.Rule = ActorDaemon, KindTaskComplete, b.id, t.id, d.descOf(t), t.bytes(), rule
	if t.kind() == appmodel.UploadKind {
		e.Total = t.sent() // an upload's bytes went up, not down
	}
	if err != nil {
		e.Code, e.Detail = int(err.Code), err.Error()
		if err.HasReason {
			e.Reason = err.Reason.String()
		}
	}
	d.s.emitEvent(&e, nil)
	if location != "" {
		b.push(sessionEvent{kind: evFinishDownloading, t: t, location: location})
	}
	b.pushResponseBody(t, err)                   // R-D9
	b.push(sessionEvent{kind: evComplete, t: t}) // its error is t.err, set above
	b.pump()
	b.maybeWake()
}

// cancel is the app cancelling t (-999).
func (d *daemon) cancel(t *dtask, withData bool) *appmodel.ResumeData {
	if t.phase == phaseDone {
		return nil
	}
	d.stopAttempt(t)
	var data *appmodel.ResumeData
	if withData {
		data = d.resumeData(t)
	}
	d.completeRule(t, &appmodel.URLError{Code: appmodel.ErrCancelled, ResumeData: data, Message: "cancelled by the app"}, "", RuleG2)
	return data
}

// suspend is the app suspending t: the transfer stops and keeps what it can.
func (d *daemon) suspend(t *dtask) {
	if !t.phase.active() {
		return
	}
	d.stopAttempt(t)
	if t.resumable() {
		if t.got > t.base {
			t.setHave(append(t.peek().have, fakes.Segment{From: t.base, To: t.got, Source: t.source()}))
		}
		t.base = t.got // the attempt's bytes are in have now: never count them twice
	} else {
		t.setHave(nil)
		t.got = 0
	}
	t.sess.setPhase(t, phaseSuspended)
}

type partial struct {
	name string
	segs []fakes.Segment
}

// takePartial hands over the kept bytes named by resume data.
func (d *daemon) takePartial(name string) ([]fakes.Segment, bool) {
	if d.rare == nil {
		return nil, false
	}
	r := d.rare
	for i, p := range r.partials {
		if p.name == name {
			r.partials = append(r.partials[:i], r.partials[i+1:]...)
			return p.segs, true
		}
	}
	return nil, false
}

// challenged: the server asks for credentials. The daemon queues the
// challenge for the app and wakes it if needed (R-S5). A client
// certificate cannot be given from a background session: the task fails
// without asking the app (R-S10).
func (d *daemon) challenged(t *dtask, scheme string, reply func(bool)) {
	if scheme == "ClientCertificate" {
		d.s.emit(Event{Actor: ActorNetwork, Kind: KindChallenge, Session: t.sess.id, Task: t.id, Detail: appmodel.AuthClientCertificate, Rule: RuleS10})
		d.fail(t, &appmodel.URLError{Code: appmodel.ErrClientCertificateRequired,
			Message: "client-certificate authentication is not supported in background sessions"}, RuleS10)
		return
	}
	method := appmodel.AuthHTTPBasic
	d.s.emit(Event{Actor: ActorNetwork, Kind: KindChallenge, Session: t.sess.id, Task: t.id, Detail: method, Rule: RuleS5})
	t.challenged = true
	answer := func(ok bool) {
		t.challenged = false
		reply(ok)
	}
	t.sess.push(sessionEvent{kind: evChallenge, t: t, ch: &challengeEvent{challenge: appmodel.Challenge{Method: method, Host: hostOf(t.req.URL)}, reply: answer}})
	t.sess.pump()
	t.sess.maybeWake()
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Host
}
