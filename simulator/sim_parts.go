package simulator

import (
	"sync"

	"github.com/bgsim/bgsim/fakes"
)

// simParts are the fakes a Sim runs on, each as long-lived as the Sim and
// so part of it: one allocation for a run instead of one each (and the
// first entries of their tables inside them). Every run makes them, so
// what they cost is a run's fixed cost (BenchmarkSetup).
type simParts struct {
	clock   fakes.Clock
	files   fakes.FS
	network fakes.Network
}

// firstContainer is containerPath(seed, 0), the container's path before
// any app update moves it. Most runs have the default seed, 0: they share
// one string made once rather than each formatting and allocating its own
// (it is a function of the seed alone, so sharing it changes nothing).
func firstContainer(seed uint64) string {
	if seed == 0 {
		return seed0Container()
	}
	return containerPath(seed, 0)
}

var seed0Container = sync.OnceValue(func() string { return containerPath(0, 0) })
