package simulator

// TraceRecording is a run's events as its trace sink received them, each
// with its detail still to render, if it had one, and the typed path its
// emitter takes to a store that alone takes the events: what
// BenchmarkTraceReplay feeds a fresh sink to measure the sink alone.
type TraceRecording struct {
	events  []Event
	details []*detail
	typed   []typedEvent
}

// typedEvent is how an event is stored through a typed path, if its
// emitter takes one (emitLine, emitTransition, emitCallback): the path,
// and what it takes that the Event does not say as it is.
type typedEvent struct {
	path            typedPath
	line            *lineKind
	from, to, cause uint32
	c               callbackEvent
}

type typedPath uint8

const (
	byAdd typedPath = iota
	byLine
	byTransition
	byCallback
)

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
		r.typed = append(r.typed, typedOf(e, d))
	})
	return r
}

// Len is the number of events recorded.
func (r *TraceRecording) Len() int { return len(r.events) }

// Replay feeds the recorded events to a fresh sink that keeps what keep
// says, as the run hands them over, and returns the sink, unread: with
// KeepAll, a line, a transition or a delegate callback to the store's
// typed path, as emitLine, emitTransition and emitCallback do (each asks
// for less room than add: through add, the walkthrough's trace takes a
// second block), any other event as Sim.emitEvent does.
func (r *TraceRecording) Replay(keep TraceKeep) *TraceReplay {
	t := new(TraceReplay)
	t.sink.init(keep, DefaultTraceLast, nil)
	st := t.sink.only()
	for i := range r.events {
		e := r.events[i]
		e.Seq = t.sink.n + 1
		if ty := &r.typed[i]; st != nil && ty.path != byAdd {
			t.sink.n++
			switch ty.path {
			case byLine:
				st.addLine(ty.line, e.Process, e.Queue, e.Detail, r.details[i], e.At)
			case byTransition:
				st.addTransition(e.Process, ty.from, ty.to, ty.cause, e.Detail, e.Rule, e.At)
			case byCallback:
				st.addCallback(e.Kind, &ty.c, e.At)
			}
			continue
		}
		t.sink.add(&e, r.details[i])
	}
	return t
}

// typedLines are the typed lines by their kind.
var typedLines = map[Kind]*lineKind{KindUI: &uiLine, KindLog: &logLine, KindUserAction: &userLine, KindNote: &noteLine}

// typedOf is the typed path that stores e, and its detail d, if its kind
// has one and e has no field that path does not write.
func typedOf(e *Event, d *detail) typedEvent {
	shape := Event{Seq: e.Seq, At: e.At, Actor: e.Actor, Kind: e.Kind, Process: e.Process}
	switch e.Kind {
	case KindUI, KindLog, KindUserAction, KindNote:
		line := typedLines[e.Kind]
		shape.Queue, shape.Detail = e.Queue, e.Detail
		if e.Actor == line.actor && shape == *e {
			return typedEvent{path: byLine, line: line}
		}
	case KindTransition:
		from, to, cause := vocabulary.ids[e.From], vocabulary.ids[e.To], vocabulary.ids[e.Cause]
		shape.From, shape.To, shape.Cause, shape.Detail, shape.Rule = e.From, e.To, e.Cause, e.Detail, e.Rule
		if e.Actor == ActorSystem && shape == *e && d == nil && from != 0 && to != 0 && cause != 0 {
			return typedEvent{path: byTransition, from: from, to: to, cause: cause}
		}
	case KindAppCallback, KindSessionCallback:
		c := callbackEvent{cb: e.Callback, pid: e.Process, task: e.Task, code: e.Code, queue: e.Queue,
			session: e.Session, desc: e.Desc, reason: e.Reason, detail: e.Detail,
			bytes: e.Bytes, total: e.Total, expected: e.Expected, rule: e.Rule}
		c.fill(e.Kind, &shape)
		if shape == *e && d == nil {
			return typedEvent{path: byCallback, c: c}
		}
	}
	return typedEvent{}
}

// TraceReplay is the sink a replay filled.
type TraceReplay struct{ sink traceSink }

// Hash is the sink's TraceHash.
func (t *TraceReplay) Hash() uint64 { return t.sink.sum() }

// Events is what the sink kept, as Sim.Trace reads it.
func (t *TraceReplay) Events() []Event { return t.sink.events() }

// TraceBlocks is the blocks s's trace store holds (KeepAll).
func TraceBlocks(s *Sim) [][]byte { return s.sink.store.blocks }

// Blocks is the bytes of the blocks the sink's store holds (KeepAll).
func (t *TraceReplay) Blocks() [][]byte { return t.sink.store.blocks }
