package fakes

// A network may publish a hundred thousand resources, nearly all of them a
// size, an ETag and byte ranges. The network keeps those (32 bytes, so that
// a map entry is 48 with its URL) and the whole Resource, behind a
// pointer, only for one that uses anything else.

// resourceTable is a network's resources by canonical URL. The first two
// are kept inside the network: most runs publish one or two.
type resourceTable = smallMap[resource, [2]smallEntry[resource]]

// resource is a published Resource as the network keeps it.
type resource struct {
	size int64
	etag string
	// rest is the whole resource when the fields here do not say it all;
	// rangesOnly when all they leave out is AcceptRanges (true); nil when
	// AcceptRanges is false and nothing else is set.
	rest *Resource
}

// rangesOnly marks a resource whose size and ETag say all but
// AcceptRanges, which is true. Never written, compared by address.
var rangesOnly = &Resource{AcceptRanges: true}

func compactResource(r Resource) resource {
	c := resource{size: r.Size, etag: r.ETag}
	switch r {
	case Resource{Size: r.Size, ETag: r.ETag}:
	case Resource{Size: r.Size, ETag: r.ETag, AcceptRanges: true}:
		c.rest = rangesOnly
	default:
		whole := r // a copy made only here, so that r itself stays off the heap
		c.rest = &whole
	}
	return c
}

// full is the Resource as published.
func (r resource) full() Resource {
	switch r.rest {
	case nil:
		return Resource{Size: r.size, ETag: r.etag}
	case rangesOnly:
		return Resource{Size: r.size, ETag: r.etag, AcceptRanges: true}
	}
	return *r.rest
}
