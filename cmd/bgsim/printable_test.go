package main

import "testing"

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
