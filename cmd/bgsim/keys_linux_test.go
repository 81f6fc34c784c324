package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the test types on master, bgsim reads
// the terminal slave.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("cannot unlock the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("no pseudo-terminal number: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open the pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}

func termios(t *testing.T, f *os.File) unix.Termios {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return *tio
}

// raw reports whether the terminal is in raw mode: no echo, no lines.
func raw(tio unix.Termios) bool { return tio.Lflag&(unix.ECHO|unix.ICANON) == 0 }

// eventually polls cond until it holds, or fails the test after a
// generous deadline (synchronisation with the replay's goroutine, not a
// timing assertion).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while the replay writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// On a terminal, --pace step reads single keys in raw mode (no echo, no
// Enter needed): space and Enter show the next event, other keys are
// ignored, q stops; the terminal is back as it was afterwards, and is
// cooked while the timeline prints.
func TestReplayStepOnATerminal(t *testing.T) {
	master, slave := openPTY(t)
	path := writeTestTrace(t, 0, time.Second, 2*time.Second, 3*time.Second)
	before := termios(t, slave)
	if raw(before) {
		t.Fatal("the new terminal is already raw: the test cannot tell")
	}
	var out, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- execute([]string{"replay", "--pace", "step", path},
			env{stdin: slave, stdout: &out, stderr: &stderr, clock: clock.NewMock()})
	}()
	shown := func(n int) func() bool {
		return func() bool { return strings.Count(out.String(), "step ") == n && raw(termios(t, slave)) }
	}
	eventually(t, "the first event, then raw mode", shown(1))
	if !strings.Contains(stderr.String(), "press Enter or space for the next event, q to stop") {
		t.Errorf("the hint does not name the terminal's keys: %q", stderr.String())
	}
	type_ := func(s string) {
		if _, err := master.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	type_(" ")
	eventually(t, "the second event after space", shown(2))
	type_("x") // ignored
	type_("\r")
	eventually(t, "the third event after Enter", shown(3))
	type_("q")
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit code %d, stderr %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("q did not stop the replay")
	}
	if !strings.Contains(out.String(), "(replay stopped at T+00:02.000 by q)") || strings.Contains(out.String(), "step D") {
		t.Errorf("q did not stop the replay after the third event:\n%s", out.String())
	}
	if after := termios(t, slave); after != before {
		t.Errorf("the terminal is not restored after q:\nbefore %+v\nafter  %+v", before, after)
	}
}

// A signal from outside while the replay waits for a key (raw mode makes
// Ctrl-C a key, so this is kill -INT, a closed terminal...) restores the
// terminal before bgsim exits with 130.
func TestTerminalKeysRestoreOnSignal(t *testing.T) {
	master, slave := openPTY(t)
	before := termios(t, slave)
	exited := make(chan unix.Termios, 1)
	codes := make(chan int, 1)
	k := &terminalKeys{in: slave, exit: func(code int) { exited <- termios(t, slave); codes <- code }}
	got := make(chan key, 1)
	go func() {
		kk, err := k.next()
		if err != nil {
			t.Error(err)
		}
		got <- kk
	}()
	eventually(t, "raw mode", func() bool { return raw(termios(t, slave)) })
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case tio := <-exited:
		if tio != before {
			t.Errorf("the terminal is not restored when bgsim exits on SIGINT:\nbefore %+v\nat exit %+v", before, tio)
		}
		if code := <-codes; code != 130 {
			t.Errorf("exit code %d on SIGINT, want 130", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("SIGINT did not end the wait")
	}
	// (bgsim would have exited; here the read goes on, in the restored
	// line mode, until a line)
	if _, err := master.WriteString("q\n"); err != nil {
		t.Fatal(err)
	}
	if kk := <-got; kk != keyQuit {
		t.Errorf("q read as %v", kk)
	}
	if after := termios(t, slave); after != before {
		t.Errorf("the terminal is not restored after the key")
	}
}

// Each key's meaning in raw mode.
func TestTerminalKeyMeanings(t *testing.T) {
	master, slave := openPTY(t)
	k := &terminalKeys{in: slave, exit: func(int) { t.Error("exit called") }}
	for _, c := range []struct {
		typed string
		want  key
	}{
		{"\r", keyNext}, {" ", keyNext}, {"\x1b[C ", keyNext}, // an arrow key is ignored; then space
		{"\x1b[1;5Dq", keyQuit}, {"\x1bx\r", keyNext}, // Ctrl-arrow, Alt-x ignored
		{"[C\r", keyNext}, // the rest of an arrow key cut after its Esc: keys to ignore
		{"Q", keyQuit}, {"\x03", keyQuit}, {"\x04", keyEnd},
	} {
		got := make(chan key, 1)
		go func() {
			kk, err := k.next()
			if err != nil {
				t.Error(err)
			}
			got <- kk
		}()
		eventually(t, "raw mode", func() bool { return raw(termios(t, slave)) })
		if _, err := master.WriteString(c.typed); err != nil {
			t.Fatal(err)
		}
		if kk := <-got; kk != c.want {
			t.Errorf("%q read as %v, want %v", c.typed, kk, c.want)
		}
		eventually(t, "cooked mode", func() bool { return !raw(termios(t, slave)) })
	}
}
