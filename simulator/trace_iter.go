package simulator

import (
	"iter"
	"time"
)

// Events returns the kept events in order, one at a time, each decoded as
// it is read: unlike Trace, it does not hold every Event of the run at once
// (an Event takes about 260 bytes, a stored one about 30), so it is the way
// to read, render or write out a long trace. What it yields is what Trace
// returns: every event under KeepAll, the last TraceLast under KeepLast,
// nothing under KeepHash and KeepNone.
//
// The sequence reads the events stored when each step is taken; call it
// between runs, not from inside an app callback of the same simulation.
//
//	for e := range sim.Events() {
//		fmt.Println(e)
//	}
func (s *Sim) Events() iter.Seq[Event] {
	return s.sink.all()
}

// all yields what the sink kept, in order.
func (t *traceSink) all() iter.Seq[Event] {
	if t.keep() != KeepAll {
		return func(yield func(Event) bool) {
			for _, e := range t.events() {
				if !yield(e) {
					return
				}
			}
		}
	}
	return t.store.all()
}

// all yields the stored events in order, decoding each into a new value
// and keeping none: the events already decoded by events are yielded from
// there.
func (st *traceStore) all() iter.Seq[Event] {
	return func(yield func(Event) bool) {
		for i := range st.decoded[:min(len(st.decoded), st.n)] {
			if !yield(st.decoded[i]) {
				return
			}
		}
		seq := len(st.decoded)
		pos := st.rd
		var e Event
		for seq < st.n {
			decodeNext(&e, st.blocks, st.strs.chunks, &pos)
			seq++
			e.Seq = seq
			if !yield(e) {
				return
			}
		}
	}
}

// hashAll is the trace hash of the stored events, computed by reading
// them once without keeping them.
func (st *traceStore) hashAll() uint64 {
	h, prev := hash64(fnvOffset64), time.Duration(0)
	var buf []byte
	for e := range st.all() {
		buf = encodeEvent(buf[:0], &e, prev, nil)
		h.write(buf)
		prev = e.At
	}
	return uint64(h)
}
