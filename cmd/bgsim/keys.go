package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"
)

// A key is what the user asks of a step replay.
type key uint8

const (
	keyNext key = iota // show the next event
	keyQuit            // stop the replay here
	keyEnd             // the input ended: show the rest at once
)

// A keySource reads the user's keys for --pace step.
type keySource interface {
	next() (key, error)
}

// lineKeys reads whole lines, as from a pipe or a file: a line is the
// next event, a line "q" stops, the end of the input shows the rest.
type lineKeys struct{ in *bufio.Reader }

func (k *lineKeys) next() (key, error) {
	line, err := k.in.ReadString('\n')
	if strings.EqualFold(strings.TrimSpace(line), "q") {
		return keyQuit, nil
	}
	switch {
	case errors.Is(err, io.EOF):
		return keyEnd, nil
	case err != nil:
		return keyNext, err
	}
	return keyNext, nil
}

// terminalKeys reads single key presses from a terminal, which it puts in
// raw mode (no echo, no line editing) only while it waits for one, so the
// timeline prints as usual and the user's Enter leaves no blank line.
// Enter and space show the next event; q, Q and Ctrl-C stop; Ctrl-D
// shows the rest; any other key is ignored. The terminal is restored
// after every key, on a read error, and on a signal (SIGINT, SIGTERM,
// SIGHUP from outside: raw mode turns Ctrl-C into a key), after which
// bgsim exits with 130.
type terminalKeys struct {
	in   *os.File
	exit func(code int) // os.Exit; a test's own
	// pending are keys read but not yet used: several presses can arrive
	// in one read.
	pending []byte
}

func (k *terminalKeys) next() (key, error) {
	for {
		if len(k.pending) == 0 {
			if err := k.read(); err != nil {
				if errors.Is(err, io.EOF) {
					return keyEnd, nil
				}
				return keyNext, err
			}
		}
		if k.pending[0] == 0x1b {
			// An escape sequence (an arrow key, Alt and a key) is
			// ignored, and so is Esc alone: an arrow key's sequence may
			// arrive cut after its Esc.
			k.pending = k.pending[escapeLen(k.pending):]
			continue
		}
		b := k.pending[0]
		k.pending = k.pending[1:]
		switch b {
		case '\r', '\n', ' ':
			return keyNext, nil
		case 'q', 'Q', 0x03: // 0x03: Ctrl-C
			return keyQuit, nil
		case 0x04: // Ctrl-D
			return keyEnd, nil
		}
	}
}

// read waits, in raw mode, for the next key presses and appends them to
// k.pending.
func (k *terminalKeys) read() error {
	fd := int(k.in.Fd())
	// Signals are caught before the terminal goes raw, so that none can
	// end bgsim with the terminal left raw.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	old, err := term.MakeRaw(fd)
	if err != nil {
		signal.Stop(sigs)
		return fmt.Errorf("put the terminal in raw mode: %w", err)
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() { // above the simulation: the replay of a finished trace
		defer close(stopped)
		select {
		case <-sigs:
			_ = term.Restore(fd, old)
			k.exit(130)
		case <-done:
		}
	}()
	defer func() {
		signal.Stop(sigs)
		close(done)
		<-stopped
		_ = term.Restore(fd, old)
	}()
	buf := make([]byte, 16)
	for {
		n, err := k.in.Read(buf)
		k.pending = append(k.pending, buf[:n]...)
		switch {
		case n > 0:
			return nil
		case err != nil:
			return err
		}
	}
}

// escapeLen is the length of the escape sequence at the start of p (which
// starts with Esc): ESC [ or ESC O, parameters, and a final byte from @
// to ~ (an arrow key is ESC [ C); ESC and one key (Alt); or ESC alone.
func escapeLen(p []byte) int {
	switch {
	case len(p) == 1:
		return 1
	case p[1] != '[' && p[1] != 'O':
		return 2
	}
	for i := 2; i < len(p); i++ {
		if p[i] >= 0x40 && p[i] <= 0x7e {
			return i + 1
		}
	}
	return len(p)
}
