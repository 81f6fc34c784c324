package simulator

import (
	"math/rand/v2"
)

// Rand returns the random source of one component of a run: a PCG seeded
// from the run's seed and the component's stable name, so a new draw in one
// component never shifts another's stream.
func Rand(seed uint64, component string) *rand.Rand {
	return rand.New(rand.NewPCG(seed, componentKey(component)))
}

// componentKey is the FNV-1a hash of a component's name (hash/fnv's
// New64a, without the allocations).
func componentKey(component string) uint64 {
	h := uint64(fnvOffset64)
	for i := 0; i < len(component); i++ {
		h ^= uint64(component[i])
		h *= fnvPrime64
	}
	return h
}
