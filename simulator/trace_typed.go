package simulator

import (
	"encoding/binary"
	"time"

	"github.com/bgsim/bgsim/appmodel"
)

// Typed emits: an event whose kind fixes its shape, stored without an
// Event. Its emitter names its few fields, and the store writes them as
// they are, the words its kind always has by ids found once: no 240-byte
// Event zeroed and filled, no test of the 19 fields, no look-up of its
// kind and actor, nor, for a transition, of its states and lifecycle
// event (an app.ui event, 300 instructions stored through add, takes 165
// so; a transition saves about 190; a walkthrough's 27 typed events about
// 4,400 in all; its 19 delegate callbacks, with more fields, about 2,000).
// The bytes are those traceStore.add writes for the same event
// (TestLinesStoreWhatAddStores, TestTransitionsStoreWhatAddStores,
// TestCallbacksStoreWhatAddStores), so that every reader reads it alike. Other sinks (a hash, a stream,
// observers), and a full trace, take the Event as before.

// typedStore is the store a typed event goes straight to, as emitEvent
// hands an event to it: when the store alone takes the events (KeepAll,
// nothing streaming or observing) and has room; else nil.
func (s *Sim) typedStore() *traceStore {
	if st := s.sink.only(); st != nil && s.sink.n < s.cfg.MaxTraceEvents {
		return st
	}
	return nil
}

// lineKind is the kind of a line of text, an event of an actor's that says
// what it did or showed, and no more: an app.ui, app.log, user.action or
// scenario.note event. It holds the kind and the actor with their ids in the
// vocabulary (trace_vocab.go).
type lineKind struct {
	kind            Kind
	actor           Actor
	word, actorWord uint32
}

// newLine is the lineKind of kind and actor.
func newLine(kind Kind, actor Actor) lineKind {
	return lineKind{kind, actor, vocabulary.ids[string(kind)], vocabulary.ids[string(actor)]}
}

// The lines: what the app's UI showed (UpdateUI), what it logged, what
// the user did, the scenario's notes (Sim.Note).
var (
	uiLine   = newLine(KindUI, ActorApp)
	logLine  = newLine(KindLog, ActorApp)
	userLine = newLine(KindUserAction, ActorUser)
	noteLine = newLine(KindNote, ActorUser)
)

// emitLine records a line of line.actor's, an event of kind line.kind:
// process pid's code on queue (for the app's) showed or logged text, or
// d, its detail to render, if not nil; the user did text.
func (s *Sim) emitLine(line *lineKind, pid int, queue, text string, d *detail) {
	if st := s.typedStore(); st != nil {
		s.sink.n++
		st.addLine(line, pid, queue, text, d, s.clock.Elapsed())
		return
	}
	var e Event // field by field: a composite literal is built aside and copied
	e.Actor, e.Kind, e.Process, e.Queue, e.Detail = line.actor, line.kind, pid, queue, text
	s.emitEvent(&e, d)
}

// addLine stores, at time at, what add stores for Event{Actor:
// line.actor, Kind: line.kind, Process: pid, Queue: queue, Detail: text}
// and its detail d.
func (st *traceStore) addLine(line *lineKind, pid int, queue, text string, d *detail, at time.Duration) {
	need := maxEncodedLine + len(text)
	if d != nil {
		need += d.encodedBound()
	}
	st.room(need)
	b, maskAt, i, mask := st.head(line.word, at)
	mask |= fActor
	i = putUvarint(b, i, uint64(line.actorWord))
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
		if id := wordAt(text); id != 0 {
			i = putUvarint(b, i, uint64(id)<<1) // fixed text, a word (textWords), as add writes it
		} else {
			i = putText(b, i, text)
		}
	}
	if d != nil {
		mask |= fDetailArgs
		i = putDetail(b, i, d, &st.strs)
	}
	putMask(b, maskAt, mask)
	st.w, st.prevAt = i, at
	st.publishNext()
}

// The words of a lifecycle.transition event, found once: its kind's and
// actor's ids, and the ids of the states and lifecycle events by value,
// so that its From, To and Cause need no look-up.
var (
	transitionWord  = vocabulary.ids[string(KindTransition)]
	actorSystemWord = vocabulary.ids[string(ActorSystem)]
	stateWords      = wordsOf(AllStates())
	eventWords      = wordsOf(AllLifecycleEvents())
)

// wordsOf is the ids of all's words (their String), indexed by value.
func wordsOf[T interface {
	~int
	String() string
}](all []T) []uint32 {
	ids := make([]uint32, len(all))
	for _, v := range all {
		ids[v] = vocabulary.ids[v.String()]
	}
	return ids
}

// emitTransition records a lifecycle.transition event: process pid's app
// went from state from to state to on lifecycle event ev, for the reason
// said in detail, as rule says.
func (s *Sim) emitTransition(pid int, from, to appmodel.State, ev LifecycleEvent, detail string, rule Rule) {
	if st := s.typedStore(); st != nil &&
		uint(from) < uint(len(stateWords)) && uint(to) < uint(len(stateWords)) && uint(ev) < uint(len(eventWords)) {
		s.sink.n++
		st.addTransition(pid, stateWords[from], stateWords[to], eventWords[ev], detail, rule, s.clock.Elapsed())
		return
	}
	var e Event // field by field: a composite literal is built aside and copied
	e.Actor, e.Kind, e.Process, e.From, e.To = ActorSystem, KindTransition, pid, from.String(), to.String()
	e.Cause, e.Detail, e.Rule = ev.String(), detail, rule
	s.emitEvent(&e, nil)
}

// addTransition stores, at time at, what add stores for Event{Actor:
// ActorSystem, Kind: KindTransition, Process: pid, From, To and Cause: the
// words of ids from, to and cause, Detail: detail, Rule: rule}.
func (st *traceStore) addTransition(pid int, from, to, cause uint32, detail string, rule Rule, at time.Duration) {
	st.room(maxEncodedTransition + len(detail))
	b, maskAt, i, mask := st.head(transitionWord, at)
	mask |= fActor | fFrom | fTo | fCause
	i = putUvarint(b, i, uint64(actorSystemWord))
	if pid != 0 {
		mask |= fProcess
		i = putVarint(b, i, int64(pid))
	}
	i = putUvarint(b, i, uint64(from))
	i = putUvarint(b, i, uint64(to))
	i = putUvarint(b, i, uint64(cause))
	if detail != "" {
		mask |= fDetail
		if id := wordAt(detail); id != 0 {
			i = putUvarint(b, i, uint64(id)<<1) // fixed text, a word (textWords), as add writes it
		} else {
			i = putText(b, i, detail)
		}
	}
	if s := string(rule); s != "" {
		mask |= fRule
		id := wordAt(s)
		if id == 0 {
			id = st.strs.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	putMask(b, maskAt, mask)
	st.w, st.prevAt = i, at
	st.publishNext()
}

// The most bytes each typed event takes but for its text and detail:
// head's kind, mask and time, then each field its kind can have at its
// longest (a word's or string's id a uint32, a text's length or id and a
// number an int64), not maxEncodedEvent, every field of add's. The room a
// typed event asks the store to keep free (room) is then what it can
// take: the walkthrough's last line, at byte 1,033 of its trace, asked for
// 192 bytes and took 35, so that the store's first block had to be 1,225
// bytes to hold the trace; now 1,164 (its snapshot, through add, at 955
// asks for 209), and the store takes the 2,048-byte size class, not
// 2,304 (traceFirstBlock).
const (
	maxEncodedHead       = 1 + storeMaskLen + 8                                               // head: putAt writes 0, 4 or 8
	maxEncodedLine       = maxEncodedHead + 2*binary.MaxVarintLen32 + 2*binary.MaxVarintLen64 // actor, queue; pid, text
	maxEncodedTransition = maxEncodedHead + 5*binary.MaxVarintLen32 + 2*binary.MaxVarintLen64 // actor, from, to, cause, rule; pid, detail
	// actor, callback, queue, session, desc, reason, rule; pid, task,
	// bytes, total, expected, code, detail.
	maxEncodedCallback = maxEncodedHead + 7*binary.MaxVarintLen32 + 7*binary.MaxVarintLen64
)

// room makes sure the last block has room for need bytes.
func (st *traceStore) room(need int) {
	if len(st.last)-st.w < need {
		st.newBlock(need)
	}
}

// head begins a typed event of kind, at time at, in the last block, as
// add begins one: it returns the block, where the mask goes, where the
// fields start, and the mask's bits of the time.
func (st *traceStore) head(kind uint32, at time.Duration) (b []byte, maskAt, i int, mask uint64) {
	b = st.last
	// The kind's id +1 (0 ends a block) in one byte, as putUvarint writes
	// it: the kinds are the vocabulary's first words, their ids far below
	// 127 (the tests of add's bytes hold it). One byte, head is inlined.
	b[st.w] = byte(kind) + 1
	maskAt = st.w + 1
	i, mask = putAt(b, maskAt+storeMaskLen, at-st.prevAt)
	return b, maskAt, i, mask
}

// callbackEvent is what an app.callback or session.callback event says,
// a delegate method beginning: the few fields the two kinds have. A
// caller fills those its method has, and emitCallback stores them with no
// Event built when the store alone takes the event.
type callbackEvent struct {
	cb                     Callback
	pid, task, code        int
	queue, session, desc   string
	reason, detail         string
	bytes, total, expected int64
	rule                   Rule
}

// The kinds' words of the callbacks, found once.
var (
	appCallbackWord     = vocabulary.ids[string(KindAppCallback)]
	sessionCallbackWord = vocabulary.ids[string(KindSessionCallback)]
	actorAppWord        = vocabulary.ids[string(ActorApp)]
)

// emitCallback records c, an event of kind KindAppCallback or
// KindSessionCallback, and notes its method as the code running
// (enterCallback), as emitEvent does. An event that names a task of a
// session and no description gets the task's, as emitEvent gives it.
func (s *Sim) emitCallback(kind Kind, c *callbackEvent) {
	if st := s.typedStore(); st != nil {
		s.sink.n++
		if c.task != 0 && c.desc == "" && c.session != "" {
			c.desc = s.daemon.taskDesc(c.session, c.task)
		}
		st.addCallback(kind, c, s.clock.Elapsed())
		s.enterCallback(c.pid, c.cb)
		return
	}
	var e Event
	c.fill(kind, &e)
	s.emitEvent(&e, nil)
}

// fill makes e, an empty Event, the event of kind c says, for the sinks
// that take an Event. Field by field: a composite literal is built aside
// and copied.
func (c *callbackEvent) fill(kind Kind, e *Event) {
	e.Actor, e.Kind, e.Process, e.Callback, e.Queue, e.Session = ActorApp, kind, c.pid, c.cb, c.queue, c.session
	e.Task, e.Desc, e.Bytes, e.Total, e.Expected, e.Code = c.task, c.desc, c.bytes, c.total, c.expected, c.code
	e.Reason, e.Detail, e.Rule = c.reason, c.detail, c.rule
}

// callbackWords are the ids of a callback event's words (its method,
// queue, reason and rule), 0 for a field it has not.
type callbackWords struct{ cb, queue, reason, rule uint32 }

// found says whether w has the id of every word c has: wordAt finds
// those of the vocabulary where its search for them starts, as the
// constants that name them are (a method, the main queue, a rule).
func (w *callbackWords) found(c *callbackEvent) bool {
	return (w.cb != 0 || c.cb == "") && (w.queue != 0 || c.queue == "") &&
		(w.reason != 0 || c.reason == "") && (w.rule != 0 || c.rule == "")
}

// addCallback stores, at time at, what add stores for the Event c.fill
// builds of c, of kind KindSessionCallback or KindAppCallback; through
// add itself if one of c's words is not at its place (wordAt), which add
// looks up the long way. (A call to look the words up, or to look each
// up by wordAt or the long way, cost the walkthrough's 19 callbacks
// about 700 and 2,000 instructions more.)
func (st *traceStore) addCallback(kind Kind, c *callbackEvent, at time.Duration) {
	w := callbackWords{wordAt(string(c.cb)), wordAt(c.queue), wordAt(c.reason), wordAt(string(c.rule))}
	if !w.found(c) {
		var e Event
		c.fill(kind, &e)
		e.At = at
		st.add(&e, nil)
		return
	}
	session := kind == KindSessionCallback
	st.room(maxEncodedCallback + len(c.detail))
	word := appCallbackWord
	if session {
		word = sessionCallbackWord
	}
	b, maskAt, i, mask := st.head(word, at)
	mask |= fActor
	i = putUvarint(b, i, uint64(actorAppWord))
	if c.pid != 0 {
		mask |= fProcess
		i = putVarint(b, i, int64(c.pid))
	}
	if w.cb != 0 {
		mask |= fCallback
		i = putUvarint(b, i, uint64(w.cb))
	}
	if w.queue != 0 {
		mask |= fQueue
		i = putUvarint(b, i, uint64(w.queue))
	}
	if s := c.session; s != "" {
		mask |= fSession
		if !sameBytes(s, st.session) {
			i = st.putLast(b, i, s, &st.session)
		} else {
			mask |= fSessionAgain
		}
	}
	if c.task != 0 {
		mask |= fTask
		i = putVarint(b, i, int64(c.task))
	}
	if s := c.desc; s != "" {
		mask |= fDesc | fDescAgain
		if !sameBytes(s, st.desc) {
			mask &^= fDescAgain
			i = st.putLast(b, i, s, &st.desc)
		}
	}
	if c.bytes != 0 {
		mask |= fBytes
		i = putVarint(b, i, c.bytes)
	}
	if c.total != 0 {
		mask |= fTotal
		i = putVarint(b, i, c.total)
	}
	if c.expected != 0 {
		mask |= fExpected
		i = putVarint(b, i, c.expected)
	}
	if c.code != 0 {
		mask |= fCode
		i = putVarint(b, i, int64(c.code))
	}
	if w.reason != 0 {
		mask |= fReason
		i = putUvarint(b, i, uint64(w.reason))
	}
	if s := c.detail; s != "" {
		mask |= fDetail
		if session {
			i = putUvarint(b, i, uint64(st.strs.textID(s))<<1) // by its id, as add writes a delegate callback's
		} else if id := wordAt(s); id != 0 {
			i = putUvarint(b, i, uint64(id)<<1) // fixed text, a word (textWords), as add writes it
		} else {
			i = putText(b, i, s)
		}
	}
	if w.rule != 0 {
		mask |= fRule
		i = putUvarint(b, i, uint64(w.rule))
	}
	putMask(b, maskAt, mask)
	st.w, st.prevAt = i, at
	st.publishNext()
}
