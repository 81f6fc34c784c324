package scenarios_test

import (
	"reflect"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// A run that keeps no trace (Config.TraceKeep KeepHash, as exploration
// runs) plays the same story: the same events (count and hash), the same
// task outcomes, the same end, run-until waiting for an event included.
func TestARunThatKeepsNoTracePlaysTheSame(t *testing.T) {
	all, err := scenarios.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	until, err := scenarios.Parse("until.yaml", []byte(`name: until
app: {reference: {}}
network:
  resources:
    - {url: https://images.example.com/monkey.png, size: 3MB, etag: '"v1"', ranges: true}
steps:
  - {do: launch}
  - {do: home}
  - {do: run-until, until: {event: {kind: session.callback, callback: DidFinishDownloading}}, limit: 10m}
  - {do: launch}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(all, until) {
		kept := s.Run(scenarios.Options{})
		hashed := s.Run(scenarios.Options{Unchecked: true, Config: func(c *simulator.Config) { c.TraceKeep = simulator.KeepHash }})
		if len(hashed.Trace) != 0 || len(hashed.Failures) != 0 {
			t.Errorf("%s: KeepHash and Unchecked, yet %d events kept and %d failures", s.Name, len(hashed.Trace), len(hashed.Failures))
		}
		if a, b := kept.Sim.TraceHash(), hashed.Sim.TraceHash(); a != b || kept.Sim.TraceLen() != hashed.Sim.TraceLen() {
			t.Errorf("%s: %d events hashed %x kept, %d events hashed %x not", s.Name, kept.Sim.TraceLen(), a, hashed.Sim.TraceLen(), b)
		}
		if !reflect.DeepEqual(kept.Tasks, hashed.Tasks) {
			t.Errorf("%s: the task outcomes differ:\nkept   %+v\nhashed %+v", s.Name, kept.Tasks, hashed.Tasks)
		}
		if (kept.Err == nil) != (hashed.Err == nil) {
			t.Errorf("%s: ends with %v kept, %v not", s.Name, kept.Err, hashed.Err)
		}
	}
	// The run-until waited for the download, not for its limit.
	r := until.Run(scenarios.Options{})
	if r.Err != nil || r.Sim.Elapsed() > 5*60e9 {
		t.Errorf("until: run-until the download ran to %s: %v", r.Sim.Elapsed(), r.Err)
	}
	if len(r.Tasks) != 1 || !r.Tasks[0].Delivered || r.Tasks[0].Status != 200 {
		t.Errorf("until: tasks %+v, want one delivered with status 200", r.Tasks)
	}
}
