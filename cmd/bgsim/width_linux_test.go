package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/benbjohnson/clock"
	"golang.org/x/sys/unix"
)

// setColumns gives the pseudo-terminal f a width.
func setColumns(t *testing.T, f *os.File, cols uint16) {
	t.Helper()
	if err := unix.IoctlSetWinsize(int(f.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: cols}); err != nil {
		t.Skipf("cannot size the pseudo-terminal: %v", err)
	}
}

// Without --width, text to a terminal narrower than 100 columns fits it
// ($COLUMNS first, then the terminal's own width, never below 60); text to
// a file, or to a terminal with --out FILE, is 100 columns whatever the
// terminal; --width wins over all of them.
func TestTextWidthFollowsTheTerminalOnly(t *testing.T) {
	_, slave := openPTY(t)
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, c := range []struct {
		name    string
		stdout  *os.File
		cols    uint16
		columns string // $COLUMNS
		out     string // --out
		flag    int    // --width, 0: not given
		want    int
	}{
		{name: "terminal", stdout: slave, cols: 70, want: 70},
		{name: "$COLUMNS first", stdout: slave, cols: 70, columns: "64", want: 64},
		{name: "$COLUMNS not a number", stdout: slave, cols: 70, columns: "wide", want: 70},
		{name: "wide terminal", stdout: slave, cols: 200, want: defaultWidth},
		{name: "narrow terminal", stdout: slave, cols: 40, want: minWidth},
		{name: "terminal, --out FILE", stdout: slave, cols: 70, out: "t.txt", want: defaultWidth},
		{name: "terminal, --out -", stdout: slave, cols: 70, out: stdio, want: 70},
		{name: "terminal, --width", stdout: slave, cols: 70, flag: 90, want: 90},
		{name: "file", stdout: file, columns: "64", want: defaultWidth},
		{name: "file, --width", stdout: file, flag: 80, want: 80},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.cols > 0 {
				setColumns(t, slave, c.cols)
			}
			t.Setenv("COLUMNS", c.columns)
			e := env{stdout: c.stdout, width: &widthFlag{n: defaultWidth}}
			if c.flag > 0 {
				e.width = &widthFlag{n: c.flag, set: true}
			}
			if got := e.textWidth(c.out); got != c.want {
				t.Errorf("textWidth(%q) = %d, want %d", c.out, got, c.want)
			}
		})
	}
}

// bgsim list on a 70-column terminal fits it, where a pipe gets 100.
func TestListFitsTheTerminal(t *testing.T) {
	master, slave := openPTY(t)
	setColumns(t, slave, 70)
	t.Setenv("COLUMNS", "")
	var shown bytes.Buffer
	read := make(chan struct{})
	go func() {
		defer close(read)
		_, _ = io.Copy(&shown, master) // until the terminal closes (EIO)
	}()
	var errb bytes.Buffer
	code := execute([]string{"list"}, env{stdin: strings.NewReader(""), stdout: slave, stderr: &errb, clock: clock.NewMock()})
	slave.Close()
	<-read
	if code != exitOK {
		t.Fatalf("bgsim list exited %d: %s", code, errb.String())
	}
	text := strings.ReplaceAll(shown.String(), "\r\n", "\n") // the terminal's line endings
	if !strings.Contains(text, "forget-completion-handler") {
		t.Fatalf("the terminal showed no list:\n%s", text)
	}
	widest := 0
	for _, l := range strings.Split(text, "\n") {
		widest = max(widest, utf8.RuneCountInString(l))
	}
	if widest > 70 || widest < 60 {
		t.Errorf("the widest line is %d columns, want 60 to 70:\n%s", widest, text)
	}
	piped, _, _ := run(t, "list")
	if piped == text {
		t.Errorf("the list to a pipe is the terminal's:\n%s", piped)
	}
}
