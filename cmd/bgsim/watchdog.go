package main

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// addHangFlag adds --hang-timeout to a command that runs a simulation.
func addHangFlag(cmd *cobra.Command, limit *time.Duration) {
	cmd.Flags().DurationVar(limit, "hang-timeout", hang.DefaultLimit,
		"stop with exit code 1 if the simulation has not finished after this much real time (an app callback that never returns); 0 turns it off")
}

// checkHangTimeout refuses a negative --hang-timeout.
func checkHangTimeout(limit time.Duration) error {
	if limit < 0 {
		return usagef("bad --hang-timeout %s: want a positive duration such as 10s, or 0 for no limit", limit)
	}
	return nil
}

// hangError reports a simulation that did not finish within the limit of
// real time. It matches hang.ErrHung.
type hangError struct {
	scenario string // what the simulation runs, as a trace header names it
	limit    time.Duration
	// stack is where the simulation's goroutine was when the limit
	// passed: the app's code that never returns, at its file and line.
	stack string
	// running and trace are what the simulation said it was running and
	// the end of its trace so far, when the run let the watchdog see its
	// Sim (scenario files do); "" otherwise.
	running, trace string
}

func (e *hangError) Error() string {
	msg := fmt.Sprintf("scenario %s: the simulation did not finish within %s of real time (--hang-timeout): "+
		"an app callback that never returns, such as a loop that never ends, hangs the app; "+
		"on a device the watchdog would kill it", e.scenario, e.limit)
	if e.running != "" {
		msg += "\nThe app was running " + e.running
	}
	if e.stack != "" {
		msg += "\nIt was running:\n" + e.stack
	}
	if e.trace != "" {
		msg += "\nThe trace so far ends:\n" + e.trace
	}
	return msg
}

func (e *hangError) Is(target error) bool { return target == hang.ErrHung }

// runWatched calls run, which runs a whole simulation of scenario (named
// as a trace header names it), on a goroutine of its own and waits at most limit of real time on e's clock (0: no
// limit). Past the limit it returns a *hangError saying where the
// simulation's goroutine is; that goroutine cannot be stopped, so the
// program must exit (execute returns, main exits). This is the one place
// the CLI reads the clock around a simulation; the simulation itself never
// does. A panic in run is raised again on the caller's goroutine.
func runWatched(e env, scenario string, limit time.Duration, run func() (*simulator.Sim, error)) (*simulator.Sim, error) {
	if limit <= 0 {
		return run()
	}
	type result struct {
		sim   *simulator.Sim
		err   error
		panic any
		ok    bool
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if !r.ok {
				r.panic = recover()
			}
			done <- r
		}()
		r.sim, r.err = simulationGoroutine(run)
		r.ok = true
	}()
	timer := e.clock.Timer(limit)
	defer timer.Stop()
	select {
	case r := <-done:
		if !r.ok {
			panic(r.panic)
		}
		return r.sim, r.err
	case <-timer.C:
		return nil, failed(&hangError{scenario: scenario, limit: limit, stack: stuckStack()})
	}
}

// runWatchedFile runs the scenario s with opts under runWatched: its
// result, or nil and the hang.
func runWatchedFile(e env, s *scenarios.Scenario, opts scenarios.Options, limit time.Duration) (*scenarios.Result, error) {
	var res *scenarios.Result
	var seen atomic.Pointer[simulator.Sim]
	opts.Observe = func(sim *simulator.Sim) {
		sim.WatchActivity()
		seen.Store(sim)
	}
	_, err := runWatched(e, s.Name, limit, func() (*simulator.Sim, error) {
		res = s.Run(opts)
		return res.Sim, nil
	})
	var h *hangError
	if sim := seen.Load(); sim != nil && errors.As(err, &h) {
		h.running, h.trace = sim.Activity().String(), traceTail(sim.TraceSoFar(), 12)
	}
	if err != nil {
		return nil, err // res is the stuck goroutine's to write
	}
	return res, nil
}

// traceTail renders the last n events of trace, as the timeline does.
func traceTail(trace []simulator.Event, n int) string {
	var b strings.Builder
	_ = simulator.RenderText(&b, trace[max(len(trace)-n, 0):], simulator.TextOptions{})
	return b.String()
}

// simulationGoroutine calls run. It is a named function so that
// stuckStack finds the simulation's goroutine by it.
func simulationGoroutine(run func() (*simulator.Sim, error)) (*simulator.Sim, error) {
	return run()
}

// simulationFrame begins the stack frame of simulationGoroutine: "main."
// in the program, the import path in its tests.
var simulationFrame = runtime.FuncForPC(reflect.ValueOf(simulationGoroutine).Pointer()).Name() + "("

// stuckStack is the stack of the goroutine running simulationGoroutine,
// from its innermost frame down to the simulation's entry, without the
// runtime's frames: what a person needs to find the loop.
func stuckStack() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "\n"+simulationFrame) {
			return trimStack(g)
		}
	}
	return ""
}

// maxStackFrames bounds the frames a hang report shows.
const maxStackFrames = 12

// platformPrefixes are the packages of the platform: frames of the app's
// code are above the first of theirs.
var platformPrefixes = []string{"github.com/bgsim/bgsim/simulator.", "github.com/bgsim/bgsim/fakes."}

// trimStack turns one goroutine's stack dump into the frames a person
// needs, indented for the report: the app's code that was running, down
// to where the simulator called it (or, if the simulator itself is
// stuck, its frames down to simulationGoroutine). Runtime frames,
// arguments and program counters are left out.
func trimStack(g string) string {
	lines := strings.Split(g, "\n")
	var out []string
	for i := 1; i+1 < len(lines) && len(out) < 2*maxStackFrames; i += 2 {
		fn, file := lines[i], strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, simulationFrame) {
			break
		}
		if strings.HasPrefix(fn, "runtime.") {
			continue
		}
		if len(out) > 0 && isPlatform(fn) && !isPlatform(strings.TrimSpace(out[len(out)-2])) {
			break // the app's code ends here: the rest is how the simulator called it
		}
		if j := strings.LastIndex(fn, "("); j > 0 && strings.HasSuffix(fn, ")") {
			fn = fn[:j]
		}
		if j := strings.LastIndex(file, " +0x"); j > 0 {
			file = file[:j]
		}
		out = append(out, "  "+fn, "      "+file)
	}
	return strings.Join(out, "\n")
}

func isPlatform(fn string) bool {
	for _, p := range platformPrefixes {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}
