package simulator

import (
	"testing"
	"unsafe"
)

// TestSimSizeClass: the Sim, with its clock, container and network inside
// it, stays within the allocator's size class it was fitted to (2,304
// bytes, with the 8-byte malloc header of an object over 512 bytes). A
// few bytes more move every run's Sim into the 2,688-byte class
// (BenchmarkSetup's B/op): move a rarely used part behind a pointer
// instead (simRare, daemonRare), or raise the figure here knowingly.
func TestSimSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(Sim{}); n > 2304-8 {
		t.Errorf("Sim is %d bytes, over the 2,296 that fit the 2,304-byte class", n)
	}
}
