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

// TestTraceHashReadsOnlyItsBytes holds hash64.write to its definition, the
// bytes read one at a time into little-endian words, whatever lies in the
// slice's capacity past its end: the hash of a trace must not change with
// how it is computed.
func TestTraceHashReadsOnlyItsBytes(t *testing.T) {
	byByte := func(h hash64, b []byte) hash64 {
		x := uint64(h)
		for len(b) >= 8 {
			var w uint64
			for i := range 8 {
				w |= uint64(b[i]) << (8 * i)
			}
			x, b = hashMix(x^w), b[8:]
		}
		var tail uint64
		for i, c := range b {
			tail |= uint64(c) << (8 * i)
		}
		return hash64(hashMix(x ^ tail ^ uint64(len(b)+1)<<56))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 70 {
		for spare := range 10 {
			buf := make([]byte, n+spare)
			for i := range buf {
				buf[i] = byte(rng.Uint32()) // spare bytes too: they must not count
			}
			b := buf[:n]
			h := hash64(fnvOffset64)
			h.write(b)
			if want := byByte(fnvOffset64, b); h != want {
				t.Fatalf("%d bytes with %d spare: hash %x, want %x", n, spare, h, want)
			}
		}
	}
}
