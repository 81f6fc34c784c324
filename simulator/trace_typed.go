package simulator

import "time"

// Typed emits: an event whose kind fixes its shape, stored without an
// Event. Its emitter names its few fields, and the store writes them as
// they are, the words its kind always has by ids found once: no 240-byte
// Event zeroed and filled, no test of the 19 fields, no look-up of its
// kind and actor (an app.ui event, 300 instructions stored through add,
// takes 165 so). The bytes are those traceStore.add writes for the same
// event (TestAppLinesStoreWhatAddStores), so that every reader reads it
// alike. Other sinks (a hash, a stream, observers), and a full trace,
// take the Event as before.

// appLine is the kind of an app's line, an app.ui or app.log event, with
// its id in the vocabulary (trace_vocab.go).
type appLine struct {
	kind Kind
	word uint32
}

// The app's lines: what its UI showed (UpdateUI) and what it logged.
var (
	uiLine       = appLine{KindUI, vocabulary.ids[string(KindUI)]}
	logLine      = appLine{KindLog, vocabulary.ids[string(KindLog)]}
	actorAppWord = vocabulary.ids[string(ActorApp)]
)

// emitAppLine records a line of the app's, an event of the app (actor)
// of kind line.kind: process pid's code on queue showed or logged text,
// or d, its detail to render, if not nil.
func (s *Sim) emitAppLine(line *appLine, pid int, queue, text string, d *detail) {
	if st := s.sink.only(); st != nil && s.sink.n < s.cfg.MaxTraceEvents {
		s.sink.n++
		st.addAppLine(line.word, pid, queue, text, d, s.clock.Elapsed())
		return
	}
	var e Event // field by field: a composite literal is built aside and copied
	e.Actor, e.Kind, e.Process, e.Queue, e.Detail = ActorApp, line.kind, pid, queue, text
	s.emitEvent(&e, d)
}

// addAppLine stores, at time at, what add stores for Event{Actor:
// ActorApp, Kind: the word kind, Process: pid, Queue: queue, Detail:
// text} and its detail d.
func (st *traceStore) addAppLine(kind uint32, pid int, queue, text string, d *detail, at time.Duration) {
	need := maxEncodedEvent + len(text)
	if d != nil {
		need += maxEncodedDetail + d.inlineLen()
	}
	if len(st.last)-st.w < need {
		st.newBlock(need)
	}
	b := st.last
	i := putUvarint(b, st.w, uint64(kind)+1)
	maskAt := i
	i, mask := putAt(b, i+storeMaskLen, at-st.prevAt)
	mask |= fActor
	i = putUvarint(b, i, uint64(actorAppWord))
	if pid != 0 {
		mask |= fProcess
		i = putVarint(b, i, int64(pid))
	}
	if queue != "" {
		mask |= fQueue
		id := wordAt(queue)
		if id == 0 {
			id = st.strs.word(queue)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if text != "" {
		mask |= fDetail
		i = putText(b, i, text)
	}
	if d != nil {
		mask |= fDetailArgs
		i = putDetail(b, i, d, &st.strs)
	}
	b[maskAt], b[maskAt+1], b[maskAt+2] = byte(mask), byte(mask>>8), byte(mask>>16)
	st.w, st.prevAt = i, at
	st.publishNext()
}
