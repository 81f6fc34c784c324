package simulator

import (
	"testing"
	"unsafe"
)

// TestSessionSizeClass: the daemon's session stays within the allocator's
// size class it was fitted to (896 bytes, with the 8-byte malloc header of
// an object over 512 bytes, its first blocks of events, deadlines and idle
// checks included). A field more than fits moves every session made into
// the 1,024-byte class: move a rarely used part behind a pointer instead, or
// raise the figure here knowingly.
func TestSessionSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(bgSession{}); n > 896-8 {
		t.Errorf("bgSession is %d bytes, over the 888 that fit the 896-byte class", n)
	}
}
