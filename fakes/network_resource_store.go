package fakes

// A network may publish a hundred thousand resources, nearly all of them a
// size, an ETag and byte ranges. The network keeps those three (and the
// status) in a few words and the whole Resource, behind a pointer, only
// for one that uses anything else.

// resource is a published Resource as the network keeps it.
type resource struct {
	size         int64
	etag         string
	rest         *Resource // the whole resource, when it has more than the fields here
	status       int32
	acceptRanges bool
}

func compactResource(r Resource) resource {
	small := Resource{Size: r.Size, ETag: r.ETag, AcceptRanges: r.AcceptRanges, Status: r.Status}
	c := resource{size: r.Size, etag: r.ETag, status: int32(r.Status), acceptRanges: r.AcceptRanges}
	if r != small {
		whole := r // a copy made only here, so that r itself stays off the heap
		c.rest = &whole
	}
	return c
}

// full is the Resource as published.
func (r resource) full() Resource {
	if r.rest != nil {
		return *r.rest
	}
	return Resource{Size: r.size, ETag: r.etag, AcceptRanges: r.acceptRanges, Status: int(r.status)}
}
