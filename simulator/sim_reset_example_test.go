package simulator_test

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Many seeds of one story on one Sim: Reset makes it new for each, as
// simulator.New would, but keeps its memory, so the seeds after the first
// allocate little. The network, the app and any observer are set up again
// after every Reset: a reset Sim has none.
func ExampleSim_Reset() {
	play := func(sim *simulator.Sim) {
		_ = sim.Network().AddResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000})
		sim.Install(appmodel.NewRefApp(appmodel.RefOptions{}))
		_ = sim.Launch()
		_ = sim.RunFor(4 * time.Second)
		_ = sim.Home()
		_ = sim.RunFor(8 * time.Second)
		_ = sim.MemoryPressureKill()
		_ = sim.RunFor(time.Minute)
	}
	sim := new(simulator.Sim) // a zero Sim, reset, is a new one
	for seed := uint64(1); seed <= 3; seed++ {
		cfg := simulator.Config{Seed: seed, Jitter: true, TraceKeep: simulator.KeepHash}
		sim.Reset(cfg)
		play(sim)
		fresh := simulator.New(cfg)
		play(fresh)
		fmt.Printf("seed %d: %d events, %d processes, the trace of a new Sim: %v\n",
			seed, sim.TraceLen(), sim.Processes(), sim.TraceHash() == fresh.TraceHash())
	}
	// Output:
	// seed 1: 58 events, 2 processes, the trace of a new Sim: true
	// seed 2: 58 events, 2 processes, the trace of a new Sim: true
	// seed 3: 58 events, 2 processes, the trace of a new Sim: true
}
