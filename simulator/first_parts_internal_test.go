package simulator

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// TestFirstPartsHandedOutOnce: a new Sim's first process comes with a
// session reserved for the daemon's first (firstParts), which the first
// new session takes and no later one does; a later process reserves
// none, and neither does a reset Sim's (its spares serve it).
func TestFirstPartsHandedOutOnce(t *testing.T) {
	s := New(Config{})
	s.pids++
	p1 := s.processObj()
	reserved := p1.reserved
	if reserved == nil {
		t.Fatal("a new Sim's first process reserves no session")
	}
	s.pids++
	if p2 := s.processObj(); p2.reserved != nil || p2 == p1 {
		t.Fatal("a second process reserves a session, or is the first")
	}
	b1, _ := s.daemon.sessionFor(&appmodel.SessionConfig{Identifier: "a"})
	b2, _ := s.daemon.sessionFor(&appmodel.SessionConfig{Identifier: "b"})
	if b1 != reserved || b2 == reserved || p1.reserved != nil {
		t.Fatalf("sessions %p, %p; the reserved one %p, still reserved %p", b1, b2, reserved, p1.reserved)
	}
	if b1.onClock == nil || b1.onWake == nil || b1.id != "a" {
		t.Error("the reserved session is not readied as a new one is")
	}
	s.Reset(Config{})
	s.pids++
	if p := s.processObj(); p.reserved != nil {
		t.Error("a reset Sim's first process reserves a session")
	}
}
