package fakes

import "time"

// response is a Response as a transfer keeps it: the fields that vary
// between the answers of a plain download, with the whole Response behind
// a pointer only when it has more (a Last-Modified date, header fields, a
// body). Its FinalURL and Redirects are the transfer's current hop.
type response struct {
	contentLength int64
	etag          string
	rest          *Response // the whole response, when the fields here do not say it all
	status        int32
	has           bool // a response arrived
	acceptRanges  bool
	partial       bool
}

func (t *Transfer) compactResponse(r Response) response {
	c := response{contentLength: r.ContentLength, etag: r.ETag, status: int32(r.Status), has: true,
		acceptRanges: r.AcceptRanges, partial: r.Partial}
	if r.LastModified != (time.Time{}) || r.Header != nil || r.Body != nil ||
		r.FinalURL != t.url || r.Redirects != int(t.hops) || int(c.status) != r.Status {
		whole := r // a copy made only here, so that r itself stays off the heap
		c.rest = &whole
	}
	return c
}

// full is the Response as it arrived.
func (r response) full(t *Transfer) Response {
	if r.rest != nil {
		return *r.rest
	}
	return Response{Status: int(r.status), ContentLength: r.contentLength, ETag: r.etag,
		AcceptRanges: r.acceptRanges, Partial: r.partial, FinalURL: t.url, Redirects: int(t.hops)}
}
