package simtest_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/simulator/simtest"
)

func TestGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "testdata", "x.golden")
	ft := &fakeT{TB: t}

	msg := ft.catch(func() { simtest.Golden(ft, path, []byte("a\nb\n")) })
	if !strings.Contains(msg, "-update") {
		t.Errorf("missing golden file: %q", msg)
	}

	setUpdate(t, "true")
	if msg := ft.catch(func() { simtest.Golden(ft, path, []byte("a\nb\n")) }); msg != "" {
		t.Fatalf("under -update: %q", msg)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "a\nb\n" {
		t.Fatalf("-update wrote %q, %v", got, err)
	}
	setUpdate(t, "false")

	if msg := ft.catch(func() { simtest.Golden(ft, path, []byte("a\nb\n")) }); msg != "" {
		t.Errorf("same bytes: %q", msg)
	}
	msg = ft.catch(func() { simtest.Golden(ft, path, []byte("a\nc\n")) })
	if !strings.Contains(msg, `line 2`) || !strings.Contains(msg, `want: "b"`) || !strings.Contains(msg, `got:  "c"`) {
		t.Errorf("different bytes: %q", msg)
	}
}

func TestGoldenTrace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.golden")
	run := func() *simtest.Env {
		env := simtest.New(t)
		env.Do(env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.RunFor(10 * time.Second)
		return env
	}
	setUpdate(t, "true")
	run().GoldenTrace(path)
	setUpdate(t, "false")
	run().GoldenTrace(path) // a second run is byte for byte the same
	got, _ := os.ReadFile(path)
	if !strings.Contains(string(got), "background → suspended") {
		t.Errorf("the golden trace lacks the suspension:\n%s", got)
	}
}

// setUpdate sets simtest's -update flag for the rest of the test.
func setUpdate(t *testing.T, v string) {
	t.Helper()
	f := flag.Lookup("update")
	if f == nil {
		t.Fatal("simtest registers no -update flag")
	}
	old := f.Value.String()
	if err := f.Value.Set(v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Value.Set(old) })
}
