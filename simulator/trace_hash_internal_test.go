package simulator

import (
	"math/rand/v2"
	"testing"
)

// TestTraceHashSeesEveryByte checks the trace hash's mixing the way a
// determinism check relies on it: any one bit flipped anywhere in an
// event's encoding, a byte more or less at its end, or the events cut in
// other places, changes the running hash.
func TestTraceHashSeesEveryByte(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	sum := func(events ...[]byte) uint64 {
		h := hash64(fnvOffset64)
		for _, e := range events {
			h.write(e)
		}
		return uint64(h)
	}
	for n := 0; n <= 40; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		base := sum(b)
		for i := range b {
			for bit := range 8 {
				c := append([]byte(nil), b...)
				c[i] ^= 1 << bit
				if sum(c) == base {
					t.Fatalf("%d bytes: flipping bit %d of byte %d leaves the hash %x", n, bit, i, base)
				}
			}
		}
		if sum(append(append([]byte(nil), b...), 0)) == base {
			t.Fatalf("%d bytes: a zero byte more leaves the hash %x", n, base)
		}
		if n > 0 && sum(b[:n-1]) == base {
			t.Fatalf("%d bytes: a byte less leaves the hash %x", n, base)
		}
		for cut := 1; cut < n; cut++ {
			if sum(b[:cut], b[cut:]) == base {
				t.Fatalf("%d bytes cut at %d hash as one event: %x", n, cut, base)
			}
		}
		if sum() == base {
			t.Fatalf("%d bytes hash as no event: %x", n, base)
		}
	}
}
