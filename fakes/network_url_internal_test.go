package fakes

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
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
	accepted := 0
	for range 200_000 {
		raw := randomURL(rng)
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
	for _, raw := range []string{"https://", "https:///a", "https://a.B/x", "https://a.b:8/x", "https://a/%41", "https://a/b?c", "http://é/"} {
		if plainURL(raw) {
			t.Errorf("plainURL(%q) = true, want false", raw)
		}
	}
}

// randomURL draws a URL from the characters that matter to canonicalURL
// (case, escapes, ports, dots, slashes, query and fragment marks), so that
// many are plain, many are not, and many do not parse.
func randomURL(rng *rand.Rand) string {
	const hostChars = "abcXY09.-:@[]%_"
	const pathChars = "aZ09/._~-%?#:;@!$&'()*+,= "
	pick := func(chars string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = chars[rng.IntN(len(chars))]
		}
		return string(b)
	}
	scheme := []string{"https://", "http://", "HTTPS://", "ftp://", "https:/", ""}[rng.IntN(6)]
	return scheme + pick(hostChars, rng.IntN(6)) + pick(pathChars, rng.IntN(8))
}

// TestNetworkCanonicalIsCanonicalURL checks the network's shortcut, which
// takes the key of a published resource as its own canonical form: on
// networks publishing random URLs (some plain, some not), canonical gives
// what canonicalURL gives for those URLs, their canonical forms (the keys)
// and fresh ones.
func TestNetworkCanonicalIsCanonicalURL(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 17))
	shortcuts := 0
	for range 2_000 {
		n := NewNetwork(NewClock(time.Unix(0, 0)), Link{})
		var asked []string
		for range 1 + rng.IntN(6) { // past the two kept inside the network, sometimes
			raw := randomURL(rng)
			asked = append(asked, raw)
			if u, err := canonicalURL(raw); err == nil {
				asked = append(asked, u, strings.ToUpper(u))
				_ = n.AddResource(raw, Resource{Size: 1}) // taken already, at times
			}
		}
		for range 4 {
			asked = append(asked, randomURL(rng))
		}
		for _, raw := range asked {
			want, wantErr := canonicalURL(raw)
			got, err := n.canonical(raw)
			if got != want || (err == nil) != (wantErr == nil) {
				t.Fatalf("canonical(%q) = %q, %v; canonicalURL gives %q, %v", raw, got, err, want, wantErr)
			}
			if r, ok := n.resources.get(raw); ok && !r.keyMoved() {
				shortcuts++
			}
		}
	}
	if shortcuts < 1000 {
		t.Fatalf("only %d URLs were keys: the test draws too few", shortcuts)
	}
}

// TestCompactResourceKeepsKeyMoved checks that a resource kept at a URL
// that is not its own canonical form says so, whatever its shape (plain,
// ranges only, whole), and that every shape gives back the Resource.
func TestCompactResourceKeepsKeyMoved(t *testing.T) {
	for _, r := range []Resource{{Size: 5, ETag: "e"}, {Size: 5, AcceptRanges: true}, {Size: 5, Status: 201, Body: "b"}} {
		for _, moved := range []bool{false, true} {
			c := compactResource(r, moved)
			if c.keyMoved() != moved || c.full() != r {
				t.Errorf("compactResource(%+v, %t): keyMoved %t, full %+v", r, moved, c.keyMoved(), c.full())
			}
		}
	}
}

// TestCompactResourceKeepsEveryField checks that every field of Resource,
// set alone, comes back from the compact form: compactResource names the
// fields it may leave out one by one, and a field added to Resource
// without it would be lost.
func TestCompactResourceKeepsEveryField(t *testing.T) {
	rt := reflect.TypeFor[Resource]()
	samples := map[reflect.Type]any{
		reflect.TypeFor[int64]():         int64(7),
		reflect.TypeFor[int]():           201,
		reflect.TypeFor[string]():        "x",
		reflect.TypeFor[bool]():          true,
		reflect.TypeFor[time.Duration](): time.Second,
		reflect.TypeFor[time.Time]():     time.Unix(1, 0),
	}
	for i := range rt.NumField() {
		f := rt.Field(i)
		v, ok := samples[f.Type]
		if !ok {
			t.Fatalf("Resource.%s is a %s: give the test a value of it", f.Name, f.Type)
		}
		var r Resource
		reflect.ValueOf(&r).Elem().Field(i).Set(reflect.ValueOf(v))
		if got := compactResource(r, false).full(); got != r {
			t.Errorf("Resource.%s alone: kept %+v, want %+v", f.Name, got, r)
		}
	}
	// A zero instant in a zone is not the zero Time.
	r := Resource{LastModified: time.Time{}.In(time.FixedZone("x", 3600))}
	if got := compactResource(r, false).full(); got != r {
		t.Errorf("a zero Last-Modified in a zone: kept %+v, want %+v", got, r)
	}
}

// TestKeptURLsAreCanonicalURL checks the URLs a network made anew keeps
// from the runs before: over runs of a network Init makes anew, each
// publishing a few random URLs (plain, canonical but not plain, not
// canonical, malformed), some of the run before among them, and past the
// memo's room, AddResource and UpdateResource answer as on a new network,
// and Resource finds what they published.
func TestKeptURLsAreCanonicalURL(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 23))
	c := NewClock(time.Unix(0, 0))
	var kept Network
	var last []string
	remembered := 0
	for run := range 3_000 {
		kept.Init(c, Link{})
		fresh := NewNetwork(c, Link{})
		urls := []string{}
		for range 1 + rng.IntN(5) {
			if len(last) > 0 && rng.IntN(2) == 0 {
				urls = append(urls, last[rng.IntN(len(last))])
			} else {
				urls = append(urls, randomURL(rng))
			}
		}
		for _, raw := range urls {
			if kept.kept != nil && slices.Contains(kept.kept.plain, raw) {
				remembered++
			}
			for _, op := range []string{"add", "update"} {
				var errK, errF error
				if op == "add" {
					errK, errF = kept.AddResource(raw, Resource{Size: 3}), fresh.AddResource(raw, Resource{Size: 3})
				} else {
					errK, errF = kept.UpdateResource(raw, Resource{Size: 4}), fresh.UpdateResource(raw, Resource{Size: 4})
				}
				if fmt.Sprint(errK) != fmt.Sprint(errF) {
					t.Fatalf("run %d: %s %q: %v, on a new network %v", run, op, raw, errK, errF)
				}
			}
			rk, okK := kept.Resource(raw)
			rf, okF := fresh.Resource(raw)
			if okK != okF || rk.Size != rf.Size {
				t.Fatalf("run %d: resource %q: %v %v, on a new network %v %v", run, raw, rk.Size, okK, rf.Size, okF)
			}
		}
		last = urls
	}
	if remembered == 0 {
		t.Fatal("no URL was remembered")
	}
}
