package simtest_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// A panic in the app's code fails the test by default, naming the app's
// line; under PanicsReport it is only a crash in the trace.
func TestAppPanicsFailByDefault(t *testing.T) {
	var opts *appmodel.LaunchOptions // nil: OnActivated below dereferences it
	hooks := simtest.WithHooks(simtest.Hooks{OnActivated: func(appmodel.App) { _ = opts.Reason }})

	ft := &fakeT{TB: t}
	env := simtest.New(ft, hooks)
	msg := ft.catch(func() { env.Do(env.Sim().Launch) })
	if !strings.Contains(msg, "Launch at T+00:00.000") || !strings.Contains(msg, "strict_test.go:") {
		t.Errorf("a panic in a hook: %q, want the action and the app's file:line", msg)
	}

	env = simtest.New(t, hooks, simtest.WithAppPanics(simulator.PanicsReport))
	env.Do(env.Sim().Launch)
	if env.Count(simulator.Pattern{Kind: simulator.KindCrash}) != 1 || env.State() != appmodel.Terminated {
		t.Errorf("under PanicsReport the panic is a crash in the trace: %v", env.Lines(simulator.Pattern{Kind: simulator.KindCrash}))
	}
}

// A callback that never returns fails the test after the hang limit, with
// what was running and the trace so far.
func TestHangFailsTheTest(t *testing.T) {
	stop := new(atomic.Bool)
	defer stop.Store(true) // let the stuck goroutine end
	ft := &fakeT{TB: t}
	env := simtest.New(ft, simtest.WithHangLimit(100*time.Millisecond), simtest.WithHooks(simtest.Hooks{
		OnActivated: func(app appmodel.App) {
			app.Log("about to spin")
			for !stop.Load() {
			}
		},
	}))
	msg := ft.catch(func() { env.Do(env.Sim().Launch) })
	if !strings.Contains(msg, "did not return within 100ms") || !strings.Contains(msg, "OnActivated") {
		t.Errorf("a hung callback: %q", msg)
	}
	msg = ft.catch(func() { env.RunFor(time.Second) })
	if !strings.Contains(msg, "hung earlier") {
		t.Errorf("a run after the hang: %q", msg)
	}
	ft.finish()
	if log := ft.log(); !strings.Contains(log, "about to spin") {
		t.Errorf("the log of the hung test lacks the trace so far:\n%s", log)
	}
}
