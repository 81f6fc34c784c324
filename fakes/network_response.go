package fakes

import "time"

// response is a Response as a transfer keeps it: the fields that vary
// between the answers of a plain download. When the response has more (a
// Last-Modified date, header fields, a body) the whole of it is in the
// transfer's rare part as well. Its FinalURL and Redirects are the
// transfer's current hop.
type response struct {
	contentLength int64
	etag          string
	status        int32
	has           bool // a response arrived
	acceptRanges  bool
	partial       bool
}

// setResponse keeps r, arrived now.
func (t *Transfer) setResponse(r Response) {
	t.resp = response{contentLength: r.ContentLength, etag: r.ETag, status: int32(r.Status), has: true,
		acceptRanges: r.AcceptRanges, partial: r.Partial}
	if r.LastModified != (time.Time{}) || r.Header != nil || r.Body != nil ||
		r.FinalURL != t.hop() || r.Redirects != int(t.hops) || int(t.resp.status) != r.Status {
		whole := r // a copy made only here, so that r itself stays off the heap
		t.rare().resp = &whole
	} else if t.more != nil {
		t.more.resp = nil
	}
}

// fullResponse is the Response as it arrived.
func (t *Transfer) fullResponse() Response {
	if w := t.peek().resp; w != nil {
		return *w
	}
	r := &t.resp
	return Response{Status: int(r.status), ContentLength: r.contentLength, ETag: r.etag,
		AcceptRanges: r.acceptRanges, Partial: r.partial, FinalURL: t.hop(), Redirects: int(t.hops)}
}
