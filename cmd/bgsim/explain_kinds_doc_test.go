package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// What bgsim explain says of an event kind is what the kinds table of
// docs/scenario-format.md says of it, but for the table's code quotes and
// the note's closing period: the two cannot drift apart.
func TestKindNotesAreTheScenarioFormatsTable(t *testing.T) {
	doc, err := os.ReadFile("../../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[simulator.Kind]string{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z.-]+)` \\| (.*) \\|$").FindAllStringSubmatch(string(doc), -1) {
		rows[simulator.Kind(m[1])] = strings.ReplaceAll(m[2], "`", "")
	}
	for _, k := range simulator.Kinds() {
		row, ok := rows[k]
		if !ok {
			t.Errorf("docs/scenario-format.md has no row for %s", k)
			continue
		}
		if note := strings.TrimSuffix(kindNotes[k], "."); note != row {
			t.Errorf("%s: explain says\n\t%s\nthe scenario format's table says\n\t%s", k, note, row)
		}
	}
}
