package simulator

// TraceRecording is a run's events as its trace sink received them, each
// with its detail still to render, if it had one: what
// BenchmarkTraceReplay feeds a fresh sink to measure the sink alone.
type TraceRecording struct {
	events  []Event
	details []*detail
}

// RecordTrace records every event s emits from now on.
func RecordTrace(s *Sim) *TraceRecording {
	r := &TraceRecording{}
	s.ObserveLazily(func(e *Event, l *LazyDetail) {
		var d *detail
		if l.d != nil {
			c := *l.d
			d = &c
		}
		r.events = append(r.events, *e)
		r.details = append(r.details, d)
	})
	return r
}

// Len is the number of events recorded.
func (r *TraceRecording) Len() int { return len(r.events) }

// Replay feeds the recorded events to a fresh sink that keeps what keep
// says, as Sim.emitEvent hands them over, and returns the sink, unread.
func (r *TraceRecording) Replay(keep TraceKeep) *TraceReplay {
	t := new(TraceReplay)
	t.sink.init(keep, DefaultTraceLast)
	for i := range r.events {
		e := r.events[i]
		e.Seq = t.sink.n + 1
		t.sink.add(&e, r.details[i])
	}
	return t
}

// TraceReplay is the sink a replay filled.
type TraceReplay struct{ sink traceSink }

// Hash is the sink's TraceHash.
func (t *TraceReplay) Hash() uint64 { return t.sink.sum() }

// Events is what the sink kept, as Sim.Trace reads it.
func (t *TraceReplay) Events() []Event { return t.sink.events() }

// TraceBlocks is the number of blocks s's trace store holds (KeepAll).
func TraceBlocks(s *Sim) int { return len(s.sink.store.blocks) }
