package simulator

import (
	"testing"

	"github.com/bgsim/bgsim/fakes"
)

// linkSink keeps what boundLinkChanged gives, so that it escapes as it
// does when the network keeps it.
var linkSink fakes.LinkListener

// TestBoundLinkChangedAllocs: the daemon is the network's link listener
// as it is (daemonLinks), where a method value given as a func was a
// closure made for every new Sim.
func TestBoundLinkChangedAllocs(t *testing.T) {
	s := New(Config{TraceKeep: KeepNone})
	if a := testing.AllocsPerRun(20, func() { linkSink = s.boundLinkChanged() }); a != 0 {
		t.Errorf("the Sim's link listener makes %v objects, want 0", a)
	}
	if l, ok := linkSink.(daemonLinks); !ok || l.d != s.daemon {
		t.Errorf("the Sim's link listener is %#v, not its daemon", linkSink)
	}
}
