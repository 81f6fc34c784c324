package main

import (
	"errors"
	"fmt"
)

// Exit codes: the one convention every command follows.
//
// A command returns an error made by usagef or badInput (code 2) or by
// failed (code 1); any other error is a failed run (code 1). execute maps
// the error to the code with exitCode.
const (
	exitOK     = 0 // success
	exitFailed = 1 // the run failed: expectations not met, a trace does not verify, the model was stopped
	exitUsage  = 2 // the command line is wrong, or an input file is unreadable or invalid
)

// exitCodesHelp documents the exit codes in the root --help.
const exitCodesHelp = `Exit status:
  0  success
  1  the run failed: expectations not met, a trace that does not verify, a seed that
     broke a property (explore), a run stopped (event budget, hang), or an internal error
  2  usage: a wrong command line, or an input or output file that cannot be read,
     written or understood`

// exploreExitHelp documents the exit codes in bgsim explore --help: what
// runExplore and finishExplore return.
const exploreExitHelp = `Exit status:
  0  no seed broke a property
  1  a seed broke a property (a seed still running after --hang-timeout breaks the
     run property), or an internal error
  2  usage: a wrong command line, a target that is not a valid scenario (--junit still
     writes its report: a case in error for the target), or an output file or
     directory that cannot be written`

// mergeExitHelp documents the exit codes in bgsim explore merge --help.
const mergeExitHelp = `Exit status:
  0  no seed of the merged shards broke a property
  1  a seed broke a property, or an internal error
  2  usage: a wrong command line; a directory that does not exist, lacks a shard's
     result or holds results of different explorations; or a result or output file
     that cannot be read, written or understood`

// exitError is an error that decides bgsim's exit code.
type exitError struct {
	code int
	// usage says whether to print the command's usage line after the
	// message: for mistakes in the command line, not in a file's content.
	usage bool
	err   error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usagef is a mistake in the command line: exit code 2, followed by the
// command's usage line.
func usagef(format string, args ...any) error {
	return &exitError{code: exitUsage, usage: true, err: fmt.Errorf(format, args...)}
}

// badInput marks err as a problem with an input (or output) file: it
// cannot be opened, read or written, or its content is invalid. Exit code
// 2, without the usage line. It keeps err's message and chain; nil stays
// nil.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: exitUsage, err: err}
}

// badInputf is badInput(fmt.Errorf(format, args...)); %w keeps the cause.
func badInputf(format string, args ...any) error {
	return badInput(fmt.Errorf(format, args...))
}

// failed marks err as a failed run or check: exit code 1. Errors that no
// constructor marked are failures too; failed says so where a cause
// inside err carries another code.
func failed(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: exitFailed, err: err}
}

// exitCode is the exit code err gives: 0 for nil, the code of the
// outermost exitError (so wrapping with badInput or failed overrides the
// cause's code: an unknown scenario named in a trace file is the file's
// problem, not the command line's), or exitFailed.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return exitFailed
}

// showsUsage reports whether err is a command-line mistake whose message
// is followed by the command's usage line.
func showsUsage(err error) bool {
	var e *exitError
	return errors.As(err, &e) && e.usage
}
