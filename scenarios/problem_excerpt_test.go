package scenarios

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A file that is not text (an image saved as .yaml, a binary) must not
// write its raw bytes, terminal escapes among them, under the error, and a
// minified or binary line must not flood the terminal.
func TestSourceExcerptIsPrintable(t *testing.T) {
	src := "name: x\n\x1b]0;owned\x07\xff\xfe\tapp: " + strings.Repeat("z", 5000) + "\nsteps: []\n"
	got := sourceExcerpt([]byte(src), Position{Line: 2, Col: 3})
	if !utf8.ValidString(got) {
		t.Errorf("the excerpt is not valid UTF-8: %q", got)
	}
	for _, r := range got {
		if r != '\n' && r < 0x20 || r == 0x7f {
			t.Fatalf("the excerpt has control character %q: %q", r, got)
		}
	}
	if len(got) > 1000 {
		t.Errorf("the excerpt of a 5000-byte line is %d bytes long", len(got))
	}
	lines := strings.Split(got, "\n")
	if want := ">   2 | ?]0;owned???→app: zzz"; !strings.HasPrefix(lines[1], want) {
		t.Errorf("the offending line reads\n%s\nwant it to start\n%s", lines[1], want)
	}
	if !strings.HasSuffix(lines[1], "…") {
		t.Errorf("the cut line does not say it was cut: ...%s", lines[1][len(lines[1])-20:])
	}
	if want := strings.Repeat(" ", 8+2) + "^"; lines[2] != want {
		t.Errorf("the caret line is %q, want %q", lines[2], want)
	}
}

// The caret stays under a column past the cut.
func TestSourceExcerptKeepsTheColumn(t *testing.T) {
	line := strings.Repeat("a", 300) + "BAD"
	got := sourceExcerpt([]byte(line), Position{Line: 1, Col: 301})
	if !strings.Contains(got, "aBAD") {
		t.Errorf("the excerpt cut the offending column away: %q", got[len(got)-60:])
	}
}

// The final newline of a file does not show as an empty line of context
// after the last line.
func TestSourceExcerptEndsWithTheFile(t *testing.T) {
	got := sourceExcerpt([]byte("name: x\napp: refrence\n"), Position{Line: 2, Col: 6})
	want := "    1 | name: x\n>   2 | app: refrence\n             ^\n"
	if got != want {
		t.Errorf("excerpt:\n%q\nwant\n%q", got, want)
	}
	if got := sourceExcerpt([]byte("name: x\n"), Position{Line: 2, Col: 1}); !strings.Contains(got, ">   2 | \n") {
		t.Errorf("a problem at the end of the file lost its line: %q", got)
	}
}

// A tab shows as one visible character, so that "a tab" under a line that
// seems indented with spaces can be seen, and the caret keeps its column.
func TestSourceExcerptShowsTabs(t *testing.T) {
	got := sourceExcerpt([]byte("network:\n\tresources: []\n"), Position{Line: 2, Col: 2})
	lines := strings.Split(got, "\n")
	if want := ">   2 | →resources: []"; lines[1] != want {
		t.Errorf("the line with the tab reads %q, want %q", lines[1], want)
	}
	if want := strings.Repeat(" ", 8+1) + "^"; lines[2] != want {
		t.Errorf("the caret line is %q, want %q", lines[2], want)
	}
}
