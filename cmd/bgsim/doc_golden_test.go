package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The recipe of docs/golden-traces.md is two ```sh blocks, recorded and
// checked here with the real bgsim (the test binary, on $PATH as bgsim
// through TestMain) from a repository of scenario files: the commands
// must work as the page shows them, and fail when the page says they do.

const goldenPage = "docs/golden-traces.md"

// recipeRepo makes a repository root with scenario files: photo-sync,
// and photo-sync with the undocumented timings drawn from the seed.
func recipeRepo(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../../docs/exploration/photo-sync.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "scenarios"), 0o755); err != nil {
		t.Fatal(err)
	}
	jitter := strings.Replace(string(src), "name: photo-sync\n", "name: photo-sync-jitter\nconfig: {jitter: true}\n", 1)
	if jitter == string(src) {
		t.Fatal("photo-sync.yaml has no line name: photo-sync")
	}
	writeFile(t, filepath.Join(root, "scenarios", "photo-sync.yaml"), string(src))
	writeFile(t, filepath.Join(root, "scenarios", "photo-sync-jitter.yaml"), jitter)
	return root
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// shellBlock returns the ```sh block of page that starts with first.
func shellBlock(t *testing.T, page, first string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, "```sh\n"+first+"\n")
	body, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatalf("%s has no ```sh block that starts with %q", goldenPage, first)
	}
	return first + "\n" + body
}

// runIn runs a shell script, or a command when args are given, in dir
// and returns its exit code and output.
func runIn(t *testing.T, dir string, name string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	// Under -race, bgsim is the race-enabled test binary, which would
	// sleep a second at each exit; the recipe starts it some forty times.
	cmd.Env = append(os.Environ(), "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatalf("%s %q: %v", name, args, err)
	}
	return 0, string(out)
}

func TestGoldenTraceRecipe(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skipf("no bash to run the recipe: %v", err)
	}
	page, err := os.ReadFile(filepath.Join("../..", goldenPage))
	if err != nil {
		t.Fatal(err)
	}
	record := shellBlock(t, string(page), "# record the goldens, from the repository's root")
	check := shellBlock(t, string(page), "# in CI, from the repository's root")
	// GitHub runs a run: step with bash -e; a terminal runs the recording.
	ci := func(dir string) (int, string) { return runIn(t, dir, bash, "-e", "-c", check) }

	root := recipeRepo(t)
	if rc, out := runIn(t, root, bash, "-c", record); rc != 0 {
		t.Fatalf("recording exits with %d:\n%s", rc, out)
	}
	rc, out := ci(root)
	for _, name := range []string{"photo-sync", "photo-sync-jitter"} {
		for _, seed := range []string{"1", "2", "3"} {
			want := regexp.MustCompile(`(?m)^ok: \d+ events match \(scenarios/` + name + `\.yaml, seed ` + seed + `\)$`)
			if !want.MatchString(out) {
				t.Errorf("the CI step says nothing matching %s", want)
			}
		}
	}
	if rc != 0 {
		t.Fatalf("the CI step exits with %d on goldens just recorded:\n%s", rc, out)
	}
	if _, err := os.Stat(filepath.Join(root, "junit.xml")); err != nil {
		t.Errorf("the CI step wrote no JUnit report: %v", err)
	}

	t.Run("a golden that differs fails the step", func(t *testing.T) {
		g := filepath.Join(root, "golden", "photo-sync-jitter-2.jsonl")
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		defer writeFile(t, g, string(data))
		writeFile(t, g, strings.Replace(string(data), `"seq":5,`, `"seq":6,`, 1))
		if rc, out := ci(root); rc != 1 || !strings.Contains(out, "photo-sync-jitter-2.jsonl:6: differs from the re-run") {
			t.Errorf("the CI step exits with %d, want 1 naming the line that differs:\n%s", rc, out)
		}
	})

	// The page: a golden of a run that missed its expectations verifies,
	// and the step fails all the same, on bgsim run.
	t.Run("missed expectations fail the step, not verify", func(t *testing.T) {
		missed := strings.Replace(readFile(t, filepath.Join(root, "scenarios", "photo-sync.yaml")), "name: photo-sync\n", "name: missed\n", 1) +
			"  absent:\n    - {kind: app.callback, callback: FinishedLaunching}\n"
		if !strings.Contains(missed, "\nexpect:\n") {
			t.Fatal("photo-sync.yaml has no expect: block to add to")
		}
		f := filepath.Join(root, "scenarios", "missed.yaml")
		writeFile(t, f, missed)
		defer os.Remove(f)
		if rc, out := runIn(t, root, "bgsim", "run", "scenarios/missed.yaml", "--seed", "1", "--format", "jsonl", "--out", "golden/missed-1.jsonl"); rc != 1 {
			t.Fatalf("the run exits with %d, want 1 (an expectation missed):\n%s", rc, out)
		}
		defer os.Remove(filepath.Join(root, "golden", "missed-1.jsonl"))
		if rc, out := runIn(t, root, "bgsim", "verify", "golden/missed-1.jsonl"); rc != 0 {
			t.Errorf("verify of a failed run's golden exits with %d, want 0:\n%s", rc, out)
		}
		if rc, out := ci(root); rc != 1 || !strings.Contains(out, "scenarios/missed.yaml:") || !strings.Contains(out, "ok: ") {
			t.Errorf("the CI step exits with %d, want 1 naming the missed expectation, and the goldens verified all the same:\n%s", rc, out)
		}
	})

	// The page: paths are recorded as typed, so verify from another
	// directory, or of a golden recorded with an absolute path once the
	// repository moved, cannot find the scenario file (2).
	t.Run("paths", func(t *testing.T) {
		if rc, out := runIn(t, filepath.Join(root, "golden"), "bgsim", "verify", "photo-sync-1.jsonl"); rc != 2 || !strings.Contains(out, "cannot find the scenario file the trace was made from, scenarios/photo-sync.yaml") {
			t.Errorf("verify from golden/ exits with %d, want 2, cannot find:\n%s", rc, out)
		}
		abs := filepath.Join(root, "scenarios", "photo-sync.yaml")
		if rc, out := runIn(t, root, "bgsim", "run", abs, "--seed", "1", "--format", "jsonl", "--out", "golden/abs-1.jsonl"); rc != 0 {
			t.Fatalf("the run exits with %d:\n%s", rc, out)
		}
		moved := filepath.Join(t.TempDir(), "repo")
		if err := os.Rename(root, moved); err != nil {
			t.Fatal(err)
		}
		defer os.Rename(moved, root)
		if rc, out := runIn(t, moved, "bgsim", "verify", "golden/abs-1.jsonl"); rc != 2 || !strings.Contains(out, "cannot find the scenario file the trace was made from, "+abs) {
			t.Errorf("verify of a golden with an absolute path, in a moved repository, exits with %d, want 2:\n%s", rc, out)
		}
		if rc, out := runIn(t, moved, "bgsim", "verify", "golden/photo-sync-1.jsonl"); rc != 0 {
			t.Errorf("verify of a golden with a relative path, in a moved repository, exits with %d, want 0:\n%s", rc, out)
		}
	})

	t.Run("no goldens fail the step", func(t *testing.T) {
		empty := recipeRepo(t)
		if rc, out := ci(empty); rc != 2 || !strings.Contains(out, "golden/*.jsonl") {
			t.Errorf("the CI step without goldens exits with %d, want 2:\n%s", rc, out)
		}
	})
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
