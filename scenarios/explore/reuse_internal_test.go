package explore

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// TestReusedSimPlaysAsNew: every catalog scenario, with the trouble
// exploration draws for seeds 1 to 6, plays on a Sim reset after another
// run (of a different scenario with its trouble, a run whose app
// panicked, a run that exhausted its event budget) exactly as on a new
// Sim: the same JSON Lines trace, byte for byte, the same hash (kept
// whole, and hashed as exploration's determinism check keeps it), the
// same outcome.
func TestReusedSimPlaysAsNew(t *testing.T) {
	list, err := scenarios.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	seeds := uint64(6)
	if testing.Short() {
		seeds = 2
	}
	sim := new(simulator.Sim)
	for i, s := range list {
		tg, other := newTarget(s), newTarget(list[(i+1)%len(list)])
		for seed := uint64(1); seed <= seeds; seed++ {
			fresh := reuseRun(tg, seed, simulator.KeepAll, nil)
			// The run before: another scenario's, or one that ended badly.
			switch seed % 3 {
			case 0:
				reuseRun(other, seed, simulator.KeepHash, sim)
			case 1:
				reuseBadRun(sim, seed, true)
			case 2:
				reuseBadRun(sim, seed, false)
			}
			reused := reuseRun(tg, seed, simulator.KeepAll, sim)
			if a, b := reuseJSONL(t, fresh.Sim), reuseJSONL(t, reused.Sim); !bytes.Equal(a, b) {
				t.Fatalf("%s seed %d: the reused Sim's trace differs from a new one's:\n%s", s.Name, seed, firstDiff(a, b))
			}
			if fmt.Sprint(fresh.Err, fresh.Tasks) != fmt.Sprint(reused.Err, reused.Tasks) || fresh.Sim.TraceHash() != reused.Sim.TraceHash() {
				t.Fatalf("%s seed %d: outcomes differ: %v %v against %v %v", s.Name, seed, fresh.Err, fresh.Tasks, reused.Err, reused.Tasks)
			}
			if h := reuseRun(tg, seed, simulator.KeepHash, sim).Sim.TraceHash(); h != fresh.Sim.TraceHash() {
				t.Fatalf("%s seed %d: hashed on the reused Sim %x, kept whole on a new one %x", s.Name, seed, h, fresh.Sim.TraceHash())
			}
		}
	}
}

// reuseRun plays seed of t as exploration does, with its trouble, on sim
// (nil: a new Sim), keeping what keep says.
func reuseRun(t *target, seed uint64, keep simulator.TraceKeep, sim *simulator.Sim) *scenarios.Result {
	p := draw(seed, t, Troubles())
	s := t.derive(p, t.steps(p.actions, nil))
	return s.Run(scenarios.Options{Seed: &seed, Unchecked: true, LimitsGoOn: true, Sim: sim, Config: func(c *simulator.Config) {
		c.Jitter = c.Jitter || p.jitter
		c.TraceKeep = keep
	}})
}

// reuseBadRun leaves sim after a run that ended badly: the app's code
// panicked while it ran, or the run exhausted its event budget.
func reuseBadRun(sim *simulator.Sim, seed uint64, panics bool) {
	cfg := simulator.Config{Seed: seed, Jitter: true, TraceKeep: simulator.KeepLast, TraceLast: 3}
	ref := appmodel.NewRefApp(appmodel.RefOptions{UploadPhoto: true})
	f := func() appmodel.AppDelegate { return panicsHome{ref()} }
	if !panics {
		cfg.EventBudget, f = 25, ref
	}
	sim.Reset(cfg)
	_ = sim.Network().AddResource(appmodel.RefImageURL, fakes.Resource{Size: 5_000_000})
	_ = sim.Network().AddResource(appmodel.RefUploadURL, fakes.Resource{Size: 200})
	sim.Install(f)
	_ = sim.Launch()
	_ = sim.RunFor(time.Second)
	_ = sim.Home()
	_ = sim.RunFor(time.Minute)
}

// panicsHome is an app whose DidEnterBackground panics.
type panicsHome struct{ appmodel.AppDelegate }

func (panicsHome) DidEnterBackground(appmodel.App) { panic("the app's own bug") }

func reuseJSONL(t *testing.T, sim *simulator.Sim) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := simulator.WriteJSONL(&b, sim.Header(), sim.Trace()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// firstDiff is the first line where a and b differ.
func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d:\n%s\n%s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(la), len(lb))
}

// TestChaosOnReusedSim: chaos seeds 1 to 40 on one Sim, reset from seed
// to seed, give the traces and reports of new Sims.
func TestChaosOnReusedSim(t *testing.T) {
	sim := new(simulator.Sim)
	for seed := uint64(1); seed <= 40; seed++ {
		opts := AllChaos()
		opts.Jitter = seed%2 == 0
		fresh, want, errFresh := Chaos(seed, opts)
		_, got, errReused := ChaosOn(sim, seed, opts)
		if a, b := reuseJSONL(t, fresh), reuseJSONL(t, sim); !bytes.Equal(a, b) {
			t.Fatalf("seed %d: the reused Sim's trace differs from a new one's:\n%s", seed, firstDiff(a, b))
		}
		if fmt.Sprintf("%+v %v", want, errFresh) != fmt.Sprintf("%+v %v", got, errReused) {
			t.Fatalf("seed %d: reports differ:\n%+v\n%+v", seed, want, got)
		}
	}
}
