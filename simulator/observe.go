package simulator

// Observe has f called with every event the run emits, as it is emitted
// (its Seq, At and Detail set), on the simulation's goroutine and whatever
// Config.TraceKeep keeps. It is how a checker follows a run that keeps no
// trace (KeepNone, KeepHash): bgsim explore checks its properties this
// way, in one pass with nothing decoded. The event is lent for the call:
// f reads it and must neither change it nor keep the pointer (copy what
// it needs). f sees the simulation as it is at that instant (the file a
// DidFinishDownloading hands over is still there); it must not call into
// the simulation to change it. Observers are called in the order they
// were added, whichever of Observe and ObserveLazily added them.
func (s *Sim) Observe(f func(*Event)) {
	if f != nil {
		m := s.sink.lend(s.spares)
		m.observers = append(m.observers, observer{eager: f})
		m.eager++
	}
}

// ObserveLazily is Observe for an observer that seldom reads an event's
// Detail: many details are kept as a format and its arguments until read,
// and rendering each costs more than most observers do. f gets the lent
// event with Detail possibly empty, and d: d.Text() renders the detail
// (once per event, then sets the lent event's Detail too) only when f
// asks. d is lent with the event, for the call only. While an observer
// added by Observe is there, every detail is rendered anyway.
func (s *Sim) ObserveLazily(f func(e *Event, d *LazyDetail)) {
	if f != nil {
		m := s.sink.lend(s.spares)
		m.observers = append(m.observers, observer{lazy: f})
	}
}

// LazyDetail is the Detail of the event ObserveLazily lends, rendered
// when asked.
type LazyDetail struct {
	e *Event  // the lent event
	d *detail // nil once rendered, or if e.Detail was given as text
}

// Text is the event's Detail; it renders it into the lent event first if
// it is not yet.
func (l *LazyDetail) Text() string {
	if l.d != nil {
		l.e.Detail, l.d = l.d.text(), nil
	}
	return l.e.Detail
}

// observer is one function Observe or ObserveLazily added.
type observer struct {
	eager func(*Event)
	lazy  func(*Event, *LazyDetail)
}

// lentEvent is the copy of an event the observers read, and its detail
// for the lazy ones.
type lentEvent struct {
	e Event
	d LazyDetail
}

// lend makes what observe lends, once, and returns the part of t that
// keeps the observers: a run nobody observes (most benchmarks, a
// walkthrough) does without its 260 bytes. A reset Sim's sink takes it,
// and the array of its observers, from sp (extra).
func (t *traceSink) lend(sp *simSpares) *sinkMore {
	m := t.extra(sp)
	if m.lent == nil {
		if sp != nil && sp.lent != nil {
			m.lent, sp.lent = sp.lent, nil
		} else {
			m.lent = new(lentEvent)
		}
	}
	return m
}

// observe hands the observers a copy of e, made once for the sink (a
// pointer to e itself, handed to functions the compiler cannot see, would
// put every event the simulation emits on the heap), with d, its detail
// still to render, or nil.
func (t *traceSink) observe(e *Event, d *detail) {
	l := t.more.lent
	l.e = *e
	l.d = LazyDetail{e: &l.e, d: d}
	for _, o := range t.more.observers {
		if o.lazy != nil {
			o.lazy(&l.e, &l.d)
		} else {
			o.eager(&l.e)
		}
	}
	l.d = LazyDetail{}
}
