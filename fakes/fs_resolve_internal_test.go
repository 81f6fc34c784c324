package fakes

import (
	"math/rand/v2"
	"path"
	"strings"
	"testing"
	"time"
)

// TestFSResolveShortcuts checks resolve, with the paths it remembers and
// its look past the home directory, against what it does without them:
// path.Clean, then the home directory, then the stale ones. The paths are
// drawn from a few elements, ".", ".." and empty ones, often under the
// home directory, and asked again often; the container moves now and then.
func TestFSResolveShortcuts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	fsys := NewFS(NewClock(time.Unix(0, 0)))
	homes := []string{"/var/h", "/var/h/x", "/var", "/tmp", "/", "var/h/"}
	elems := []string{"var", "h", "x", "tmp", "f.tmp", ".", "..", ""}
	home, stale := "", []string(nil) // the model's
	var asked []string
	shortcuts := 0
	for step := range 200_000 {
		if step%1000 == 0 { // a new device now and then: the stale directories pile up
			fsys, home, stale = NewFS(NewClock(time.Unix(0, 0))), "", nil
		}
		if rng.IntN(50) == 0 {
			h := homes[rng.IntN(len(homes))]
			fsys.SetHome(h)
			if h = path.Clean("/" + h); h == "/" {
				h = ""
			}
			if h != home {
				if home != "" {
					stale = append(stale, home)
				}
				home = h
			}
			continue
		}
		var p string
		switch r := rng.IntN(4); {
		case r == 0 && len(asked) > 0:
			p = asked[len(asked)-1-rng.IntN(min(len(asked), 4))] // asked again
		default:
			var b strings.Builder
			if r == 1 {
				b.WriteString(fsys.HomeDirectory())
			}
			for range rng.IntN(4) {
				if rng.IntN(8) != 0 {
					b.WriteByte('/')
				}
				b.WriteString(elems[rng.IntN(len(elems))])
			}
			p = b.String()
		}
		asked = append(asked, p)
		if fsys.isSame(p) {
			shortcuts++
		}
		want, wantOK := cleanResolve(home, stale, p)
		got, err := fsys.resolve("test", p)
		if got != want || (err == nil) != wantOK {
			t.Fatalf("step %d: resolve(%q) with home %q = %q, %v; want %q (resolves: %t)", step, p, home, got, err, want, wantOK)
		}
	}
	if shortcuts < 10_000 {
		t.Fatalf("only %d paths were remembered: the test asks again too little", shortcuts)
	}
}

// cleanResolve is what resolve gives for p with the home directory home
// and the stale ones, and whether p resolves, the long way.
func cleanResolve(home string, stale []string, p string) (string, bool) {
	c := path.Clean("/" + p)
	under := func(dir string) (string, bool) {
		switch {
		case dir == "":
			return "", false
		case c == dir:
			return "/", true
		case strings.HasPrefix(c, dir+"/"):
			return c[len(dir):], true
		}
		return "", false
	}
	if rest, ok := under(home); ok {
		return rest, true
	}
	for _, old := range stale {
		if _, ok := under(old); ok {
			return "", false
		}
	}
	return c, true
}
