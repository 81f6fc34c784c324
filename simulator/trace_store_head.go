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
// events that come in such runs are kept (headRepeats).
type storeHead struct {
	key      canonFront
	mask     uint64
	block    int // the block holding the last event's head, at [from, to)
	from, to int
	ok       bool
}

// encode appends the encoding of e (At relative to prevAt) and of its
// detail d, if not nil, to the last block, buf being its bytes written,
// naming each string by its index in the store's table. The bytes are
// encodeEvent's with the table, whichever way the head is written.
func (st *traceStore) encode(buf []byte, e *Event, d *detail, prevAt time.Duration) []byte {
	h := &st.head
	if !headRepeats(e) {
		// Not worth keeping: encodeEvent, in one function, is faster than
		// the head and the tail apart.
		h.ok = false
		mask := canonMask(e, false)
		if d != nil {
			mask |= fDetailArgs
		}
		return appendStored(buf, e, mask, e.At-prevAt, d, &st.strs)
	}
	mask := canonMask(e, false)
	if d != nil {
		mask |= fDetailArgs
	}
	dAt := e.At - prevAt
	block, start := len(st.blocks)-1, len(buf)
	if h.ok && h.block == block && h.mask == mask && h.key.matches(e, dAt) {
		buf = append(buf, buf[h.from:h.to]...) // within the block: it never reallocates
	} else {
		buf = appendStoredHead(buf, e, mask, dAt, &st.strs)
		h.key.set(e, dAt)
		h.mask, h.block, h.ok = mask, block, true
	}
	h.from, h.to = start, len(buf)
	return appendStoredTail(buf, e, mask, d, &st.strs)
}

// appendStored appends e, with mask, dAt after the event before it, and
// its detail d if not nil, as the store encodes it.
func appendStored(buf []byte, e *Event, mask uint64, dAt time.Duration, d *detail, t *stringTable) []byte {
	return appendStoredTail(appendStoredHead(buf, e, mask, dAt, t), e, mask, d, t)
}

// appendStoredHead appends e's kind, mask, time and fields up to Session
// as the store encodes them.
func appendStoredHead(buf []byte, e *Event, mask uint64, dAt time.Duration, t *stringTable) []byte {
	buf = binary.AppendUvarint(buf, uint64(t.word(string(e.Kind)))+1) // 0 ends a block
	buf = binary.AppendUvarint(buf, mask)
	buf = binary.AppendVarint(buf, int64(dAt))
	buf = appendStoredWord(buf, mask, fActor, string(e.Actor), t)
	buf = appendCanonNum(buf, mask, fProcess, int64(e.Process))
	buf = appendStoredWord(buf, mask, fFrom, e.From, t)
	buf = appendStoredWord(buf, mask, fTo, e.To, t)
	buf = appendStoredWord(buf, mask, fCause, e.Cause, t)
	buf = appendStoredWord(buf, mask, fCallback, string(e.Callback), t)
	buf = appendStoredWord(buf, mask, fQueue, e.Queue, t)
	return appendStoredString(buf, mask, fSession, e.Session, t)
}

// appendStoredTail appends e's fields after Session, and d, as the store
// encodes them.
func appendStoredTail(buf []byte, e *Event, mask uint64, d *detail, t *stringTable) []byte {
	buf = appendCanonNum(buf, mask, fTask, int64(e.Task))
	buf = appendStoredString(buf, mask, fDesc, e.Desc, t)
	buf = appendCanonNum(buf, mask, fBytes, e.Bytes)
	buf = appendCanonNum(buf, mask, fTotal, e.Total)
	buf = appendCanonNum(buf, mask, fExpected, e.Expected)
	buf = appendCanonNum(buf, mask, fCode, int64(e.Code))
	buf = appendStoredWord(buf, mask, fReason, e.Reason, t)
	buf = appendStoredText(buf, mask, fWhere, e.Where, false, t)
	buf = appendStoredText(buf, mask, fDetail, e.Detail, e.Kind == KindSessionCallback, t)
	buf = appendStoredWord(buf, mask, fRule, string(e.Rule), t)
	buf = appendCanonNum(buf, mask, fBGTask, int64(e.BGTask))
	if d != nil {
		buf = encodeDetail(buf, d, t)
	}
	return buf
}

// appendStoredWord appends the id of s, a field mostly of the
// vocabulary's words, if mask has bit.
func appendStoredWord(buf []byte, mask, bit uint64, s string, t *stringTable) []byte {
	if mask&bit == 0 {
		return buf
	}
	return binary.AppendUvarint(buf, uint64(t.word(s)))
}

// appendStoredText appends s, text unlikely to be seen again (a log
// line, a path), if mask has bit: inline, its length and its bytes, which
// costs less than looking it up in the table, as a string repeated would
// be (appendStoredString), to find nothing and add it there; but as its
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

// appendStoredString appends the id of s, a string of the run's own that
// other events repeat (a session's identifier, a task's description), if
// mask has bit.
func appendStoredString(buf []byte, mask, bit uint64, s string, t *stringTable) []byte {
	if mask&bit == 0 {
		return buf
	}
	return binary.AppendUvarint(buf, uint64(t.id(s)))
}
