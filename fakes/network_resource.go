package fakes

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrBadURL is matched (errors.Is) by the error for a URL that does not
// parse or lacks a scheme or host.
var ErrBadURL = errors.New("bad URL")

// Resource is what a server answers for one URL.
type Resource struct {
	Size         int64     // body bytes
	ETag         string    // "" = none
	LastModified time.Time // zero = none
	AcceptRanges bool      // the server honours Range requests
	Status       int       // 0 = 200
	// NoContentLength: the response carries no Content-Length, so the
	// client sees ContentLength -1 (R-G3). The body still has Size bytes.
	NoContentLength bool
	// RedirectTo, if set, makes this URL answer 302 to it (absolute, or
	// relative to this URL); each hop costs one Latency.
	RedirectTo string
	// Challenge, if set, is the auth scheme ("Basic", "ClientCertificate",
	// ...) the server demands before it answers.
	Challenge string
	// Body is the document the server answers an upload (PUT or POST) to
	// this URL with, after the whole upload body arrived: an id, an ETag, an
	// error. The app receives it as data before the task completes.
	Body string
	// ResponseDelay is how long the server works on an upload to this URL
	// once its whole body arrived, before it answers: time on top of the
	// link's round trip, during which no byte moves (a request timeout
	// counts it as idle, R-S8). Zero answers at once.
	ResponseDelay time.Duration
}

// AddResource publishes r at rawURL. It is an error if the URL does not
// parse (ErrBadURL), if something is already published there (fs.ErrExist:
// use UpdateResource), or if r is malformed (fs.ErrInvalid).
func (n *Network) AddResource(rawURL string, r Resource) error {
	u, err := n.checkResource("add resource", rawURL, r)
	if err != nil {
		return err
	}
	if n.resources.has(u) {
		return fmt.Errorf("fakes: add resource %s: %w (use UpdateResource)", u, fs.ErrExist)
	}
	n.publish(rawURL, u, r)
	return nil
}

// UpdateResource replaces the resource at rawURL: its content changed (new
// ETag, size, ...). Transfers already receiving the body keep the old one,
// as a connection would; the next request sees the new one. It is an error
// if nothing was published there (fs.ErrNotExist).
func (n *Network) UpdateResource(rawURL string, r Resource) error {
	u, err := n.checkResource("update resource", rawURL, r)
	if err != nil {
		return err
	}
	if !n.resources.has(u) {
		return fmt.Errorf("fakes: update resource %s: %w (use AddResource)", u, fs.ErrNotExist)
	}
	n.publish(rawURL, u, r)
	return nil
}

// publish keeps r at u, the canonical form of rawURL.
func (n *Network) publish(rawURL, u string, r Resource) {
	moved := false
	if u != rawURL {
		// Parsing u again need not give u back for every URL (net/url
		// does not promise it): a request for u must then be parsed.
		c, err := canonicalURL(u)
		moved = err != nil || c != u
	}
	n.resources.set(u, compactResource(r, moved))
}

// canonical is canonicalURL(raw), but raw is not looked at again when it
// is the URL of a published resource, as a request's URL nearly always
// is: a key of the resources is canonicalURL's answer, and its own unless
// its key moved. Comparing raw with a key or two costs a few instructions
// where plainURL's look at each byte cost ~350 a transfer.
func (n *Network) canonical(raw string) (string, error) {
	if r, ok := n.resources.get(raw); ok && !r.keyMoved() {
		return raw, nil
	}
	return canonicalURL(raw)
}

// Resource is the resource published at rawURL.
func (n *Network) Resource(rawURL string) (Resource, bool) {
	u, err := n.canonical(rawURL)
	if err != nil {
		return Resource{}, false
	}
	r, ok := n.resources.get(u)
	return r.full(), ok
}

func (n *Network) checkResource(op, rawURL string, r Resource) (string, error) {
	u, err := n.kept.canonicalURL(rawURL)
	if err != nil {
		return "", fmt.Errorf("fakes: %s %q: %w", op, rawURL, err)
	}
	switch {
	case r.Size < 0:
		return "", fmt.Errorf("fakes: %s %s: negative size %d: %w", op, u, r.Size, fs.ErrInvalid)
	case r.Status != 0 && (r.Status < 100 || r.Status > 599):
		return "", fmt.Errorf("fakes: %s %s: status %d is not an HTTP status: %w", op, u, r.Status, fs.ErrInvalid)
	case r.ResponseDelay < 0:
		return "", fmt.Errorf("fakes: %s %s: negative response delay %s: %w", op, u, r.ResponseDelay, fs.ErrInvalid)
	}
	if r.RedirectTo != "" {
		if _, err := resolveURL(u, r.RedirectTo); err != nil {
			return "", fmt.Errorf("fakes: %s %s: redirect target: %w", op, u, err)
		}
	}
	return u, nil
}

// canonicalURL parses raw and lower-cases its scheme and host, so that
// resources, requests and faults naming the same URL meet.
func canonicalURL(raw string) (string, error) {
	if plainURL(raw) {
		return raw, nil // what parsing would give back: skip it, it costs a microsecond
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	if u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("%w: %q needs a scheme and a host", ErrBadURL, raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	if s := u.String(); s != raw {
		return s, nil
	}
	return raw, nil // the caller's string, already canonical: shared, not a copy
}

// plainURL reports whether raw is an http or https URL that canonicalURL
// gives back unchanged without a doubt: a lower-case scheme and host (no
// port, user or IPv6 literal) and a path of unreserved characters and
// slashes, with no escapes, query or fragment. Most URLs of a run are.
func plainURL(raw string) bool {
	rest, ok := strings.CutPrefix(raw, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(raw, "http://"); !ok {
			return false
		}
	}
	// One table look-up a byte (a URL has dozens) rather than a chain of
	// range tests: the host's class up to the first byte not in it, which
	// must be the path's slash, then the path's class.
	i := 0
	for i < len(rest) && urlChars[rest[i]]&plainHost != 0 {
		i++
	}
	if i == 0 {
		return false // no host
	}
	if i < len(rest) && rest[i] != '/' {
		return false
	}
	for ; i < len(rest); i++ {
		if urlChars[rest[i]]&plainPath == 0 {
			return false
		}
	}
	return true
}

// The classes of urlChars.
const (
	plainHost uint8 = 1 << iota // a-z 0-9 . -
	plainPath                   // a-z A-Z 0-9 / . - _ ~
)

// urlChars classes each byte for plainURL.
var urlChars = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '.', c == '-':
			t[c] = plainHost | plainPath
		case 'A' <= c && c <= 'Z', c == '/', c == '_', c == '~':
			t[c] = plainPath
		}
	}
	return t
}()

// resolveURL resolves a redirect target against the canonical URL base.
func resolveURL(base, ref string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	return canonicalURL(b.ResolveReference(r).String())
}

// matchesIfRange reports whether an If-Range validator names r's current
// content: its ETag, or its Last-Modified in http.TimeFormat. With neither,
// nothing matches, so such a resource is never resumed (R-G1).
func (r Resource) matchesIfRange(ifRange string) bool {
	if ifRange == "" {
		return false
	}
	if r.ETag != "" && ifRange == r.ETag {
		return true
	}
	return !r.LastModified.IsZero() && ifRange == r.LastModified.UTC().Format(http.TimeFormat)
}
