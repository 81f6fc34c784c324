package simulator

import "github.com/bgsim/bgsim/fakes"

// simParts are the fakes a Sim runs on, each as long-lived as the Sim and
// so part of it: one allocation for a run instead of one each (and the
// first entries of their tables inside them). Every run makes them, so
// what they cost is a run's fixed cost (BenchmarkSetup).
type simParts struct {
	clock   fakes.Clock
	files   fakes.FS
	network fakes.Network
}
