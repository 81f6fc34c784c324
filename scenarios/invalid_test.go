package scenarios

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
)

var printInvalid = flag.Bool("print-invalid", false, "print the messages of the invalid-file table")

// TestInvalidFiles checks the exact messages, file:line:col first, of
// scenario files with problems: every problem of a file at once, in file
// order.
func TestInvalidFiles(t *testing.T) {
	if len(invalidFiles) < 40 {
		t.Fatalf("the table has %d invalid files; it should cover at least 40", len(invalidFiles))
	}
	for _, c := range invalidFiles {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(c.src))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse: got %v, want a *FileError", err)
			}
			got := fe.Messages()
			if *printInvalid {
				fmt.Printf("%s\x00%#v\n", c.name, got)
				return
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("messages:\n got: %q\nwant: %q", got, c.want)
			}
			for _, p := range fe.Problems {
				if p.Pos.IsValid() && !strings.Contains(p.Source, ">") {
					t.Errorf("problem %q shows no source line:\n%s", p.Error(), p.Source)
				}
			}
		})
	}
}

// TestOtherProcessHoldsKnownSessions: other-process-holds may name a
// session of the app or of an extension, and any session of a Go model,
// whose sessions only its code knows.
func TestOtherProcessHoldsKnownSessions(t *testing.T) {
	for _, src := range []string{
		okHead + "  - {do: other-process-holds, session: com.SimpleBackgroundTransfer.BackgroundSession, holds: true}\n",
		okHead + "  - {do: other-process-holds, session: com.example.share, holds: true}\nextensions: [{name: share, policy: {sessions: [{identifier: com.example.share}]}}]\n",
		"name: t\napp: {go: counter}\nsteps:\n  - do: launch\n  - {do: other-process-holds, session: any.session, holds: true}\n",
	} {
		if _, err := Parse("ok.yaml", []byte(src)); err != nil {
			t.Errorf("Parse:\n%s\ngot %v, want no error", src, err)
		}
	}
}
