package fakes

import (
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
