package fakes

import (
	"math/rand/v2"
	"path"
	"strings"
	"testing"
)

// TestCleanRootedIsClean checks cleanRooted against path.Clean, and
// parentDir against path.Dir, on every string of up to 9 bytes made of
// '/', '.' and 'a': every way of spelling empty, "." and ".." elements,
// trailing slashes and relative paths. rooted then gives what
// path.Clean("/" + p) gives.
func TestCleanRootedIsClean(t *testing.T) {
	alphabet := []byte{'/', '.', 'a'}
	var walk func(p []byte)
	checked := 0
	walk = func(p []byte) {
		s := string(p)
		want := strings.HasPrefix(s, "/") && path.Clean(s) == s
		if got := cleanRooted(s); got != want {
			t.Fatalf("cleanRooted(%q) = %v, want %v", s, got, want)
		}
		if want && parentDir(s) != path.Dir(s) {
			t.Fatalf("parentDir(%q) = %q, want %q", s, parentDir(s), path.Dir(s))
		}
		if got, want := rooted(s), path.Clean("/"+s); got != want {
			t.Fatalf("rooted(%q) = %q, want %q", s, got, want)
		}
		checked++
		if len(p) == 9 {
			return
		}
		for _, c := range alphabet {
			walk(append(p, c))
		}
	}
	walk(nil)
	if checked != (3*3*3*3*3*3*3*3*3*3-1)/2 {
		t.Fatalf("checked %d strings", checked)
	}
}

// TestKeptHomeIsRooted: an FS's kept container path answers as rooted
// does, over runs of random paths of '/', '.' and 'a' (the empty one
// among them), each made anew as a run makes its strings or taken again
// as it was: a path is kept only if rooted gives it back as it is, and
// each answer is rooted's.
func TestKeptHomeIsRooted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var k fsKept
	var seen []string
	for step := range 20000 {
		var p string
		if len(seen) > 0 && rng.IntN(2) == 0 {
			p = seen[rng.IntN(len(seen))] // the same string again
		} else {
			b := make([]byte, rng.IntN(8))
			for i := range b {
				b[i] = "/.a"[rng.IntN(3)]
			}
			p = string(b)
			if len(seen) < 16 {
				seen = append(seen, p)
			}
		}
		if got, want := k.rootedHome(p), rooted(p); got != want {
			t.Fatalf("step %d: rootedHome(%q) = %q, want %q", step, p, got, want)
		}
		if k.home != "" && !cleanRooted(k.home) {
			t.Fatalf("step %d: %q is kept as clean", step, k.home)
		}
	}
	var none *fsKept // an FS made once keeps nothing
	for _, p := range []string{"", "/", "/a", "a", "/a/", "/./a", "//"} {
		if got, want := none.rootedHome(p), rooted(p); got != want {
			t.Fatalf("nil rootedHome(%q) = %q, want %q", p, got, want)
		}
	}
}
