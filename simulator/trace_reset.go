package simulator

// spare moves into sp, cleared, the parts of t's run that a later run may
// use (Sim.Reset): the store, with the array of its decoded events, the
// hasher and the ring, each as a new sink's would be (zero, the ring and
// the decoded events empty). A reader of the old run's trace must not read
// on: the store's first block and the decoded events are written again.
func (t *traceSink) spare(sp *simSpares) {
	if st := t.store; st != nil {
		// The decoded events are most of what reading a trace allocates
		// (an Event is 256 bytes): a chaos seed's 45 KB of its 114.
		decoded := st.decoded
		clear(decoded[:cap(decoded)])
		*st = traceStore{decoded: decoded[:0]}
		sp.store = st
	}
	if h := t.hasher; h != nil {
		*h = sinkHasher{}
		sp.hasher = h
	}
	if l := t.lent; l != nil {
		*l = lentEvent{}
		sp.lent = l
	}
	if o := t.observers; o != nil {
		clear(o[:cap(o)]) // the old run's observers, and what they hold, go
		sp.observers = o[:0]
	}
	if r := t.ring; r != nil {
		clear(r[:cap(r)]) // no event of the old run stays reachable
		sp.ring = r[:0]
	}
}

// reuse gives t, a reset Sim's zero sink, the spare parts that keep uses,
// before init makes those still missing.
func (t *traceSink) reuse(keep TraceKeep, last int, sp *simSpares) {
	switch keep {
	case KeepAll:
		t.store, sp.store = sp.store, nil
	case KeepLast:
		if cap(sp.ring) >= last {
			// Exactly last events of room: a full ring is len == cap.
			t.ring, sp.ring = sp.ring[:0:last], nil
		}
	}
	if keep == KeepHash || keep == KeepLast {
		t.hasher, sp.hasher = sp.hasher, nil
	}
}

// spareLent gives t, observed for the first time since the Sim was reset,
// the lent event and the array of observers of an earlier run, if sp
// (nil for a Sim never reset) has them: an exploration's every seed is
// observed, twice.
func (t *traceSink) spareLent(sp *simSpares) {
	if sp == nil {
		return
	}
	t.lent, sp.lent = sp.lent, nil
	if t.observers == nil {
		t.observers, sp.observers = sp.observers, nil
	}
}
