package simulator

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// AppPanicPolicy says what a panic in the app model does besides crashing
// the simulated app. Either way the trace shows the crash (app.crash, then
// process.terminate with reason crash) and the simulation goes on as iOS
// would after a crash; the policy decides whether the caller hears of it.
type AppPanicPolicy int

const (
	// PanicsReport only reports the panic in the trace: the Run call
	// returns no error for it. The default of New, and what a learner
	// replaying a scenario wants: the crash is part of the story.
	PanicsReport AppPanicPolicy = iota
	// PanicsFail also makes the Run call (RunFor, RunUntil, RunUntilIdle,
	// or the action, such as Launch, during which the app code ran) return
	// an *AppPanicError, with the panic value, the stack and the app's
	// file:line. What a test suite wants: a nil dereference in a delegate
	// method fails the spec instead of passing as a simulated crash.
	PanicsFail
)

// String gives the policy's name: "report" or "fail".
func (p AppPanicPolicy) String() string {
	if p == PanicsFail {
		return "fail"
	}
	return "report"
}

// AppPanicError is returned under PanicsFail by the Run call during which
// the app model panicked. It is the first panic of that call; Others counts
// the panics after it, which the trace shows as well. Match it with
// errors.As.
type AppPanicError struct {
	Value   any           // what the app code passed to panic
	At      time.Duration // virtual time since T+0
	Process int           // the process that crashed
	// File and Line are where the panic was raised in the app's code: the
	// first frame outside bgsim's packages and the Go runtime. Func is its
	// function. Empty when no such frame exists.
	File string
	Line int
	Func string
	// Stack lists the app's frames from the panic outwards, one
	// "function\n\tfile:line" pair a frame, bgsim's and the runtime's
	// frames left out.
	Stack string
	// Others counts the later panics of the same Run call.
	Others int
}

// Error names the time, the process, the panic value and the app's line,
// then the app's stack.
func (e *AppPanicError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "simulator: the app panicked at %s in process %d: %v", fakes.FormatOffset(e.At), e.Process, e.Value)
	if e.File != "" {
		fmt.Fprintf(&b, "\n\tat %s:%d (%s)", e.File, e.Line, e.Func)
	}
	if e.Others > 0 {
		fmt.Fprintf(&b, "\n\t(and %d more panics after it; see the trace)", e.Others)
	}
	if e.Stack != "" {
		b.WriteString("\napp stack:\n")
		b.WriteString(e.Stack)
	}
	return b.String()
}

// Unwrap returns the panic value when it is an error (a runtime error, or
// what the app code passed to panic), so errors.Is and errors.As see it.
func (e *AppPanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// bgsimPackages are the import paths, with the packages below them, whose
// frames are bgsim's rather than the app's: the platform, the fakes and the
// harnesses that call app code. appmodel and scenarios are not among them:
// their reference, chaos and policy apps are app code.
var bgsimPackages = []string{
	"github.com/bgsim/bgsim/simulator",
	"github.com/bgsim/bgsim/fakes",
	"github.com/bgsim/bgsim/scenarios/bdd",
}

// isBgsimOrRuntime reports whether fn (a fully qualified function name,
// "github.com/bgsim/bgsim/simulator.(*Sim).safeCall.func1") belongs to
// bgsim's own packages or to the Go runtime. A package's external tests
// ("simulator_test") are app code.
func isBgsimOrRuntime(fn string) bool {
	if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "runtime/") {
		return true
	}
	pkg := fn
	slash := strings.LastIndex(fn, "/")
	if dot := strings.Index(fn[slash+1:], "."); dot >= 0 {
		pkg = fn[:slash+1+dot]
	}
	for _, p := range bgsimPackages {
		if pkg == p || strings.HasPrefix(pkg, p+"/") && !strings.HasSuffix(pkg, "_test") {
			return true
		}
	}
	return false
}

// appFrames walks the stack of a panic being recovered, from the panic
// outwards, and returns the app's frames: those between the panic and the
// bgsim code that called the app, the first of them apart. It must be
// called from the deferred function that recovers.
func appFrames() (first runtime.Frame, stack string) {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var b strings.Builder
	found := false
	for {
		f, more := frames.Next()
		if f.Function != "" && !isBgsimOrRuntime(f.Function) {
			if !found {
				first, found = f, true
			}
			fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.Function, f.File, f.Line)
		} else if found && f.Function != "" && !strings.HasPrefix(f.Function, "runtime") {
			break // back in bgsim: the frames further out are the caller's, not the app's
		}
		if !more {
			break
		}
	}
	return first, b.String()
}

// shortWhere is a frame as the crash event writes it: "pkg.Func (file.go:42)".
func shortWhere(f runtime.Frame) string {
	if f.Function == "" {
		return ""
	}
	fn := f.Function
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		fn = fn[i+1:]
	}
	return fmt.Sprintf("%s (%s:%d)", fn, filepath.Base(f.File), f.Line)
}

// notePanic records, under PanicsFail, a panic of the app code of p for
// the Run call under way to return.
func (s *Sim) notePanic(p *process, value any, where runtime.Frame, stack string) {
	if s.cfg.AppPanics != PanicsFail {
		return
	}
	r := s.rarely()
	if r.appPanic != nil {
		r.appPanic.Others++
		return
	}
	r.appPanic = &AppPanicError{Value: value, At: s.clock.Elapsed(), Process: p.pid,
		File: where.File, Line: where.Line, Func: where.Function, Stack: stack}
}

// takePanic returns err, or under PanicsFail the app panic recorded since
// the last call, joined with err if both are set, and forgets the panic.
func (s *Sim) takePanic(err error) error {
	if s.rare == nil || s.rare.appPanic == nil {
		return err
	}
	pe := s.rare.appPanic
	s.rare.appPanic = nil
	if err != nil {
		return &appPanicAndError{pe, err}
	}
	return pe
}

// appPanicAndError is a run that failed after the app panicked: the panic
// comes first, as the likely cause; errors.As finds both.
type appPanicAndError struct {
	panic *AppPanicError
	err   error
}

func (e *appPanicAndError) Error() string {
	return e.panic.Error() + "\nthen: " + e.err.Error()
}

func (e *appPanicAndError) Unwrap() []error { return []error{e.panic, e.err} }
