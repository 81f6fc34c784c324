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
