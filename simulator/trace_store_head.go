package simulator

import (
	"encoding/binary"
	"time"
)

// storeHead is what the store keeps of the event it stored last to encode
// the next one faster: a progress tick stores one event per moving task,
// each with the kind, actor, process, callback, queue and session of the
// one before it, at the same instant. Those fields come first in the
// encoding (the head), and their bytes are the same when the fields are
// (canonFront.matches: the same strings have the same ids): the next
// event's head is copied from the last one's rather than encoded again,
// which would look up five strings in the table. Only the heads of the
// events that come in such runs are kept (headRepeats), and only from the
// second event of a run on: most such events come alone (a walkthrough's
// twelve all do), and keeping a head, eight strings written into the key
// with their write barriers, would cost them without paying.
type storeHead struct {
	key      canonFront
	mask     uint64
	block    int // the block holding the last event's head, at [from, to)
	from, to int
	ok       bool // key, mask, block, from and to are the last event's
	inRun    bool // the last event was of those that come in runs
}

// encode appends the encoding of e (At relative to prevAt) and of its
// detail d, if not nil, to the last block, buf being its bytes written,
// naming each string by its index in the store's table. The bytes are
// encodeEvent's with the table, whichever way the head is written.
func (st *traceStore) encode(buf []byte, e *Event, d *detail, prevAt time.Duration) []byte {
	h := &st.head
	mask := canonMask(e, false)
	if d != nil {
		mask |= fDetailArgs
	}
	if !headRepeats(e) {
		h.ok, h.inRun = false, false
		return appendStored(buf, e, mask, e.At-prevAt, d, &st.strs)
	}
	dAt := e.At - prevAt
	block, start := len(st.blocks)-1, len(buf)
	if h.ok && h.block == block && h.mask == mask && h.key.matches(e, dAt) {
		buf = append(buf, buf[h.from:h.to]...) // within the block: it never reallocates
	} else {
		buf = appendStoredHead(buf, e, mask, dAt, &st.strs)
		h.ok = h.inRun // the second of a run on: the next may repeat it
		if h.ok {
			h.key.set(e, dAt)
			h.mask, h.block = mask, block
		}
	}
	h.from, h.to, h.inRun = start, len(buf), true
	return appendStoredTail(buf, e, mask, d, &st.strs)
}

// appendStored appends e, with mask, dAt after the event before it, and
// its detail d if not nil, as the store encodes it.
func appendStored(buf []byte, e *Event, mask uint64, dAt time.Duration, d *detail, t *stringTable) []byte {
	return appendStoredTail(appendStoredHead(buf, e, mask, dAt, t), e, mask, d, t)
}

// appendStoredHead appends e's kind, mask, time and fields up to Session
// as the store encodes them. Every event goes through it and
// appendStoredTail, so the fields are written in line, each word found
// by the inlined wordAt, if it is where its search starts, before
// stringTable.word looks further. The same five lines stand at each word
// on purpose: word itself is too costly for the compiler to inline, and
// calling it for every word costs a walkthrough about 4,300 more
// instructions (BenchmarkTraceReplay/keep=all, 54.4k against 58.7k).
func appendStoredHead(buf []byte, e *Event, mask uint64, dAt time.Duration, t *stringTable) []byte {
	kind, ok := wordAt(string(e.Kind))
	if !ok {
		kind = t.word(string(e.Kind))
	}
	buf = appendUvarint(buf, uint64(kind)+1) // 0 ends a block
	buf = appendUvarint(buf, mask)
	buf = appendVarint(buf, int64(dAt))
	if mask&fActor != 0 {
		id, ok := wordAt(string(e.Actor))
		if !ok {
			id = t.word(string(e.Actor))
		}
		buf = appendUvarint(buf, uint64(id))
	}
	buf = appendCanonNum(buf, mask, fProcess, int64(e.Process))
	if mask&fFrom != 0 {
		id, ok := wordAt(e.From)
		if !ok {
			id = t.word(e.From)
		}
		buf = appendUvarint(buf, uint64(id))
	}
	if mask&fTo != 0 {
		id, ok := wordAt(e.To)
		if !ok {
			id = t.word(e.To)
		}
		buf = appendUvarint(buf, uint64(id))
	}
	if mask&fCause != 0 {
		id, ok := wordAt(e.Cause)
		if !ok {
			id = t.word(e.Cause)
		}
		buf = appendUvarint(buf, uint64(id))
	}
	if mask&fCallback != 0 {
		id, ok := wordAt(string(e.Callback))
		if !ok {
			id = t.word(string(e.Callback))
		}
		buf = appendUvarint(buf, uint64(id))
	}
	if mask&fQueue != 0 {
		id, ok := wordAt(e.Queue)
		if !ok {
			id = t.word(e.Queue)
		}
		buf = appendUvarint(buf, uint64(id))
	}
	if mask&fSession != 0 {
		buf = appendUvarint(buf, uint64(t.id(e.Session)))
	}
	return buf
}

// appendStoredTail appends e's fields after Session, and d, as the store
// encodes them.
func appendStoredTail(buf []byte, e *Event, mask uint64, d *detail, t *stringTable) []byte {
	buf = appendCanonNum(buf, mask, fTask, int64(e.Task))
	if mask&fDesc != 0 {
		buf = appendUvarint(buf, uint64(t.id(e.Desc)))
	}
	buf = appendCanonNum(buf, mask, fBytes, e.Bytes)
	buf = appendCanonNum(buf, mask, fTotal, e.Total)
	buf = appendCanonNum(buf, mask, fExpected, e.Expected)
	buf = appendCanonNum(buf, mask, fCode, int64(e.Code))
	if mask&fReason != 0 {
		id, ok := wordAt(e.Reason)
		if !ok {
			id = t.word(e.Reason)
		}
		buf = appendUvarint(buf, uint64(id))
	}
	buf = appendStoredText(buf, mask, fWhere, e.Where, false, t)
	buf = appendStoredText(buf, mask, fDetail, e.Detail, e.Kind == KindSessionCallback, t)
	if mask&fRule != 0 {
		id, ok := wordAt(string(e.Rule))
		if !ok {
			id = t.word(string(e.Rule))
		}
		buf = appendUvarint(buf, uint64(id))
	}
	buf = appendCanonNum(buf, mask, fBGTask, int64(e.BGTask))
	if d != nil {
		buf = encodeDetail(buf, d, t)
	}
	return buf
}

// appendUvarint is binary.AppendUvarint, inlined for the values of up
// to three bytes, all of an event's but large numbers: ids of words and
// strings (the vocabulary's words past the 127th take two) and masks (a
// session's callback sets fSession, the eighth bit; a detail fDetail, the
// seventeenth: three bytes). Each is one append, one check of the
// capacity, where binary.AppendUvarint loops a byte at a time: with the
// time's appendVarint, about 800 instructions less for a walkthrough's
// store (appendStoredHead, BenchmarkTraceReplay/keep=all) and 900 for its
// hash (appendCanonHead, keep=hash). Inline text's lengths and ids
// (appendStoredText) keep binary's, which costs that call less.
// TestAppendVarintsMatchBinary holds the bytes to binary's.
func appendUvarint(buf []byte, v uint64) []byte {
	if v < 0x80 {
		return append(buf, byte(v))
	}
	if v < 0x4000 {
		return append(buf, byte(v)|0x80, byte(v>>7))
	}
	if v < 0x200000 {
		return append(buf, byte(v)|0x80, byte(v>>7)|0x80, byte(v>>14))
	}
	return binary.AppendUvarint(buf, v)
}

// appendVarint is binary.AppendVarint, inlined for the values of one
// byte: most events' time after the one before, 0 (the same instant).
func appendVarint(buf []byte, v int64) []byte {
	if uint64(v+64) < 128 {
		return append(buf, byte(v<<1)^byte(v>>63))
	}
	return binary.AppendVarint(buf, v)
}

// appendStoredText appends s, text unlikely to be seen again (a log
// line, a path), if mask has bit: inline, its length and its bytes, which
// costs less than looking it up in the table, as a string repeated would
// be, to find nothing and add it there; but as its
// id if it repeats what an event said before (a delegate callback's
// location or error, which daemon.file and task.complete named). The two
// are told apart by the low bit of the varint written first: 1 for a
// length, 0 for an id. Which one is written depends on the event alone,
// not on what the table's cache holds: the store's bytes for an event are
// the same however its head was written (TestTraceStoreHeadMatchesEncodeEvent).
func appendStoredText(buf []byte, mask, bit uint64, s string, repeats bool, t *stringTable) []byte {
	if mask&bit == 0 {
		return buf
	}
	if repeats {
		return binary.AppendUvarint(buf, uint64(t.id(s))<<1)
	}
	buf = binary.AppendUvarint(buf, uint64(len(s))<<1|1)
	return append(buf, s...)
}
