package simtest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// update is the -update flag: go test ./... -args -update rewrites golden
// files instead of comparing with them (read the diff before committing).
// A test package that imports simtest shares this flag and must not
// define its own.
var update = flag.Bool("update", false, "rewrite golden files instead of comparing with them")

// Golden compares got with the golden file at path byte for byte and fails
// the test on a difference, showing the first line that differs. Run the
// test with -update to write the file instead.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("simtest: golden %s: %v", path, err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("simtest: golden %s: %v", path, err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("simtest: golden %s: %v (run the test with -update to write it, then read it)", path, err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("simtest: %s differs from the run: %s\n(if the change is intended, rewrite the file with -update and read the diff)",
			path, firstDiff(string(want), string(got)))
	}
}

// GoldenTrace compares the trace, rendered as text, with the golden file
// at path (see [Golden]).
func (e *Env) GoldenTrace(path string) {
	e.t.Helper()
	var b bytes.Buffer
	if err := simulator.RenderText(&b, e.sim.Trace(), simulator.TextOptions{}); err != nil {
		e.t.Fatalf("simtest: render the trace: %v", err)
	}
	Golden(e.t, path, b.Bytes())
}

// firstDiff describes the first line where want and got differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return fmt.Sprintf("line %d\n  want: %q\n  got:  %q", i+1, w, g)
		}
	}
	return "same lines, different bytes"
}
