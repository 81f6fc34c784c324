package simulator

import (
	"encoding/binary"
	"time"
	"unsafe"
)

// canonEncoder writes events one after another in the canonical form, the
// bytes the trace hash reads: what encodeEvent writes without a string
// table (TestCanonEncoderMatchesEncodeEvent holds it to that). The hash sinks encode
// every event, and a run of thousands of moving tasks emits one progress
// event per task per second whose first fields (kind, actor, process,
// callback, queue, session) are those of the event before, at the same
// instant: their bytes, still at the start of buf, are kept rather than
// written again. The fields are the same when their strings are the same
// bytes (address and length): the callers name them by the same
// constants and the same session's identifier, and a string that is only
// equal is written again, which changes nothing but the time it takes.
type canonEncoder struct {
	buf    []byte
	head   int        // bytes of buf that encode key's fields; 0: none kept (headRepeats)
	key    canonFront // the fields of the event encoded last, up to Session
	maskOf uint64     // that event's mask
	inRun  bool       // the last event was of those that come in runs (headRepeats)
}

// canonFront is the part of an event that its canonical encoding's head
// depends on, besides its mask.
type canonFront struct {
	dAt                                   time.Duration
	process                               int
	kind, actor, from, to, cause, cb, que string
	session                               string
}

// encode returns the canonical encoding of e (At relative to prevAt), with
// text, if not nil, standing for e.Detail. It is valid until the next call.
func (c *canonEncoder) encode(e *Event, prevAt time.Duration, text []byte) []byte {
	mask := canonMask(e, len(text) > 0)
	detail := e.Detail
	if text != nil {
		detail = unsafe.String(unsafe.SliceData(text), len(text)) // only appended from, below
	}
	dAt := e.At - prevAt
	var buf []byte
	if c.head > 0 && mask == c.maskOf && c.key.matches(e, dAt) {
		buf = c.buf[:c.head]
	} else {
		buf = appendCanonHead(c.buf[:0], e, mask, dAt)
		c.head = 0
		repeats := headRepeats(e)
		if repeats && c.inRun { // the second of a run on: most such events come alone
			c.head, c.maskOf = len(buf), mask
			c.key.set(e, dAt)
		}
		c.inRun = repeats
	}
	buf = appendCanonTail(buf, e, mask, detail)
	c.buf = buf
	return buf
}

// headRepeats reports whether e is of the events that come in runs with
// the same head: a session's delegate callbacks, above all a progress
// tick's DidWriteData for every moving task. Keeping the head of any other
// event would cost more than it saves: its strings written into the key,
// a heap object, with a write barrier each while the GC runs.
func headRepeats(e *Event) bool { return e.Kind == KindSessionCallback }

// matches reports whether e, dAt after the event before it, has the
// fields k was set from, as the same bytes.
func (k *canonFront) matches(e *Event, dAt time.Duration) bool {
	return dAt == k.dAt && e.Process == k.process &&
		sameBytes(string(e.Kind), k.kind) && sameBytes(string(e.Actor), k.actor) &&
		sameBytes(e.From, k.from) && sameBytes(e.To, k.to) && sameBytes(e.Cause, k.cause) &&
		sameBytes(string(e.Callback), k.cb) && sameBytes(e.Queue, k.que) && sameBytes(e.Session, k.session)
}

// set remembers e's fields up to Session, and dAt.
func (k *canonFront) set(e *Event, dAt time.Duration) {
	*k = canonFront{dAt: dAt, process: e.Process, kind: string(e.Kind), actor: string(e.Actor),
		from: e.From, to: e.To, cause: e.Cause, cb: string(e.Callback), que: e.Queue, session: e.Session}
}

// sameBytes reports whether a and b are the same bytes in memory: then,
// strings being immutable, they are equal without being compared.
func sameBytes(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.StringData(a) == unsafe.StringData(b))
}

// canonMask is the mask of e's encoding: which fields are present, the
// detail if e has one or if text stands for it (encodeEvent's rule).
func canonMask(e *Event, text bool) uint64 {
	var mask uint64
	set := func(bit uint64, present bool) {
		if present {
			mask |= bit
		}
	}
	set(fActor, e.Actor != "")
	set(fProcess, e.Process != 0)
	set(fFrom, e.From != "")
	set(fTo, e.To != "")
	set(fCause, e.Cause != "")
	set(fCallback, e.Callback != "")
	set(fQueue, e.Queue != "")
	set(fSession, e.Session != "")
	set(fTask, e.Task != 0)
	set(fDesc, e.Desc != "")
	set(fBytes, e.Bytes != 0)
	set(fTotal, e.Total != 0)
	set(fExpected, e.Expected != 0)
	set(fCode, e.Code != 0)
	set(fReason, e.Reason != "")
	set(fWhere, e.Where != "")
	set(fDetail, e.Detail != "" || text)
	set(fRule, e.Rule != "")
	set(fBGTask, e.BGTask != 0)
	return mask
}

// appendCanonHead appends the encoding of e's kind, mask, time and fields
// up to Session.
func appendCanonHead(buf []byte, e *Event, mask uint64, dAt time.Duration) []byte {
	buf = appendCanonString(buf, string(e.Kind))
	buf = appendUvarint(buf, mask)
	buf = appendVarint(buf, int64(dAt))
	buf = appendCanonField(buf, mask, fActor, string(e.Actor))
	buf = appendCanonNum(buf, mask, fProcess, int64(e.Process))
	buf = appendCanonField(buf, mask, fFrom, e.From)
	buf = appendCanonField(buf, mask, fTo, e.To)
	buf = appendCanonField(buf, mask, fCause, e.Cause)
	buf = appendCanonField(buf, mask, fCallback, string(e.Callback))
	buf = appendCanonField(buf, mask, fQueue, e.Queue)
	return appendCanonField(buf, mask, fSession, e.Session)
}

// appendCanonTail appends the encoding of e's fields after Session.
func appendCanonTail(buf []byte, e *Event, mask uint64, detail string) []byte {
	buf = appendCanonNum(buf, mask, fTask, int64(e.Task))
	buf = appendCanonField(buf, mask, fDesc, e.Desc)
	buf = appendCanonNum(buf, mask, fBytes, e.Bytes)
	buf = appendCanonNum(buf, mask, fTotal, e.Total)
	buf = appendCanonNum(buf, mask, fExpected, e.Expected)
	buf = appendCanonNum(buf, mask, fCode, int64(e.Code))
	buf = appendCanonField(buf, mask, fReason, e.Reason)
	buf = appendCanonField(buf, mask, fWhere, e.Where)
	buf = appendCanonField(buf, mask, fDetail, detail)
	buf = appendCanonField(buf, mask, fRule, string(e.Rule))
	return appendCanonNum(buf, mask, fBGTask, int64(e.BGTask))
}

// appendCanonField appends s if mask has bit.
func appendCanonField(buf []byte, mask, bit uint64, s string) []byte {
	if mask&bit == 0 {
		return buf
	}
	return appendCanonString(buf, s)
}

// appendCanonNum appends v if mask has bit.
func appendCanonNum(buf []byte, mask, bit uint64, v int64) []byte {
	if mask&bit == 0 {
		return buf
	}
	if uint64(v+64) < 128 { // a varint of one byte, as binary.AppendVarint writes it
		return append(buf, byte(v<<1)^byte(v>>63))
	}
	return binary.AppendVarint(buf, v)
}

// appendCanonString appends s as its length, a varint, and its bytes.
func appendCanonString(buf []byte, s string) []byte {
	if len(s) < 0x80 {
		buf = append(buf, byte(len(s)))
	} else {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
	}
	return append(buf, s...)
}

// appendUvarint is binary.AppendUvarint, inlined for the values of up
// to three bytes, all of an event's but large numbers: ids of words and
// strings (the vocabulary's words past the 127th take two) and masks (a
// session's callback sets fSession, the eighth bit; a detail fDetail, the
// seventeenth: three bytes). Each is one append, one check of the
// capacity, where binary.AppendUvarint loops a byte at a time: with the
// time's appendVarint, about 900 instructions less for a walkthrough's
// hash (appendCanonHead, BenchmarkTraceReplay/keep=hash).
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
