package fakes

import (
	"errors"
	"fmt"
)

// NetErrorKind is why a transfer failed, one per URLSession error code the
// network can cause.
type NetErrorKind int

// The kinds of network failure.
const (
	// ConnectionLost: the link went offline or a fault dropped the
	// connection mid-transfer (-1005).
	ConnectionLost NetErrorKind = iota + 1
	// NotConnected: the request was started while offline (-1009).
	NotConnected
	// CannotFindHost: no resource at the URL, or the URL is unusable:
	// modelled as a DNS failure (-1003).
	CannotFindHost
	// TimedOut is never produced by the network; the daemon uses it for
	// its request and resource timeouts (R-S8, -1001).
	TimedOut
	// TooManyRedirects: more than MaxRedirects hops (-1007).
	TooManyRedirects
)

// MaxRedirects is how many redirect hops a transfer follows before it fails
// with ErrTooManyRedirects, as URLSession does (R-S4: background sessions
// always follow redirects).
const MaxRedirects = 16

// Sentinels matched by errors.Is against a *NetError of the same kind.
var (
	ErrConnectionLost   = errors.New("fakes: network connection lost")
	ErrNotConnected     = errors.New("fakes: not connected to the internet")
	ErrCannotFindHost   = errors.New("fakes: cannot find host")
	ErrTimedOut         = errors.New("fakes: request timed out")
	ErrTooManyRedirects = errors.New("fakes: too many redirects")
)

// String is the kind in words, as it appears in NetError messages.
func (k NetErrorKind) String() string {
	switch k {
	case ConnectionLost:
		return "connection lost"
	case NotConnected:
		return "not connected to the internet"
	case CannotFindHost:
		return "cannot find host"
	case TimedOut:
		return "timed out"
	case TooManyRedirects:
		return "too many redirects"
	}
	return fmt.Sprintf("NetErrorKind(%d)", int(k))
}

// Code is the NSURLErrorDomain code URLSession reports for this kind (R-G2),
// 0 for an unknown kind.
func (k NetErrorKind) Code() int {
	switch k {
	case ConnectionLost:
		return -1005
	case NotConnected:
		return -1009
	case CannotFindHost:
		return -1003
	case TimedOut:
		return -1001
	case TooManyRedirects:
		return -1007
	}
	return 0
}

func (k NetErrorKind) sentinel() error {
	switch k {
	case ConnectionLost:
		return ErrConnectionLost
	case NotConnected:
		return ErrNotConnected
	case CannotFindHost:
		return ErrCannotFindHost
	case TimedOut:
		return ErrTimedOut
	case TooManyRedirects:
		return ErrTooManyRedirects
	}
	return nil
}

// NetError is how a transfer failed.
type NetError struct {
	Kind   NetErrorKind
	Method string // "GET", "PUT", ...
	URL    string // the URL being fetched when it failed (after redirects)
	// At is the body bytes this attempt had moved when it failed: received
	// for a download, sent for an upload.
	At int64
}

// Error reads like "fakes: GET https://host/f: connection lost after 1234
// bytes".
func (e *NetError) Error() string {
	if e.Kind == ConnectionLost || e.Kind == TimedOut {
		return fmt.Sprintf("fakes: %s %s: %s after %d bytes", e.Method, e.URL, e.Kind, e.At)
	}
	return fmt.Sprintf("fakes: %s %s: %s", e.Method, e.URL, e.Kind)
}

// Unwrap yields the kind's sentinel, so errors.Is(err, ErrConnectionLost)
// works on a *NetError.
func (e *NetError) Unwrap() error { return e.Kind.sentinel() }
