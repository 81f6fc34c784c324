package simulator

import (
	"encoding/binary"
	"math"
	"time"
)

// The store writes an event in one pass over its fields: each field
// present is written and its bit set in the mask as it goes, and the
// mask, whose 3 bytes are reserved after the kind, is filled in last.
// (Building the mask first, in a pass of its own over the 19 fields, and
// then testing each bit again to write the fields cost a walkthrough
// about 5,000 instructions more: BenchmarkTraceReplay/keep=all.) A fixed
// 3 bytes hold every bit: the fields' (fActor to fBGTask), fDetailArgs,
// fAt, set only when the event's time differs from the one before's,
// most events being at the same instant as the one before them, and
// fSessionAgain and fDescAgain.

// fAt: the event's time differs from the one before it, by the 4 bytes
// that follow the mask (little-endian, unsigned), or 8 with fAtLong (a
// delta of 4.3 s or more, or negative). The store's alone, like
// fDetailArgs. A time's delta, in nanoseconds, takes 4 or 5 bytes as a
// varint, written a byte at a time; a fixed 4 is one store.
const (
	fAt     = fDetailArgs << 1
	fAtLong = fAt << 1
	// fSessionAgain, fDescAgain: the event's Session (Desc) is the very
	// string of the last event that had one, and no id follows: most
	// events of a session name the session and task of the event before
	// them. An id, past the vocabulary's, takes two bytes written by
	// binary's loop (BenchmarkTraceReplay/keep=all 36.9k -> 35.3k
	// instructions without them).
	fSessionAgain = fAtLong << 1
	fDescAgain    = fSessionAgain << 1
)

// storeMaskLen is the bytes of a stored event's mask: fDescAgain is bit 23.
const storeMaskLen = 3

// add stores e, with its detail d to render when read if not nil, and
// publishes it. It writes the event in the last block, after checking it
// has room: words (a kind, an actor, a state) as their ids in the
// vocabulary, found by the inlined wordAt if the word is where the
// vocabulary's search for its address starts, or else by
// stringTable.word; the same lines stand at each word on purpose: word
// itself is too costly for the compiler to inline, and calling it for
// every word cost a walkthrough about 4,300 more instructions. A run's
// own strings that repeat (a session, a description) are written as
// their ids in the table; text (a log line, a path) inline, as its length
// and bytes. One function from the room's check to the mask: a call
// between them cost each event 14 instructions moving its arguments.
func (st *traceStore) add(e *Event, d *detail) {
	need := maxEncodedEvent + len(e.Detail) + len(e.Where)
	if d != nil {
		need += d.encodedBound()
	}
	if len(st.last)-st.w < need {
		// Near a block's end, what decides is the room e's own fields can
		// take (storeBound), not every field's: a scenario run, which
		// observes its events and so stores them all through add, would
		// otherwise leave the first block's last 150 bytes unused, and a
		// catalog walkthrough's 62 events, 1,068 bytes, took a 4 KB second
		// block for its last one.
		if need = storeBound(e, d); len(st.last)-st.w < need {
			st.newBlock(need)
		}
	}
	b, i, dAt := st.last, st.w, e.At-st.prevAt
	t := &st.strs
	id := wordAt(string(e.Kind))
	if id == 0 {
		id = t.word(string(e.Kind))
	}
	i = putUvarint(b, i, uint64(id)+1) // 0 ends a block
	at := i
	i, mask := putAt(b, i+storeMaskLen, dAt)
	if s := string(e.Actor); s != "" {
		mask |= fActor
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if v := e.Process; v != 0 {
		mask |= fProcess
		i = putVarint(b, i, int64(v))
	}
	if s := e.From; s != "" {
		mask |= fFrom
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if s := e.To; s != "" {
		mask |= fTo
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if s := e.Cause; s != "" {
		mask |= fCause
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if s := string(e.Callback); s != "" {
		mask |= fCallback
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if s := e.Queue; s != "" {
		mask |= fQueue
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if s := e.Session; s != "" {
		mask |= fSession
		if !sameBytes(s, st.session) {
			i = st.putLast(b, i, s, &st.session)
		} else {
			mask |= fSessionAgain
		}
	}
	if v := e.Task; v != 0 {
		mask |= fTask
		i = putVarint(b, i, int64(v))
	}
	if s := e.Desc; s != "" {
		mask |= fDesc | fDescAgain
		if !sameBytes(s, st.desc) {
			mask &^= fDescAgain
			i = st.putLast(b, i, s, &st.desc)
		}
	}
	if v := e.Bytes; v != 0 {
		mask |= fBytes
		i = putVarint(b, i, v)
	}
	if v := e.Total; v != 0 {
		mask |= fTotal
		i = putVarint(b, i, v)
	}
	if v := e.Expected; v != 0 {
		mask |= fExpected
		i = putVarint(b, i, v)
	}
	if v := e.Code; v != 0 {
		mask |= fCode
		i = putVarint(b, i, int64(v))
	}
	if s := e.Reason; s != "" {
		mask |= fReason
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if s := e.Where; s != "" {
		mask |= fWhere
		i = putText(b, i, s)
	}
	if s := e.Detail; s != "" {
		mask |= fDetail
		if e.Kind == KindSessionCallback {
			// A delegate callback's detail repeats what an event said
			// before (a location daemon.file named, the error of a
			// task.complete): its id, the low bit 0 telling it from a
			// length. Which of the two is written depends on the event
			// alone, so the same event is always the same bytes.
			i = putUvarint(b, i, uint64(t.textID(s))<<1)
		} else if id := wordAt(s); id != 0 {
			i = putUvarint(b, i, uint64(id)<<1) // fixed text, a word (textWords)
		} else {
			i = putText(b, i, s)
		}
	}
	if s := string(e.Rule); s != "" {
		mask |= fRule
		id := wordAt(s)
		if id == 0 {
			id = t.word(s)
		}
		i = putUvarint(b, i, uint64(id))
	}
	if v := e.BGTask; v != 0 {
		mask |= fBGTask
		i = putVarint(b, i, int64(v))
	}
	if d != nil {
		mask |= fDetailArgs
		i = putDetail(b, i, d, t)
	}
	putMask(b, at, mask)
	st.w, st.prevAt = i, e.At
	st.publishNext()
}

// storeBound bounds the bytes add writes for e and d: the kind (any
// string, so a uint32 id), the mask and the time, and each field e has at
// its longest (a word's or string's id a uint32, a text's length or id and
// a number an int64), where maxEncodedEvent counts every field an event
// may have.
func storeBound(e *Event, d *detail) int {
	n := binary.MaxVarintLen32 + storeMaskLen + 8
	for _, s := range [...]string{string(e.Actor), e.From, e.To, e.Cause, string(e.Callback),
		e.Queue, e.Session, e.Desc, e.Reason, string(e.Rule)} {
		if s != "" {
			n += binary.MaxVarintLen32
		}
	}
	for _, v := range [...]int64{int64(e.Process), int64(e.Task), e.Bytes, e.Total, e.Expected,
		int64(e.Code), int64(e.BGTask)} {
		if v != 0 {
			n += binary.MaxVarintLen64
		}
	}
	for _, s := range [...]string{e.Where, e.Detail} {
		if s != "" {
			n += binary.MaxVarintLen64 + len(s)
		}
	}
	if d != nil {
		n += d.encodedBound()
	}
	return n
}

// putLast writes s, a Session or Desc other than last, the one of the
// last event that had the field, by its id, and makes it last.
func (st *traceStore) putLast(b []byte, i int, s string, last *string) int {
	*last = s
	return putUvarint(b, i, uint64(st.strs.id(s)))
}

// putAt writes an event's time, dAt after the event before it's, at
// b[i:], as fAt and fAtLong say, and returns where it ends and the bits
// of the mask it sets.
func putAt(b []byte, i int, dAt time.Duration) (int, uint64) {
	switch {
	case dAt == 0:
		return i, 0
	case uint64(dAt) <= math.MaxUint32:
		binary.LittleEndian.PutUint32(b[i:], uint32(dAt))
		return i + 4, fAt
	}
	binary.LittleEndian.PutUint64(b[i:], uint64(dAt))
	return i + 8, fAt | fAtLong
}

// publishNext counts the event just written, and publishes it.
func (st *traceStore) publishNext() {
	st.n++
	if st.strs.grew {
		st.publishView()
	}
	st.pubN.Store(int64(st.n))
}

// putText writes s, text seldom seen twice, inline: its length, shifted
// left with the low bit 1 (an id has it 0), and its bytes.
func putText(b []byte, i int, s string) int {
	i = putUvarint(b, i, uint64(len(s))<<1|1)
	return i + copy(b[i:], s)
}

// putUvarint writes v at b[i:] as binary.PutUvarint does, and returns
// where it ends, in line. Its loop writes into b itself: binary's, on
// b[i:], sliced b and counted the bytes apart, and cost a number of two
// to four bytes (an id of the run's own strings, a progress report's
// byte counts) about 20 instructions more (a walkthrough's store ~1,500
// instructions). (A call for the longer ones, to write two or three
// bytes with no loop, made putVarint too costly to inline: 1,800 more
// instructions a walkthrough.)
func putUvarint(b []byte, i int, v uint64) int {
	for v >= 0x80 {
		b[i] = byte(v) | 0x80
		v >>= 7
		i++
	}
	b[i] = byte(v)
	return i + 1
}

// putVarint writes v at b[i:] as binary.PutVarint does (zigzag, then
// putUvarint), and returns where it ends.
func putVarint(b []byte, i int, v int64) int {
	return putUvarint(b, i, uint64(v<<1)^uint64(v>>63))
}

// putMask writes an event's mask at b[at:], its storeMaskLen bytes with
// one bounds check, not one each (about 10 instructions an event less).
func putMask(b []byte, at int, mask uint64) {
	m := b[at : at+storeMaskLen : at+storeMaskLen]
	m[0], m[1], m[2] = byte(mask), byte(mask>>8), byte(mask>>16)
}
