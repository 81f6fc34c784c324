package main

import (
	"errors"
	"testing"
)

// cliMessage leaves out the package prefixes of the errors it prints, at
// the start of a line and after the file name or flag a line starts with,
// and nowhere else: a scenario file's source quoted under its error, and
// the rest of a message, may hold the user's own text.
func TestCLIMessageKeepsTheUsersText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"simulator: not a bgsim trace", "not a bgsim trace"},
		{"t.jsonl: simulator: not a bgsim trace", "t.jsonl: not a bgsim trace"},
		{"a.yaml:2:6: scenarios: unknown app\nb.yaml: scenarios: open b.yaml: no such file",
			"a.yaml:2:6: unknown app\nb.yaml: open b.yaml: no such file"},
		{"p.yaml:3:6: unknown app \"x\"\n    2 | summary: \"about the simulator: explore: it\"\n>   3 | app: x",
			"p.yaml:3:6: unknown app \"x\"\n    2 | summary: \"about the simulator: explore: it\"\n>   3 | app: x"},
		{"f.yaml: scenarios: name \"a: simulator: b\" is taken", "f.yaml: name \"a: simulator: b\" is taken"},
	} {
		if got := cliMessage(errors.New(c.in)); got != c.want {
			t.Errorf("cliMessage(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
