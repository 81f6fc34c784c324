package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A replayed file's time column is sized by its last event, as run sizes
// it by the latest time; anything that cannot be read ahead (a pipe, a
// last line that is no event) gets room for hours.
func TestReplayTimeWidth(t *testing.T) {
	header := `{"format":"bgsim-trace","version":1,"scenario":"x","seed":0,"bgsim":"dev"}` + "\n"
	event := func(at string) string {
		return `{"seq":2,"at":` + at + `,"actor":"user","kind":"user.action","detail":"taps the app icon"}` + "\n"
	}
	dir := t.TempDir()
	for _, c := range []struct {
		name, trace string
		want        int
	}{
		{"under an hour", header + event("0") + event("3599999000000"), 13},
		{"an hour", header + event("0") + event("3600000000000"), 14},
		{"a day", header + event("0") + event("86400000000000"), 16},
		{"blank lines and CRLF at the end", header + event("3600000000000") + "\r\n\r\n\n", 14},
		{"header only", header, hoursColumn},
		{"a broken last line", header + event("0") + `{"seq":3,"at":`, hoursColumn},
		{"a last line longer than what is read of the end", header + event("0") +
			`{"seq":3,"at":0,"kind":"app.log","detail":"` + strings.Repeat("x", tailRead) + `"}`, hoursColumn},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".jsonl")
			if err := os.WriteFile(path, []byte(c.trace), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := replayTimeWidth(path, nil); got != c.want {
				t.Errorf("replayTimeWidth = %d, want %d", got, c.want)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := replayTimeWidth(stdio, f); got != c.want {
				t.Errorf("of standard input redirected from the file: %d, want %d", got, c.want)
			}
		})
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if got := replayTimeWidth(stdio, r); got != hoursColumn || hoursColumn != 14 {
		t.Errorf("a pipe: %d, want room for hours (14, have %d)", got, hoursColumn)
	}
	if got := replayTimeWidth(stdio, strings.NewReader(header)); got != hoursColumn {
		t.Errorf("a reader that is no file: %d, want %d", got, hoursColumn)
	}
}
