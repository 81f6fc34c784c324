package simulator

// Events built in place. An Event is 240 bytes: a composite literal passed
// by value (emit, emitf) is built in a temporary and copied again into the
// argument, about 70 instructions an event. The hot sites (a launch, a
// transition, a delegate callback, a transfer's start, response and end)
// build theirs where it stays, as &Event{...} or a local, and pass it by
// pointer to emitEvent or emitfEvent; the sink neither keeps nor leaks it,
// so it stays on the caller's stack.

// emitfEvent is emitf for an event built in place: e with the detail
// fmt.Sprintf(format, args...), rendered only when the event is read.
func (s *Sim) emitfEvent(e *Event, format string, args ...detailArg) {
	if len(args) > maxDetailArgs {
		s.emitf(*e, format, args...) // rendered at once: rare, and not worth a copy of its own
		return
	}
	s.det.hold(format, args)
	s.emitEvent(e, &s.det)
}
