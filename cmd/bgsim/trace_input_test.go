package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/benbjohnson/clock"

	"github.com/bgsim/bgsim/simulator"
)

// Defect 4: a trace file with a line longer than 16 MiB and no newline is
// refused with exit 2 and a message naming the line, by verify and by
// replay. (The reader's test checks that it reads only about 16 MiB of it.)
func TestDefect4LongLineWithoutNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.jsonl")
	header := fmt.Sprintf(`{"format":"bgsim-trace","version":%d,"scenario":"lifecycle","seed":0,"bgsim":"0.1.0"}`, simulator.TraceFormatVersion) + "\n"
	if err := os.WriteFile(path, append([]byte(header), bytes.Repeat([]byte("x"), 16<<20+1)...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"verify", "replay"} {
		var stdout, stderr bytes.Buffer
		code := execute([]string{cmd, path}, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, clock: clock.NewMock()})
		if code != exitUsage {
			t.Errorf("%s: exit code %d, want %d", cmd, code, exitUsage)
		}
		if want := "line 2 is longer than 16 MiB"; !strings.Contains(stderr.String(), want) {
			t.Errorf("%s: stderr %q does not say %q", cmd, stderr.String(), want)
		}
	}
}
