package main

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestExitCode(t *testing.T) {
	for _, c := range []struct {
		name  string
		err   error
		code  int
		usage bool
	}{
		{"nil", nil, exitOK, false},
		{"unmarked error", errors.New("run stopped"), exitFailed, false},
		{"usage", usagef("bad flag"), exitUsage, true},
		{"usage wrapped", fmt.Errorf("context: %w", usagef("bad flag")), exitUsage, true},
		{"bad input", badInputf("read x: %w", fs.ErrNotExist), exitUsage, false},
		{"failed", failed(errors.New("differs")), exitFailed, false},
		{"bad input over usage", badInputf("trace: %w", usagef("unknown scenario")), exitUsage, false},
		{"failed over usage", failed(fmt.Errorf("expect: %w", usagef("unknown rule"))), exitFailed, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := exitCode(c.err); got != c.code {
				t.Errorf("exitCode = %d, want %d", got, c.code)
			}
			if got := showsUsage(c.err); got != c.usage {
				t.Errorf("showsUsage = %v, want %v", got, c.usage)
			}
		})
	}
	if !errors.Is(badInputf("read x: %w", fs.ErrNotExist), fs.ErrNotExist) {
		t.Error("badInputf lost the cause")
	}
	if badInput(nil) != nil || failed(nil) != nil {
		t.Error("nil must stay nil")
	}
}
