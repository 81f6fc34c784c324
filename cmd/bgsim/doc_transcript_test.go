package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/benbjohnson/clock"
)

// docTranscripts are the sessions the docs show whole: a command and all
// it printed, in a ```text block that starts with "$ bgsim ". Each is run
// from dir, a copy of the files the command reads, and must print exactly
// what the page shows.
var docTranscripts = []struct {
	page    string   // under docs/
	command string   // the block's first line, after "$ bgsim "
	files   []string // copied into the run's directory, under docs/
}{
	{"exploration.md", "explore photo-sync.yaml --seeds 1..1000 -j 2 --out findings", []string{"exploration/photo-sync.yaml"}},
}

// TestDocTranscripts keeps the docs' transcripts true: a change to what a
// command prints, or to what a scenario does, shows here as the page's
// block against the output.
func TestDocTranscripts(t *testing.T) {
	for _, d := range docTranscripts {
		t.Run(d.page, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join("../../docs", d.page))
			if err != nil {
				t.Fatal(err)
			}
			want, ok := transcript(string(page), "$ bgsim "+d.command+"\n")
			if !ok {
				t.Fatalf("docs/%s has no ```text block that starts with $ bgsim %s", d.page, d.command)
			}
			dir := t.TempDir()
			for _, f := range d.files {
				data, err := os.ReadFile(filepath.Join("../../docs", f))
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
			if got := out.String(); got != want {
				t.Errorf("docs/%s shows\n%s\nbgsim %s prints\n%s", d.page, want, d.command, got)
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
