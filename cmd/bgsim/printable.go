package main

import (
	"strings"
	"unicode"

	"github.com/bgsim/bgsim/simulator"
)

// printableLines is text bgsim prints that holds a user's own (a crash's
// message, a step's note, a name, a description, an error quoting them)
// with the control characters of each line escaped as the timeline
// escapes them (simulator.Printable: \x01, \x1b): a terminal escape in a
// scenario file must not colour, clear or move the cursor of the
// terminal or the CI log it is printed to. Its line breaks stay.
func printableLines(s string) string {
	if !strings.ContainsFunc(s, isControlButNewline) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = simulator.Printable(l)
	}
	return strings.Join(lines, "\n")
}

// isControlButNewline reports whether r is a control character other
// than a line break, which printableLines keeps.
func isControlButNewline(r rune) bool {
	return r != '\n' && unicode.IsControl(r)
}
