package fakes

import (
	"net/http"
	"time"
)

// Request is one HTTP request a transfer makes.
type Request struct {
	URL    string
	Method string // "GET" (the default) downloads; "PUT" and "POST" upload
	// RangeFrom > 0 asks for the body from this offset (resume, R-G1). It is
	// honoured (206) only if the resource accepts ranges and IfRange names
	// its current ETag or Last-Modified; otherwise the answer is a full 200.
	RangeFrom int64
	// IfRange is the validator the range is conditional on: the ETag, or
	// the Last-Modified time in http.TimeFormat.
	IfRange    string
	UploadSize int64 // body bytes to send (uploads)
	// LatencyFactor scales the link's latency for every round trip of this
	// request (0 means 1), so a caller can give each request a latency of
	// its own, drawn from a seed.
	LatencyFactor float64
	// Header is sent with the request on every hop; the server may answer
	// by it (RequireToken).
	Header http.Header
}

// Response is the status line and headers a transfer received.
type Response struct {
	Status int
	// ContentLength is -1 when the server sent none (R-G3); for a 206 it is
	// the bytes remaining from the range start.
	ContentLength int64
	ETag          string
	LastModified  time.Time
	AcceptRanges  bool
	Partial       bool   // 206: the range was honoured, the body starts at RangeFrom
	FinalURL      string // after redirects
	Redirects     int    // hops followed
	// Header holds header fields beyond those above (WWW-Authenticate on a
	// 401), nil if none.
	Header http.Header
	// Body is the response body as bytes, when it is a document rather than
	// a download: an upload's answer, or the error document of a refused
	// request. A download's body is the bytes the transfer moves instead.
	Body []byte
}

// Handler receives a transfer's events. Every call comes from a clock event,
// never from inside Start or another network call. Nil fields are skipped.
type Handler struct {
	// Response: the headers arrived, after the round trip and any redirect
	// hops (for an upload: after the body was sent).
	Response func(Response)
	// Challenge: the server demands authentication with scheme. The
	// transfer waits until reply is called (once; later calls are ignored).
	// reply(true) resends the request with credentials, costing one more
	// round trip; reply(false) ends with a 401 response, no body, Done(nil).
	// A nil Challenge is reply(false).
	Challenge func(scheme string, reply func(answered bool))
	// Stalled: the transfer stopped moving body bytes in the middle of the
	// body (a Stall fault holds it). It moves again by itself when the
	// stall ends; Moving says whether it does now. A link whose bandwidth
	// drops to nothing stops every flow too, but that is announced once by
	// OnLinkChange rather than per transfer.
	Stalled func()
	// Done is called exactly once, unless Cancel was called first: nil when
	// the exchange finished (whatever the HTTP status), else a *NetError.
	Done func(err error)
}

// Listener receives a transfer's events as methods, the transfer they are
// about first: the same events as a [Handler], in the same order, but one
// value (the record of a download, say) can listen to every attempt it
// starts without a closure for each. Start it with [Network.StartListener].
type Listener interface {
	// TransferResponse is Handler.Response.
	TransferResponse(x *Transfer, r Response)
	// TransferChallenge is Handler.Challenge; reply(false) is what a
	// Handler without one does.
	TransferChallenge(x *Transfer, scheme string, reply func(answered bool))
	// TransferStalled is Handler.Stalled.
	TransferStalled(x *Transfer)
	// TransferDone is Handler.Done.
	TransferDone(x *Transfer, err error)
}

// TransferResponse calls h.Response, if set.
func (h Handler) TransferResponse(_ *Transfer, r Response) {
	if h.Response != nil {
		h.Response(r)
	}
}

// TransferChallenge calls h.Challenge, or replies false if it is nil.
func (h Handler) TransferChallenge(_ *Transfer, scheme string, reply func(answered bool)) {
	if h.Challenge == nil {
		reply(false)
		return
	}
	h.Challenge(scheme, reply)
}

// TransferStalled calls h.Stalled, if set.
func (h Handler) TransferStalled(*Transfer) {
	if h.Stalled != nil {
		h.Stalled()
	}
}

// TransferDone calls h.Done, if set.
func (h Handler) TransferDone(_ *Transfer, err error) {
	if h.Done != nil {
		h.Done(err)
	}
}

// phase is where a transfer is in its life.
type phase uint8

const (
	phStarting  phase = iota // start event pending
	phHeaders                // request sent, waiting one round trip for the current hop's answer
	phChallenge              // waiting for the handler's reply
	phDenied                 // reply(false): the 401 is delivered by an event at Now
	phAnswering              // inside a callback or between steps of one event
	phServing                // an upload's body arrived; the server works for ResponseDelay
	phFlowing                // moving body bytes: in the flow heap
	phStalled                // a Stall fault holds it
	phFailing                // ended: Done(err) is delivered by an event at Now
	phEnded                  // finished, failed or cancelled: no more callbacks
)

// Transfer is one HTTP exchange in flight.
//
// Downloads: round trip (and one per redirect hop), Response, then the body
// at the link's fair share, then Done. Uploads behave like a request with
// "Expect: 100-continue": round trip, then the body at the fair share, then
// Response (with no body) and Done.
//
// A network may carry a hundred thousand transfers at once, so a transfer
// keeps what every one uses in 192 bytes, its fields ordered to pack: the
// request as its URL and two small codes, the current hop's URL only when
// it is not that one, the response as its few varying fields (see
// response), and what few transfers need (a range, headers, a redirect, a
// challenge, an armed fault) in more (network_transfer_more.go).
type Transfer struct {
	n     *Network
	rurl  string        // the request's URL; see hop for the current one
	more  *transferMore // nil until a rarely used part is set
	l     Listener
	timer event // the transfer's own event: start, round trip, stall end, delivery
	resp  response

	// body
	length int64 // body bytes this attempt moves
	moved  int64 // body bytes moved (current unless flowing)
	target int64 // moved count of the next threshold: body end or armed fault
	off    u128  // flowing: v at which moved would have been zero

	joinAt   int64 // clock offset of the latest join of the flow set
	lastByte int64 // clock offset the latest byte moved (current unless flowing)

	prev, next *Transfer // in-flight list
	id         uint64

	hidx   int32 // index in the flow heap, -1 when not flowing
	hops   uint8 // redirect hops followed, at most MaxRedirects
	phase  phase
	upload bool
	begun  bool // the request left: hop is set
	// method and unitLatency are the request's Method and LatencyFactor
	// (1 if set, else 0), unless the rare part holds the whole request.
	method      methodCode
	unitLatency bool
	// errKind is why it failed, once it has: Done's error is made from it
	// when it is delivered.
	errKind uint8
}

// Start begins a transfer. Nothing happens until the clock runs: the first
// callback comes from a clock event at Now or later. Started while offline,
// it fails with ErrNotConnected by an event at Now.
func (n *Network) Start(req Request, h Handler) *Transfer {
	return n.StartListener(req, h)
}

// StartListener is [Network.Start] with the events going to l.
func (n *Network) StartListener(req Request, l Listener) *Transfer {
	n.nextID++
	if n.nextID == 1 && n.first == nil {
		n.newFirst()
	}
	t, onTimer := n.newTransfer(l)
	t.setRequest(req)
	m := t.methodName()
	t.upload = m == http.MethodPut || m == http.MethodPost
	n.track(t)
	t.timer = newEvent(n.clock, 0, onTimer)
	return t
}

// Response is the response, once it arrived.
func (t *Transfer) Response() (Response, bool) {
	if !t.resp.has {
		return Response{}, false
	}
	return t.fullResponse(), true
}

// requestURL is the canonical URL of the request, before any redirect; ""
// if it does not parse (such a transfer fails at its start).
func (t *Transfer) requestURL() string {
	u, err := t.n.canonical(t.rurl)
	if err != nil {
		return ""
	}
	return u
}

// Received is the body bytes received so far in this attempt (for a 206,
// counted from RangeFrom), exact at the clock's Now. 0 for an upload.
func (t *Transfer) Received() int64 {
	if t.upload {
		return 0
	}
	return t.movedNow()
}

// Sent is the upload body bytes sent so far, exact at the clock's Now. 0 for
// a download.
func (t *Transfer) Sent() int64 {
	if !t.upload {
		return 0
	}
	return t.movedNow()
}

// Expected is the response's ContentLength once it arrived, else -1.
func (t *Transfer) Expected() int64 {
	if !t.resp.has {
		return -1
	}
	return t.resp.contentLength
}

// LastByteAt is when data last moved for this transfer: the request being
// sent, the response arriving, or body bytes. Bytes flow continuously in
// this model, so a transfer moving bytes reports Now; while it waits for a
// round trip, a challenge reply, a stall or a link with no bandwidth, the
// value stops advancing, which is what an idle timeout (R-S8) measures.
func (t *Transfer) LastByteAt() time.Time {
	return t.n.clock.Start().Add(time.Duration(t.lastByteOffset()))
}

// Moving reports whether body bytes are moving now: the transfer is in the
// flow set and the link has bandwidth. While it is not moving (a round
// trip, a challenge, a stall, a link with no bandwidth) LastByteAt stops
// advancing.
func (t *Transfer) Moving() bool { return t.phase == phFlowing && t.n.bandwidth() > 0 }

// Cancel stops the transfer now; no callback follows.
func (t *Transfer) Cancel() {
	switch t.phase {
	case phEnded:
		return
	case phFailing:
		t.timer.stop(t.n.clock)
		t.phase = phEnded
	default:
		t.end()
	}
}

// Done reports whether the transfer has ended: finished, failed or
// cancelled.
func (t *Transfer) Done() bool { return t.phase == phFailing || t.phase == phEnded }

func (t *Transfer) live() bool { return t.phase != phFailing && t.phase != phEnded }

func (t *Transfer) movedNow() int64 {
	if t.phase == phFlowing {
		return t.n.movedAt(t, t.n.serviceAt(t.n.now()))
	}
	return t.moved
}

func (t *Transfer) lastByteOffset() int64 {
	n := t.n
	if t.phase != phFlowing {
		return t.lastByte
	}
	if n.bandwidth() > 0 {
		return n.now()
	}
	if t.joinAt < n.stillSince {
		return n.stillSince // it moved until the link stopped
	}
	return t.lastByte
}

// onTimer is the transfer's own clock event; what it means depends on the
// phase.
func (t *Transfer) onTimer() {
	switch t.phase {
	case phStarting:
		t.begin()
	case phHeaders:
		t.arrive()
	case phDenied:
		t.answerEmpty(http.StatusUnauthorized)
	case phStalled:
		t.n.join(t)
	case phServing:
		t.answerUpload()
	case phFailing:
		t.phase = phEnded
		t.l.TransferDone(t, t.netError(NetErrorKind(t.errKind)))
	}
}

func (t *Transfer) begin() {
	if t.n.link.Kind == Offline {
		t.fail(NotConnected)
		return
	}
	u, err := t.n.canonical(t.rurl)
	if err != nil {
		t.fail(CannotFindHost) // it never leaves the device: no round trip
		return
	}
	t.setHop(u)
	t.send()
}

// send puts the request for the current hop on the wire: its answer comes
// one round trip later.
func (t *Transfer) send() {
	t.phase = phHeaders
	t.lastByte = t.n.now()
	t.timer.resetAfter(t.n.clock, t.latency())
}

// latency is one round trip of this transfer: the link's, scaled by the
// request's LatencyFactor.
func (t *Transfer) latency() time.Duration {
	l := t.n.latency()
	if f := t.peek().req.LatencyFactor; f > 0 && f != 1 {
		l = time.Duration(float64(l) * f)
	}
	return l
}

// arrive handles the server's answer for the current hop.
func (t *Transfer) arrive() {
	n := t.n
	t.lastByte = n.now() // an answer came back, whatever it says
	rec, ok := n.resources.get(t.hop())
	if !ok {
		t.fail(CannotFindHost)
		return
	}
	if f := n.headFault(t.hop()); f != nil && f.Kind == ServerError {
		n.consumeFault(t.hop())
		t.answerEmpty(f.Status)
		return
	}
	res := rec.full()
	if res.Challenge != "" && t.peek().authed != t.hop() {
		t.challenge(res.Challenge)
		return
	}
	if !n.authorized(t.hop(), t.header()) {
		t.answer(unauthorizedResponse(t.hop(), int(t.hops)), true)
		return
	}
	if res.RedirectTo != "" {
		next, err := resolveURL(t.hop(), res.RedirectTo)
		switch {
		case err != nil:
			t.fail(CannotFindHost)
		case t.hops == MaxRedirects:
			t.fail(TooManyRedirects)
		default: // R-S4: always followed
			t.hops++
			t.setHop(next)
			t.send()
		}
		return
	}
	if t.upload {
		t.length = max(t.peek().req.UploadSize, 0)
		t.body()
		return
	}
	t.answerDownload(res)
}

func (t *Transfer) challenge(scheme string) {
	t.phase = phChallenge
	m := t.rare()
	m.gen++
	gen := m.gen
	reply := func(answered bool) {
		if t.phase != phChallenge || m.gen != gen {
			return // answered already, or the transfer moved on or ended
		}
		if answered {
			m.authed = t.hop()
			t.send()
			return
		}
		t.phase = phDenied
		t.timer.resetAfter(t.n.clock, 0)
	}
	t.l.TransferChallenge(t, scheme, reply)
}

// answerDownload sends the response for res and starts its body, applying
// the range rules of R-G1.
func (t *Transfer) answerDownload(res Resource) {
	status := res.Status
	if status == 0 {
		status = http.StatusOK
	}
	from, partial := int64(0), false
	req := &t.peek().req // a range request is never kept without its rare part
	if req.RangeFrom > 0 && status == http.StatusOK && res.AcceptRanges && res.matchesIfRange(req.IfRange) {
		if req.RangeFrom >= res.Size {
			t.answer(Response{Status: http.StatusRequestedRangeNotSatisfiable, ETag: res.ETag,
				LastModified: res.LastModified, AcceptRanges: true, FinalURL: t.hop(), Redirects: int(t.hops)}, true)
			return
		}
		from, partial, status = req.RangeFrom, true, http.StatusPartialContent
	}
	length := res.Size - from
	cl := length
	if res.NoContentLength {
		cl = -1
	}
	if !t.answer(Response{Status: status, ContentLength: cl, ETag: res.ETag, LastModified: res.LastModified,
		AcceptRanges: res.AcceptRanges, Partial: partial, FinalURL: t.hop(), Redirects: int(t.hops)}, false) {
		return
	}
	t.length = length // its start, from, is what t.from gives now that the response says partial
	t.body()
}

// answerEmpty ends the exchange with a bodiless response.
func (t *Transfer) answerEmpty(status int) {
	t.answer(Response{Status: status, FinalURL: t.hop(), Redirects: int(t.hops)}, true)
}

// answer delivers r and, if last, Done(nil). It reports whether the
// transfer is still live after the Response callback.
func (t *Transfer) answer(r Response, last bool) bool {
	t.phase = phAnswering
	t.setResponse(r)
	t.lastByte = t.n.now()
	t.l.TransferResponse(t, r)
	if t.phase != phAnswering {
		return false // cancelled or failed inside the callback
	}
	if last {
		t.finish()
	}
	return true
}

// body starts moving the body, or completes at once if it is empty.
func (t *Transfer) body() {
	if t.length == 0 {
		t.target = 0
		t.bodyDone()
		return
	}
	t.n.join(t)
}

// reached runs when a flowing transfer's moved count hit its target (it has
// just left the flow heap).
func (t *Transfer) reached() {
	t.phase = phAnswering
	f := t.peek().armed
	if f == nil {
		t.bodyDone()
		return
	}
	t.more.armed = nil
	t.n.consumeFault(t.hop())
	if f.Kind == Stall {
		t.phase = phStalled
		t.timer.resetAfter(t.n.clock, f.For)
		t.l.TransferStalled(t)
		return
	}
	t.fail(ConnectionLost)
}

func (t *Transfer) bodyDone() {
	if !t.upload {
		t.finish()
		return
	}
	if !t.n.authorized(t.hop(), t.header()) {
		// The token was valid when the upload began, not when its last
		// byte arrived.
		t.answer(unauthorizedResponse(t.hop(), int(t.hops)), true)
		return
	}
	if d := t.n.resources.value(t.hop()).full().ResponseDelay; d > 0 {
		t.phase = phServing
		t.timer.resetAfter(t.n.clock, d)
		return
	}
	t.answerUpload()
}

// answerUpload sends the server's answer to an upload whose body arrived.
func (t *Transfer) answerUpload() {
	res := t.n.resources.value(t.hop()).full()
	status := res.Status
	if status == 0 {
		status = http.StatusOK
	}
	r := Response{Status: status, ETag: res.ETag, LastModified: res.LastModified,
		AcceptRanges: res.AcceptRanges, FinalURL: t.hop(), Redirects: int(t.hops)}
	if res.Body != "" {
		r.Body, r.ContentLength = []byte(res.Body), int64(len(res.Body))
	}
	t.answer(r, true)
}

// end takes t out of everything the network tracks; no event of it remains.
func (t *Transfer) end() {
	if t.phase == phFlowing {
		t.n.leave(t)
	}
	t.timer.stop(t.n.clock)
	t.n.untrack(t)
	t.phase = phEnded
}

func (t *Transfer) finish() {
	t.end()
	t.l.TransferDone(t, nil)
}

func (t *Transfer) netError(k NetErrorKind) *NetError {
	u := t.hop()
	if u == "" {
		u = t.rurl
	}
	return &NetError{Kind: k, Method: t.methodName(), URL: u, At: t.moved}
}

// fail ends t and calls Done with a k error now (from inside a clock event).
func (t *Transfer) fail(k NetErrorKind) {
	t.end()
	t.errKind = uint8(k)
	t.l.TransferDone(t, t.netError(k))
}

// failLater ends t now and delivers Done with a k error from a clock event
// at Now: used when the failure comes from a call outside the clock's
// events (SetLink).
func (t *Transfer) failLater(k NetErrorKind) {
	t.end()
	t.errKind = uint8(k)
	t.phase = phFailing
	t.timer.resetAfter(t.n.clock, 0)
}
