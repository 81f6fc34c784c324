package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// rerun is a small trace standing for a re-run, and its JSON Lines.
func rerun(t *testing.T) (simulator.Header, []simulator.Event, []string) {
	t.Helper()
	h := simulator.Header{Format: simulator.TraceFormat, Version: simulator.TraceFormatVersion, Scenario: "test", Bgsim: simulator.Version}
	events := []simulator.Event{
		{Seq: 1, Actor: simulator.ActorUser, Kind: simulator.KindUserAction, Detail: "one"},
		{Seq: 2, Actor: simulator.ActorUser, Kind: simulator.KindUserAction, Detail: "two"},
	}
	var buf bytes.Buffer
	if err := simulator.WriteJSONL(&buf, h, events); err != nil {
		t.Fatal(err)
	}
	return h, events, strings.SplitAfter(buf.String(), "\n")[:3]
}

func TestFirstDifference(t *testing.T) {
	h, events, l := rerun(t)
	trim := func(s string) string { return strings.TrimSuffix(s, "\n") }
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	other := strings.Replace(l[2], "two", "TWO", 1)
	for _, c := range []struct {
		name      string
		trace     string
		line      int
		got, want string // "" for the end of the file
	}{
		{"same", l[0] + l[1] + l[2], 0, "", ""},
		// Defect 14: CRLF, a trailing blank line and no final newline are the same trace.
		{"CRLF", crlf(l[0] + l[1] + l[2]), 0, "", ""},
		{"trailing blank lines", l[0] + l[1] + l[2] + "\n\r\n", 0, "", ""},
		{"no final newline", l[0] + l[1] + trim(l[2]), 0, "", ""},
		{"byte-order mark", "\uFEFF" + l[0] + l[1] + l[2], 0, "", ""},
		{"changed line", l[0] + l[1] + other, 3, trim(other), trim(l[2])},
		{"changed line, CRLF", crlf(l[0] + l[1] + other), 3, trim(other), trim(l[2])},
		{"changed header", strings.Replace(l[0], `"seed":0`, `"seed": 0`, 1) + l[1] + l[2], 1, trim(strings.Replace(l[0], `"seed":0`, `"seed": 0`, 1)), trim(l[0])},
		{"trace shorter", l[0] + l[1], 3, "", trim(l[2])},
		{"header only", l[0], 2, "", trim(l[1])},
		{"trace longer", l[0] + l[1] + l[2] + l[2], 4, trim(l[2]), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, err := simulator.NewTraceReader(strings.NewReader(c.trace), simulator.TraceLimits{})
			if err != nil {
				t.Fatal(err)
			}
			d, err := firstDifference(tr, h, events)
			if err != nil {
				t.Fatal(err)
			}
			if c.line == 0 {
				if d != nil {
					t.Errorf("difference at line %d: %q / %q", d.line, d.got, d.want)
				}
				return
			}
			if d == nil {
				t.Fatalf("no difference, want one at line %d", c.line)
			}
			if d.line != c.line || string(d.got) != c.got || string(d.want) != c.want || (d.got == nil) != (c.got == "") || (d.want == nil) != (c.want == "") {
				t.Errorf("difference at %d: %q / %q; want %d: %q / %q", d.line, d.got, d.want, c.line, c.got, c.want)
			}
		})
	}
}

// Lines that differ only in what a person cannot see are shown quoted; a
// long line is shown around its first difference.
func TestShowPair(t *testing.T) {
	for _, c := range []struct {
		name            string
		got, want       []byte
		showGot, showWt string
	}{
		{"plain", []byte("a b"), []byte("a c"), "a b", "a c"},
		{"end of file", nil, []byte("x"), "(end of file)", "x"},
		{"trailing space", []byte("a b "), []byte("a b"), `"a b "`, `"a b"`},
		{"invisible character", []byte("a\u200bb"), []byte("ab"), `"a\u200bb"`, `"ab"`},
		{"long, differing late", append(bytes.Repeat([]byte("x"), 1000), 'a'), append(bytes.Repeat([]byte("x"), 1000), 'b'),
			"(850 bytes) ..." + strings.Repeat("x", 150) + "a", "(850 bytes) ..." + strings.Repeat("x", 150) + "b"},
		{"long, differing early", append([]byte("a"), bytes.Repeat([]byte("x"), 400)...), append([]byte("b"), bytes.Repeat([]byte("x"), 400)...),
			"a" + strings.Repeat("x", 299) + "... (101 more bytes)", "b" + strings.Repeat("x", 299) + "... (101 more bytes)"},
		// A part is elided only from minElided (40) bytes on: a shorter
		// one is shown, as it reads faster than its marker.
		{"head of 39 bytes shown", xsAround(189, 'a', 100), xsAround(189, 'b', 100),
			strings.Repeat("x", 189) + "a" + strings.Repeat("x", 100), strings.Repeat("x", 189) + "b" + strings.Repeat("x", 100)},
		{"head of 40 bytes elided", xsAround(190, 'a', 100), xsAround(190, 'b', 100),
			"(40 bytes) ..." + strings.Repeat("x", 150) + "a" + strings.Repeat("x", 100),
			"(40 bytes) ..." + strings.Repeat("x", 150) + "b" + strings.Repeat("x", 100)},
		{"rest of 39 bytes shown", xsAround(0, 'a', 338), xsAround(0, 'b', 338),
			"a" + strings.Repeat("x", 338), "b" + strings.Repeat("x", 338)},
		{"rest of 40 bytes elided", xsAround(0, 'a', 339), xsAround(0, 'b', 339),
			"a" + strings.Repeat("x", 299) + "... (40 more bytes)", "b" + strings.Repeat("x", 299) + "... (40 more bytes)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, w := showPair(c.got, c.want)
			if g != c.showGot || w != c.showWt {
				t.Errorf("showPair = %q, %q; want %q, %q", g, w, c.showGot, c.showWt)
			}
		})
	}
}

// xsAround is before bytes of x, then c, then after bytes of x.
func xsAround(before int, c byte, after int) []byte {
	b := append(bytes.Repeat([]byte("x"), before), c)
	return append(b, bytes.Repeat([]byte("x"), after)...)
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"ForgetCompletionHandler": "forget-completion-handler",
		"UIOffMainThread":         "ui-off-main-thread",
		"CallHandlerOffMain":      "call-handler-off-main",
		"TaskPerWake":             "task-per-wake",
		"HTTPRetry2X":             "http-retry2-x",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

// The mistake names of the CLI's contract must exist as switches.
func TestMistakeNames(t *testing.T) {
	for _, name := range []string{
		"forget-completion-handler", "call-handler-off-main", "call-handler-early", "call-handler-twice",
		"wrong-identifier-on-relaunch", "memory-only-state", "read-file-after-return", "ui-off-main-thread",
		"new-session-per-request", "completion-handler-task", "task-per-wake",
	} {
		m, err := parseMistakes([]string{name})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := setMistakes(m); len(got) != 1 || got[0] != name {
			t.Errorf("%s: round trip gives %v", name, got)
		}
	}
}

// verify runs the file a trace names; when that file has changed since
// and the built-in scenario it was copied from has the trace's content,
// verify runs the built-in one and says so, rather than passing the
// changed file as the one it ran.
func TestVerifySaysWhatItRan(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "catalog", "lifecycle.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file, trace := filepath.Join(dir, "lc.yaml"), filepath.Join(dir, "lc.jsonl")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, "run", file, "--format", "jsonl", "--out", trace); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	out, errs, code := run(t, "verify", trace)
	if code != exitOK || !strings.HasSuffix(out, " events match ("+file+", seed 0)\n") || strings.Contains(out, "note:") {
		t.Fatalf("verify of the copy: exit %d, stdout %q, stderr %q; want ok, naming the copy", code, out, errs)
	}
	if err := os.WriteFile(file, append(src, "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = run(t, "verify", trace)
	want := "note: " + file + " has changed since the trace was made; verify runs the built-in scenario lifecycle, whose content the trace was made from\n"
	if code != exitOK || !strings.HasPrefix(out, want) || !strings.HasSuffix(out, " events match (the built-in scenario lifecycle, seed 0)\n") {
		t.Errorf("verify after the copy changed: exit %d, stdout %q, stderr %q; want ok, saying it ran the built-in scenario", code, out, errs)
	}
}
