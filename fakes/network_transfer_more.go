package fakes

import (
	"net/http"
	"strings"
)

// A network may carry a hundred thousand transfers at once, nearly all of
// them a GET of a URL with no range, no header fields, no challenge and no
// fault. A transfer keeps such a request as its URL and two small codes,
// and everything else in transferMore, made the first time it is needed.

// transferMore is the part of a transfer that most never use.
type transferMore struct {
	req    Request   // the whole request, if wholeReq
	resp   *Response // the whole response, when its compact fields do not say it all
	armed  *Fault    // head fault met at target, if any
	authed string    // URL whose challenge was answered yes, "" if none
	hop    string    // the current hop's canonical URL, if not the request's URL as given
	gen    int32     // challenge generation: stale reply funcs are ignored
	// wholeReq: the request has more than a URL, a usual method and a
	// latency factor of 0 or 1, so req holds it whole.
	wholeReq bool
}

// noTransferMore is what a transfer without its rare part reads: all
// zero. Never written: peek hands it out for reading only.
var noTransferMore transferMore

// peek is the rare part for reading; a transfer that has none reads
// zeros. Never write through it: use rare.
func (t *Transfer) peek() *transferMore {
	if t.more == nil {
		return &noTransferMore
	}
	return t.more
}

// rare is the rare part for writing, made on first use.
func (t *Transfer) rare() *transferMore {
	if t.more == nil {
		t.more = &transferMore{}
	}
	return t.more
}

// methodCode is a request's Method as it was given, when it is one of
// those a transfer keeps without the whole request.
type methodCode uint8

const (
	methodNone methodCode = iota // "", which means GET
	methodGet                    // "GET"
	methodPut                    // "PUT"
	methodPost                   // "POST"
)

var methodNames = [...]string{methodNone: "", methodGet: http.MethodGet, methodPut: http.MethodPut, methodPost: http.MethodPost}

// methodCodeOf is the code of m, and whether m has one.
func methodCodeOf(m string) (methodCode, bool) {
	for c, name := range methodNames {
		if m == name {
			return methodCode(c), true
		}
	}
	return 0, false
}

// setRequest keeps req: as its URL and codes when that says it all, whole
// in the rare part otherwise.
func (t *Transfer) setRequest(req Request) {
	t.rurl = req.URL
	code, usual := methodCodeOf(req.Method)
	if usual && req.RangeFrom == 0 && req.IfRange == "" && req.UploadSize == 0 && req.Header == nil &&
		(req.LatencyFactor == 0 || req.LatencyFactor == 1) {
		t.method, t.unitLatency = code, req.LatencyFactor == 1
		return
	}
	m := t.rare()
	m.req, m.wholeReq = req, true
}

// Request is the request the transfer was started with.
func (t *Transfer) Request() Request {
	if m := t.peek(); m.wholeReq {
		return m.req
	}
	r := Request{URL: t.rurl, Method: methodNames[t.method]}
	if t.unitLatency {
		r.LatencyFactor = 1
	}
	return r
}

// methodName is the request's method, upper-cased; "" is GET.
func (t *Transfer) methodName() string {
	m := methodNames[t.method]
	if r := t.peek(); r.wholeReq {
		m = strings.ToUpper(r.req.Method)
	}
	if m == "" {
		return http.MethodGet
	}
	return m
}

// header is the request's header fields, nil if none.
func (t *Transfer) header() http.Header { return t.peek().req.Header }

// from is the absolute offset the body starts at: the range asked for, if
// the server honoured it (a 206), else 0.
func (t *Transfer) from() int64 {
	if t.resp.partial {
		return t.peek().req.RangeFrom
	}
	return 0
}

// hop is the canonical URL of the current hop, "" until the request left.
// It is nearly always the request's URL as given, kept once.
func (t *Transfer) hop() string {
	switch {
	case !t.begun:
		return ""
	case t.more != nil && t.more.hop != "":
		return t.more.hop
	}
	return t.rurl
}

// setHop makes u the current hop's canonical URL.
func (t *Transfer) setHop(u string) {
	t.begun = true
	if u == t.rurl && t.peek().hop == "" {
		return
	}
	t.rare().hop = u
}
