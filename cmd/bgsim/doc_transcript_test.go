package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/benbjohnson/clock"
)

// docTranscripts are the sessions the docs show: a command and what it
// printed, in a ```text block that starts with "$ bgsim ". Each is run
// from dir, a copy of the files the command reads, and must print exactly
// what the page shows; a line "..." in the block stands for lines left
// out, and what follows it must come later in the output.
var docTranscripts = []struct {
	page    string   // from the repository's root
	command string   // the block's first line, after "$ bgsim "
	files   []string // copied into the run's directory, from the root
}{
	{"docs/exploration.md", "explore photo-sync.yaml --seeds 1..1000 -j 2 --out findings", []string{"docs/exploration/photo-sync.yaml"}},
	{"README.md", "explore photo-sync.yaml --seeds 1..1000 -j 2 --out findings", []string{"docs/exploration/photo-sync.yaml"}},
}

// TestDocTranscripts keeps the docs' transcripts true: a change to what a
// command prints, or to what a scenario does, shows here as the page's
// block against the output.
func TestDocTranscripts(t *testing.T) {
	for _, d := range docTranscripts {
		t.Run(d.page, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join("../..", d.page))
			if err != nil {
				t.Fatal(err)
			}
			want, ok := transcript(string(page), "$ bgsim "+d.command+"\n")
			if !ok {
				t.Fatalf("%s has no ```text block that starts with $ bgsim %s", d.page, d.command)
			}
			dir := t.TempDir()
			for _, f := range d.files {
				data, err := os.ReadFile(filepath.Join("../..", f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			var out bytes.Buffer // stdout, then stderr's last word, as a terminal shows them
			execute(strings.Fields(d.command), env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, clock: clock.NewMock()})
			if got := out.String(); !elidedMatch(want, got) {
				t.Errorf("%s shows\n%s\nbgsim %s prints\n%s", d.page, want, d.command, got)
			}
		})
	}
}

// transcript returns what follows first in page's ```text block that
// starts with it, up to the block's end.
func transcript(page, first string) (string, bool) {
	_, rest, ok := strings.Cut(page, "```text\n"+first)
	if !ok {
		return "", false
	}
	body, _, ok := strings.Cut(rest, "```\n")
	return body, ok
}

// elidedMatch reports whether got is want, where each line "..." of want
// stands for any lines: the part before the first is got's start, the
// part after the last its end, and those between come in order.
func elidedMatch(want, got string) bool {
	parts := strings.Split(want, "...\n")
	if len(parts) == 1 {
		return got == want
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(got, first) {
		return false
	}
	rest := got[len(first):]
	for _, p := range parts[1 : len(parts)-1] {
		r := "\n" + rest
		i := strings.Index(r, "\n"+p)
		if i < 0 {
			return false
		}
		rest = r[i+1+len(p):]
	}
	return strings.HasSuffix("\n"+rest, "\n"+last)
}
