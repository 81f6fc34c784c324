package fakes

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// auth is the server side of token authentication: the bearer tokens it
// has issued, with when each stops being valid, and the URLs that demand
// one.
type auth struct {
	tokens    map[string]time.Time
	protected map[string]bool
}

// ExpiredTokenBody is the body of the 401 the server answers a request
// whose token is missing, unknown or expired.
const ExpiredTokenBody = `{"error":"invalid_token","error_description":"the access token expired or is not valid"}`

// IssueToken makes the server accept token, sent as the header
// "Authorization: Bearer <token>", for validFor from the clock's Now. A
// token issued again gets the new validity.
//
// The token is checked when the server answers: for a download when the
// request arrives, for an upload once the whole body was received. So a
// long upload that outlives its token is refused with a 401, and so is
// every retry of a request made with a token that has since expired: the
// daemon resends the headers the task was made with.
func (n *Network) IssueToken(token string, validFor time.Duration) {
	a := n.authority()
	if a.tokens == nil {
		a.tokens = map[string]time.Time{}
	}
	a.tokens[token] = n.clock.Now().Add(validFor)
}

// RevokeToken makes the server refuse token from now on.
func (n *Network) RevokeToken(token string) {
	if n.auth != nil {
		delete(n.auth.tokens, token)
	}
}

// authority is the network's auth, made the first time: most runs use none,
// and a network is part of every simulation.
func (n *Network) authority() *auth {
	if n.auth == nil {
		n.auth = &auth{}
	}
	return n.auth
}

// RequireToken makes the URL (a resource or an upload endpoint) demand a
// valid bearer token (see IssueToken): a request without one is answered
// 401 with ExpiredTokenBody and a WWW-Authenticate header, whatever is
// published there. It is an error if the URL does not parse (ErrBadURL).
func (n *Network) RequireToken(rawURL string) error {
	u, err := n.canonical(rawURL)
	if err != nil {
		return fmt.Errorf("fakes: require token %q: %w", rawURL, err)
	}
	a := n.authority()
	if a.protected == nil {
		a.protected = map[string]bool{}
	}
	a.protected[u] = true
	return nil
}

// authorized reports whether a request to the canonical URL u with header
// h may be answered now.
func (n *Network) authorized(u string, h http.Header) bool {
	if n.auth == nil || !n.auth.protected[u] { // nil: nothing protected, no look-up
		return true
	}
	v := h.Get("Authorization")
	token, ok := strings.CutPrefix(v, "Bearer ")
	if !ok {
		return false
	}
	until, ok := n.auth.tokens[token]
	return ok && n.clock.Now().Before(until)
}

// unauthorizedResponse is the server's answer to a request without a
// valid token.
func unauthorizedResponse(url string, hops int) Response {
	return Response{Status: http.StatusUnauthorized, FinalURL: url, Redirects: hops,
		Header: http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}},
		Body:   []byte(ExpiredTokenBody)}
}
