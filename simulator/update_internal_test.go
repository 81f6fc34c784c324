package simulator

import (
	"fmt"
	"hash/fnv"
	"testing"
)

// TestContainerPathIsTheUUIDOfItsRand pins containerPath, which formats by
// hand, to what Rand and fmt give, and Rand's key to hash/fnv.
func TestContainerPathIsTheUUIDOfItsRand(t *testing.T) {
	for _, seed := range []uint64{0, 1, 7, 1 << 40, ^uint64(0)} {
		for n := range 12 {
			r := Rand(seed, fmt.Sprintf("container/%d", n))
			a, b := r.Uint64(), r.Uint64()
			want := fmt.Sprintf("/var/mobile/Containers/Data/Application/%08X-%04X-4%03X-%04X-%012X",
				a>>32, a>>16&0xffff, a&0xfff, 0x8000|b>>48&0x3fff, b&0xffffffffffff)
			if got := containerPath(seed, n); got != want {
				t.Fatalf("containerPath(%d, %d) = %q, want %q", seed, n, got, want)
			}
		}
	}
	for _, name := range []string{"", "network", "container/0", "jitter"} {
		h := fnv.New64a()
		h.Write([]byte(name))
		if got, want := componentKey(name), h.Sum64(); got != want {
			t.Errorf("componentKey(%q) = %#x, want %#x (FNV-1a)", name, got, want)
		}
	}
}
