package simulator

import (
	"testing"
	"unsafe"
)

// TestSessionSizeClass: the daemon's session stays within the allocator's
// size class it was fitted to (768 bytes, with the 8-byte malloc header of
// an object over 512 bytes). A field more moves every session made into
// the 896-byte class: move a rarely used part behind a pointer instead, or
// raise the figure here knowingly.
func TestSessionSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(bgSession{}); n > 768-8 {
		t.Errorf("bgSession is %d bytes, over the 760 that fit the 768-byte class", n)
	}
}
