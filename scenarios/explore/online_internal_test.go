package explore

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// The properties checked as a run goes, with no trace kept, say what the
// same checks say replayed over the run's whole trace: the same property
// broken, with the same message, and the same coverage. (The trace cannot
// show the file a DidFinishDownloading handed over; the files property
// is left to its own tests.)
func TestOnlineChecksAgreeWithTheTrace(t *testing.T) {
	walk, ok := scenarios.Lookup("walkthrough")
	if !ok {
		t.Fatal("no walkthrough")
	}
	m15, err := scenarios.Load("testdata/photo-sync-latent-m15.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broke := 0
	for _, s := range []*scenarios.Scenario{walk, m15} {
		tg := newTarget(s)
		for seed := uint64(1); seed <= 150; seed++ {
			p := draw(seed, tg, Troubles())
			online, m := tg.run(p, seed, simulator.KeepHash)
			full, _ := tg.run(p, seed, simulator.KeepAll)
			if online.Sim.TraceHash() != full.Sim.TraceHash() {
				t.Fatalf("%s seed %d: the runs differ", s.Name, seed)
			}
			replay := newMonitor(tg.spec, m.mkVers)
			for i := range full.Trace {
				replay.event(&full.Trace[i], nil)
			}
			replay.finish(full)
			for _, safety := range []bool{false, true} {
				a, b := m.first(safety), replay.first(safety)
				switch {
				case (a == nil) != (b == nil):
					t.Errorf("%s seed %d: online %v, from the trace %v", s.Name, seed, a, b)
				case a != nil && (a.property != b.property || a.message != b.message):
					t.Errorf("%s seed %d: online %s: %s; from the trace %s: %s", s.Name, seed, a.property, a.message, b.property, b.message)
				case a != nil:
					broke++
				}
			}
			got, want := newCoverage(), newCoverage()
			m.cov.addTo(&got)
			for _, e := range full.Trace {
				want.Kinds[string(e.Kind)]++
				if e.Rule != "" {
					want.Rules[string(e.Rule)]++
				}
			}
			if !equalCounts(got.Kinds, want.Kinds) || !equalCounts(got.Rules, want.Rules) {
				t.Errorf("%s seed %d: coverage %v %v, the trace has %v %v", s.Name, seed, got.Kinds, got.Rules, want.Kinds, want.Rules)
			}
		}
	}
	if broke == 0 {
		t.Error("no seed broke a property: the comparison compared no failure")
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
