package explore_test

import (
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// stuck tells the spinning model below to stop, so that the test leaves no
// goroutine spinning behind it.
var stuck atomic.Bool

type spinner struct{ appmodel.AppDelegateBase }

func (spinner) OnActivated(app appmodel.App) {
	app.Log("about to spin")
	for !stuck.Load() {
	}
}

func init() { scenarios.Register("explore-spinner", func() appmodel.AppDelegate { return spinner{} }) }

var soFar = regexp.MustCompile(`(\d+) trace events so far`)

// A seed whose app model never returns from a callback is reported, with
// the callback and the trace so far, and the exploration goes on.
func TestAHungSeedIsReportedNotWaitedFor(t *testing.T) {
	defer stuck.Store(true)
	s, err := scenarios.Parse("spin.yaml", []byte("name: spin\napp: {go: explore-spinner}\nsteps:\n  - {do: launch}\n  - {do: run-for, for: 1m}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: explore.Seeds{First: 1, Last: 2},
		Workers: 2, HangLimit: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Runs != 2 || len(rep.Failures) != 2 {
		t.Fatalf("%d runs, %d failures; want 2 and 2: %+v", rep.Runs, len(rep.Failures), rep.Failures)
	}
	for _, f := range rep.Failures {
		if f.Property != explore.PropRun || !strings.Contains(f.Message, "OnActivated") || !strings.Contains(f.Message, "did not return") {
			t.Errorf("seed %d: %s: %s", f.Seed, f.Property, f.Message)
		}
		// The seeds run keeping no trace; the report has the trace so far
		// all the same (the hung seed is run again, keeping it).
		if m := soFar.FindStringSubmatch(f.Message); m == nil || m[1] == "0" {
			t.Errorf("seed %d: the message gives no trace so far: %s", f.Seed, f.Message)
		}
	}
}

// spinOnce spins in OnActivated the first time any run calls it, until
// released, and returns at once on every later run: a hang that does not
// repeat, as when a machine starves the first run of CPU time.
type spinOnce struct{ appmodel.AppDelegateBase }

var (
	spins    atomic.Int32
	released atomic.Bool
)

func (spinOnce) OnActivated(app appmodel.App) {
	if spins.Add(1) == 1 {
		for !released.Load() {
		}
	}
}

func init() {
	scenarios.Register("explore-spin-once", func() appmodel.AppDelegate { return spinOnce{} })
}

// A seed that hangs once and runs to its end when played again is still
// reported, saying why it cannot name the callback.
func TestAHangThatDoesNotRepeatIsExplained(t *testing.T) {
	spins.Store(0)
	released.Store(false)
	defer released.Store(true)
	s, err := scenarios.Parse("spin-once.yaml", []byte("name: spin-once\napp: {go: explore-spin-once}\nsteps:\n  - {do: launch}\n  - {do: run-for, for: 1m}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: explore.Seeds{First: 1, Last: 1},
		Workers: 1, HangLimit: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failures) != 1 {
		t.Fatalf("%d failures, want 1: %+v", len(rep.Failures), rep.Failures)
	}
	if f := rep.Failures[0]; f.Property != explore.PropRun || !strings.Contains(f.Message, "played again ran to its end") ||
		!strings.Contains(f.Message, "raise the hang limit") {
		t.Errorf("seed %d: %s: %s", f.Seed, f.Property, f.Message)
	}
}
