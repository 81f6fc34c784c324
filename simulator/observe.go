package simulator

// Observe has f called with every event the run emits, as it is emitted
// (its Seq and At set), on the simulation's goroutine and whatever
// Config.TraceKeep keeps. It is how a checker follows a run that keeps no
// trace (KeepHash): bgsim explore checks its properties this way, one pass
// and no decoding. f sees the simulation as it is at that instant (the
// file a DidFinishDownloading hands over is still there); it must not call
// into the simulation to change it. Observers are called in the order they
// were added.
func (s *Sim) Observe(f func(Event)) {
	if f != nil {
		s.sink.observers = append(s.sink.observers, f)
	}
}

// observe hands e to the observers.
func (t *traceSink) observe(e *Event) {
	for _, f := range t.observers {
		f(*e)
	}
}
