package simulator

import (
	"testing"
	"time"
)

// TestEventsKeepsNothing checks that reading a trace through Events or
// hashing it decodes the events without keeping them, so a long trace is
// read in constant memory; Trace still keeps what it decodes, and the hash
// read from the store is the running hash of the same events.
func TestEventsKeepsNothing(t *testing.T) {
	run := func(keep TraceKeep) *Sim {
		s := New(Config{Scenario: "iter", TraceKeep: keep})
		for i := range 5000 {
			s.clock.Schedule(s.cfg.Start.Add(time.Duration(i)*time.Millisecond), func() { s.Note("tick") })
		}
		if err := s.RunFor(10 * time.Second); err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := run(KeepAll)
	n := 0
	for e := range s.Events() {
		n++
		if e.Seq != n {
			t.Fatalf("event %d has Seq %d", n, e.Seq)
		}
	}
	if n != s.TraceLen() || n < 5000 {
		t.Fatalf("Events yielded %d events, TraceLen is %d", n, s.TraceLen())
	}
	if h := s.TraceHash(); h != run(KeepHash).TraceHash() {
		t.Fatalf("hash of the kept events %x differs from the running hash", h)
	}
	if d := len(s.sink.store.decoded); d != 0 {
		t.Fatalf("Events and TraceHash left %d events decoded, want none", d)
	}
	if len(s.Trace()) != n || len(s.sink.store.decoded) != n {
		t.Fatalf("Trace should decode and keep all %d events; it kept %d", n, len(s.sink.store.decoded))
	}
}
