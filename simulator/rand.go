package simulator

import (
	"hash/fnv"
	"math/rand/v2"
)

// Rand returns the random source of one component of a run: a PCG seeded
// from the run's seed and the component's stable name, so a new draw in one
// component never shifts another's stream.
func Rand(seed uint64, component string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(component))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}
