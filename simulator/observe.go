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
// were added.
func (s *Sim) Observe(f func(*Event)) {
	if f != nil {
		s.sink.observers = append(s.sink.observers, f)
	}
}

// observe hands the observers a copy of e, in a field of the sink: a
// pointer to e itself, handed to functions the compiler cannot see,
// would put every event the simulation emits on the heap.
func (t *traceSink) observe(e *Event) {
	t.lent = *e
	for _, f := range t.observers {
		f(&t.lent)
	}
}
