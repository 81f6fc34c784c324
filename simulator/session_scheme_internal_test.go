package simulator

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestValidSchemeFoldsOnlyTheScheme checks validScheme against what it
// replaced, the whole URL lower-cased then its prefix compared, on URLs
// drawn from the scheme's letters in both cases, the runes that fold or
// lower-case to ASCII (ſ, K, İ), bytes that are not UTF-8 and control
// bytes one bit away from ':' and '/'.
func TestValidSchemeFoldsOnlyTheScheme(t *testing.T) {
	lowered := func(u string) bool {
		u = strings.ToLower(u)
		return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
	}
	pieces := []string{"h", "H", "t", "T", "p", "P", "s", "S", ":", "/", "ſ", "\u212a", "İ", "\xff", "\x1a", "\x0f", "x"}
	rng := rand.New(rand.NewPCG(3, 5))
	valid := 0
	for range 200_000 {
		var b strings.Builder
		if rng.IntN(2) == 0 { // most random strings are nowhere near a scheme
			b.WriteString([]string{"http", "HTTPS", "hTtPs", "https:/"}[rng.IntN(4)])
		}
		for range rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		u := b.String()
		want := lowered(u)
		if got := validScheme(u); got != want {
			t.Fatalf("validScheme(%q) = %v, want %v", u, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < 1000 {
		t.Fatalf("only %d drawn URLs had a valid scheme: the test draws too few", valid)
	}
	for _, u := range []string{"HTTPS://a.b/c", "Http://x", "https://"} {
		if !validScheme(u) {
			t.Errorf("validScheme(%q) = false, want true", u)
		}
	}
	for _, u := range []string{"ftp://a", "https:/a", "httpſ://a", "", "http:\x0f/a"} {
		if validScheme(u) {
			t.Errorf("validScheme(%q) = true, want false", u)
		}
	}
}
