package simtest_test

import (
	"fmt"
	"strings"
	"testing"
)

// fakeT is a testing.TB that records failures instead of failing the real
// test, so the harness's own failures can be checked. Fatal stops the
// function under test by panicking; catch runs it.
type fakeT struct {
	testing.TB // the real test, for what fakeT does not override
	failed     bool
	fatal      string
	logs       []string
	cleanups   []func()
}

type fatalStop struct{}

func (f *fakeT) Helper()          {}
func (f *fakeT) Failed() bool     { return f.failed }
func (f *fakeT) Cleanup(c func()) { f.cleanups = append(f.cleanups, c) }
func (f *fakeT) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed, f.fatal = true, fmt.Sprintf(format, args...)
	panic(fatalStop{})
}
func (f *fakeT) Fatal(args ...any) {
	f.failed, f.fatal = true, fmt.Sprint(args...)
	panic(fatalStop{})
}

// catch runs do and returns the message of the Fatal it ended with, ""
// if it returned normally.
func (f *fakeT) catch(do func()) (msg string) {
	f.fatal = ""
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatalStop); !ok {
				panic(r)
			}
			msg = f.fatal
		}
	}()
	do()
	return ""
}

// finish runs the cleanups, last first, as the testing package does.
func (f *fakeT) finish() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

func (f *fakeT) log() string { return strings.Join(f.logs, "\n") }
