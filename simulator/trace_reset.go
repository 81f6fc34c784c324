package simulator

// spare moves into sp, cleared, the parts of t's run that a later run may
// use (Sim.Reset): the store, with the array of its decoded events, and
// the sink's further part (sinkMore) with its hasher, its ring of last
// events and what observers are lent, each as a new sink's would be
// (zero, the ring and the decoded events empty). A reader of the old
// run's trace must not read on: the store's first block and the decoded
// events are written again.
func (t *traceSink) spare(sp *simSpares) {
	if st := t.store; st != nil {
		// The decoded events are most of what reading a trace allocates
		// (an Event is 256 bytes): a chaos seed's 45 KB of its 114.
		decoded := st.decoded
		clear(decoded[:cap(decoded)])
		*st = traceStore{decoded: decoded[:0]}
		sp.store = st
	}
	if m := t.more; m != nil {
		if h := m.hasher; h != nil {
			*h = sinkHasher{}
		}
		if l := m.lent; l != nil {
			// Apart from m: a run that takes m to hash its events makes
			// no lent event, as a new Sim's would not (lend).
			*l = lentEvent{}
			sp.lent = l
		}
		o, r := m.observers, m.ring
		clear(o[:cap(o)]) // the old run's observers, and what they hold, go
		clear(r[:cap(r)]) // no event of the old run stays reachable
		*m = sinkMore{ring: r[:0], hasher: m.hasher, observers: o[:0]}
		sp.more = m
	}
}
