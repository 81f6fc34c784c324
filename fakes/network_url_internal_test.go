package fakes

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
)

// slowCanonical is canonicalURL without its shortcut.
func slowCanonical(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Scheme == "" || u.Host == "" {
		return "", ErrBadURL
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// TestPlainURLIsCanonical checks the shortcut of canonicalURL: every URL
// plainURL accepts, the full parse gives back unchanged. The URLs are
// drawn from the characters that matter (case, escapes, ports, dots,
// slashes, query and fragment marks), so that many are accepted and many
// are not.
func TestPlainURLIsCanonical(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	const hostChars = "abcXY09.-:@[]%_"
	const pathChars = "aZ09/._~-%?#:;@!$&'()*+,= "
	pick := func(chars string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = chars[rng.IntN(len(chars))]
		}
		return string(b)
	}
	accepted := 0
	for range 200_000 {
		scheme := []string{"https://", "http://", "HTTPS://", "ftp://", "https:/", ""}[rng.IntN(6)]
		raw := scheme + pick(hostChars, rng.IntN(6)) + pick(pathChars, rng.IntN(8))
		if !plainURL(raw) {
			continue
		}
		accepted++
		got, err := slowCanonical(raw)
		if err != nil || got != raw {
			t.Fatalf("plainURL(%q) is true but the full parse gives %q, %v", raw, got, err)
		}
	}
	if accepted < 1000 {
		t.Fatalf("only %d URLs took the shortcut: the test draws too few plain ones", accepted)
	}
	for _, raw := range []string{"https://cdn1.example.com/bulk/f00001", "http://a", "https://a.b/x/./y//z~_-."} {
		if !plainURL(raw) {
			t.Errorf("plainURL(%q) = false, want true", raw)
		}
	}
}
