package scenarios_test

import (
	"errors"
	"testing"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// waitsInVain waits for a download that is never asked for, then notes
// that it went on.
const waitsInVain = `name: waits-in-vain
app: {reference: {}}
network:
  resources:
    - {url: https://images.example.com/monkey.png, size: 3MB, etag: '"v1"', ranges: true}
steps:
  - {do: run-until, until: {event: {kind: session.callback, callback: DidFinishDownloading}}, limit: 1m}
  - {do: note, note: went on}
`

func notes(tr []simulator.Event) []string {
	var out []string
	for _, e := range tr {
		if e.Kind == simulator.KindNote {
			out = append(out, e.Detail)
		}
	}
	return out
}

// A run-until (or run-until-idle) that reaches its limit stops a plain
// run; with LimitsGoOn (bgsim explore's default) the next step starts
// where the wait stopped.
func TestALimitStopsAPlainRunAndGoesOnWhenAsked(t *testing.T) {
	s, err := scenarios.Parse("vain.yaml", []byte(waitsInVain))
	if err != nil {
		t.Fatal(err)
	}
	plain := s.Run(scenarios.Options{})
	if !errors.Is(plain.Err, simulator.ErrRunLimit) {
		t.Errorf("a plain run ends with %v, want the run-until's limit", plain.Err)
	}
	if n := notes(plain.Trace); len(n) != 0 {
		t.Errorf("a plain run went on past its limit: notes %q", n)
	}
	on := s.Run(scenarios.Options{LimitsGoOn: true})
	if on.Err != nil {
		t.Errorf("with LimitsGoOn the run ends with %v, want nil", on.Err)
	}
	if n := notes(on.Trace); len(n) != 1 || n[0] != "went on" {
		t.Errorf("with LimitsGoOn the notes are %q, want the last step's", n)
	}
	if got := on.Sim.Elapsed(); got != time.Minute {
		t.Errorf("with LimitsGoOn the run ended at %s, want at the wait's limit, 1m", got)
	}
}

// LimitsGoOn forgives a limit and nothing else: a run that exhausts its
// event budget while it waits still stops, with the budget as its error.
func TestLimitsGoOnStillStopsARunaway(t *testing.T) {
	s, err := scenarios.Parse("until.yaml", []byte(`name: runaway
app: {reference: {}}
network:
  resources:
    - {url: https://images.example.com/monkey.png, size: 3MB, etag: '"v1"', ranges: true}
steps:
  - {do: launch}
  - {do: run-until, until: {event: {kind: session.callback, callback: DidFinishEventsForBackgroundSession}}, limit: 10m}
  - {do: note, note: went on}
`))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Run(scenarios.Options{LimitsGoOn: true, Config: func(c *simulator.Config) { c.EventBudget = 5 }})
	var budget *fakes.BudgetError
	if !errors.As(r.Err, &budget) {
		t.Errorf("the run ends with %v, want the event budget", r.Err)
	}
	if n := notes(r.Trace); len(n) != 0 {
		t.Errorf("the runaway run went on: notes %q", n)
	}
}
