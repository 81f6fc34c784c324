package simulator

import (
	"testing"
	"unsafe"
)

// TestProgressBatchSizeClass: a progress batch, made for a connection's
// first tick and kept for the next, stays in the allocator's 256-byte size
// class (an object of 512 bytes or less has no malloc header). A field more
// takes it to 288: make room (its next is 32 bits for this), or raise the
// figure here knowingly.
func TestProgressBatchSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(progressBatch{}); n > 256 {
		t.Errorf("progressBatch is %d bytes, over the 256 of its size class", n)
	}
}
