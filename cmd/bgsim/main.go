// Command bgsim runs the simulator of the iOS app lifecycle and background
// NSURLSession transfers, and shows what happens: as a narrated timeline,
// a JSON Lines trace or a Mermaid sequence diagram. With no arguments it
// runs the seed walkthrough.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/benbjohnson/clock"
)

func main() { os.Exit(Main()) }

// Main runs bgsim with the process's arguments and streams and returns its
// exit code.
func Main() int {
	return execute(os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, clock: clock.New(),
	})
}

// env is what a command may touch outside itself: tests give it buffers
// and a mock clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	clock          clock.Clock // real time, for replay pacing only
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the run failed, a file is bad, a trace does not verify
	exitUsage   = 2 // the command line is wrong
)

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// execute runs the command line args and returns the exit code. Errors
// are printed as "bgsim: what went wrong".
func execute(args []string, e env) (code int) {
	defer func() {
		if r := recover(); r != nil { // a bug in bgsim: say so rather than crash
			fmt.Fprintf(e.stderr, "bgsim: internal error (please report it): %v\n", r)
			code = exitFailure
		}
	}()
	root := newRootCmd(e)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "bgsim: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "usage: %s (see '%s --help')\n", cmd.UseLine(), cmd.CommandPath())
		return exitUsage
	}
	return exitFailure
}
