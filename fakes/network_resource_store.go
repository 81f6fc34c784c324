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
	// rest is the whole resource when the fields here do not say it all
	// (or its key moved); rangesOnly when all they leave out is
	// AcceptRanges (true); nil when AcceptRanges is false and nothing else
	// is set.
	rest *wholeResource
}

// wholeResource is a Resource kept whole.
type wholeResource struct {
	Resource
	// keyMoved: the URL the resource is kept at is not its own canonical
	// form (parsing it again gives another), so a request for that URL
	// does not find it without being parsed (see Network.canonical). No
	// URL of any run so far does this; net/url does not promise it never
	// happens.
	keyMoved bool
}

// rangesOnly marks a resource whose size and ETag say all but
// AcceptRanges, which is true. Never written, compared by address.
var rangesOnly = &wholeResource{Resource: Resource{AcceptRanges: true}}

// compactResource is r as the network keeps it at a URL whose key moved,
// or not.
func compactResource(r Resource, keyMoved bool) resource {
	c := resource{size: r.Size, etag: r.ETag}
	others := r // what the compact fields leave out: one comparison says whether it is nothing
	others.Size, others.ETag, others.AcceptRanges = 0, "", false
	switch plain := others == (Resource{}) && !keyMoved; {
	case plain && !r.AcceptRanges:
	case plain:
		c.rest = rangesOnly
	default:
		c.rest = &wholeResource{Resource: r, keyMoved: keyMoved}
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
	return r.rest.Resource
}

// keyMoved reports whether r is kept at a URL that is not its own
// canonical form.
func (r resource) keyMoved() bool { return r.rest != nil && r.rest.keyMoved }
