package main

import "testing"

func TestFirstDifference(t *testing.T) {
	for _, c := range []struct {
		name       string
		a, b       string
		line       int
		gotA, gotB string
	}{
		{"same", "h\n1\n2\n", "h\n1\n2\n", 0, "", ""},
		{"both empty", "", "", 0, "", ""},
		{"changed line", "h\n1\nx\n", "h\n1\n2\n", 3, "x", "2"},
		{"trace shorter", "h\n1\n", "h\n1\n2\n", 3, "(end of file)", "2"},
		{"trace longer", "h\n1\n2\n3\n", "h\n1\n2\n", 4, "3", "(end of file)"},
		{"no final newline", "h\n1", "h\n1\n", 2, "1 (no newline at end of file)", "1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			line, a, b := firstDifference([]byte(c.a), []byte(c.b))
			if line != c.line || a != c.gotA || b != c.gotB {
				t.Errorf("firstDifference = %d, %q, %q; want %d, %q, %q", line, a, b, c.line, c.gotA, c.gotB)
			}
		})
	}
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
