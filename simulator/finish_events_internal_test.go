package simulator

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// finishRecorder records the session objects its
// DidFinishEventsForBackgroundSession is called with.
type finishRecorder struct {
	appmodel.SessionDelegate // the other methods are not called
	got                      []appmodel.Session
}

func (r *finishRecorder) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	r.got = append(r.got, s)
}

// TestFinishEventsGoToTheObjectQueued: DidFinishEventsForBackgroundSession
// (R-D3) reaches the delegate of the session object on whose queue it was
// put (wake.finishTo), even when the session is connected to another one
// by the time the item runs.
func TestFinishEventsGoToTheObjectQueued(t *testing.T) {
	s := New(Config{})
	b, _ := s.daemon.sessionFor(&appmodel.SessionConfig{Identifier: "s"})
	p := &process{s: s, pid: 1}
	objs := [2]*sessionObj{}
	recs := [2]*finishRecorder{{}, {}}
	for i := range objs {
		so := &sessionObj{p: p, b: b, delegate: recs[i]}
		so.queue = &so.ownQueue
		so.queue.p, so.queue.held = p, true // held: the item waits, for the test to run it
		objs[i] = so
	}
	w := b.newWake(p)
	b.wake, w.phase = w, WakeDelivering
	b.conn = objs[0]
	b.finishEvents()
	if w.phase != WakeFinishing || len(objs[0].queue.items) != 1 {
		t.Fatalf("wake %v with %d items queued, want finishing with one", w.phase, len(objs[0].queue.items))
	}
	b.conn = objs[1] // the app connected another object meanwhile
	objs[0].queue.items[0].code.run(objs[0].queue)
	if len(recs[0].got) != 1 || recs[0].got[0] != objs[0] || len(recs[1].got) != 0 {
		t.Errorf("DidFinishEvents went to %v and %v, want once to the first object", recs[0].got, recs[1].got)
	}
}
