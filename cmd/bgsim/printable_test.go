package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

func TestPrintableLines(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"EXC\x01\x1b[31m", `EXC\x01\x1b[31m`},
		{"two\nlines\x07", "two\nlines\\a"},
		{"tab\there\r", `tab\there\r`},
		{"C1 \u009b2J", `C1 \u009b2J`},
	} {
		if got := printableLines(tc.in); got != tc.want {
			t.Errorf("printableLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTitleOfAFileIsPrintable: run's title and verdict lines name the file
// as it was typed, and a path with a control character in it rings or
// colours no terminal either.
func TestTitleOfAFileIsPrintable(t *testing.T) {
	s, err := scenarios.Parse("t.yaml", []byte("name: t\napp: reference\nnetwork:\n  resources:\n    - {url: https://images.example.com/monkey.png, size: 30MB}\nsteps:\n  - do: launch\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := s.Run(scenarios.Options{})
	var out bytes.Buffer
	if err := writeTextResult(&out, "t (odd\x1b[31m.yaml)", s, res, nil, simulator.TextOptions{Width: 100}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsFunc(out.String(), isControlButNewline) {
		t.Errorf("the text holds a control character:\n%q", out.String())
	}
	if got := strings.Count(out.String(), `odd\x1b[31m.yaml`); got != 2 {
		t.Errorf("the escaped path is in %d lines, want the title and the verdict:\n%s", got, out.String())
	}
}
