package simulator_test

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Events reads a trace one event at a time, without holding every event of
// the run at once: here, the downloads' progress as the app heard it.
func ExampleSim_Events() {
	sim := simulator.New(simulator.Config{})
	_ = sim.Network().AddResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true})
	sim.Install(appmodel.NewRefApp(appmodel.RefOptions{}))
	_ = sim.Launch()
	_ = sim.RunFor(3 * time.Second)

	for e := range sim.Events() {
		if e.Callback == simulator.CbDidWriteData {
			fmt.Printf("%v: task %d, %d of %d bytes\n", e.At, e.Task, e.Total, e.Expected)
		}
	}
	// Output:
	// 1s: task 1, 1900000 of 30000000 bytes
	// 2s: task 1, 3900000 of 30000000 bytes
	// 3s: task 1, 5900000 of 30000000 bytes
}
