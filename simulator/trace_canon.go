package simulator

import (
	"encoding/binary"
	"math/bits"
	"time"
	"unsafe"
)

// canonEncoder writes events one after another in the canonical form, the
// bytes the trace hash reads: what encodeEvent writes without a string
// table (TestCanonEncoderMatchesEncodeEvent holds it to that). It writes
// an event in one pass over its fields, as the store does (traceStore.add):
// each field present is written and its bit set in the mask as it goes,
// after room left for the kind and the mask, which are written last, just
// before the fields, where the encoding then starts. (A pass of its own
// over the 19 fields for the mask, then each bit tested again to append
// the fields, cost more: with the numbers below written by appendUvarint,
// a walkthrough's encodings and hashes took 42,400 instructions against
// 40,200 (WalkthroughParts/keep=hash), a progress event's 854 against
// 763 (BenchmarkCanonical/canonEncoder+hash).) The same lines stand at
// each field on purpose: helpers returning buf and mask, which the
// compiler does not inline, cost a walkthrough 4,600 instructions more.
//
// The hash sinks encode every event, and a run of thousands of moving tasks
// emits one progress event per task per second whose first fields (kind,
// actor, process, callback, queue, session) are those of the event before,
// at the same instant: their bytes, still in buf, are kept rather than
// written again. The fields are the same when their strings are the same
// bytes (address and length): the callers name them by the same constants
// and the same session's identifier, and a string that is only equal is
// written again, which changes nothing but the time it takes.
type canonEncoder struct {
	buf  []byte
	head int        // where the fields of key end in buf; 0: none kept (headRepeats)
	key  canonFront // the fields of the event encoded last, up to Session
	// headMask is the key's bits in the mask; mask the mask of the event
	// encoded last, after its kind in buf. A mask's 19 bits fit in 32: 8
	// bytes more would take the sinkHasher to a larger size class.
	headMask, mask uint32
	inRun          bool // the last event was of those that come in runs (headRepeats)
}

// canonFront is the part of an event that its canonical encoding's head
// depends on: the time and the fields up to Session. The kind's bytes,
// the same, leave the fields where they were.
type canonFront struct {
	dAt                                   time.Duration
	process                               int
	kind, actor, from, to, cause, cb, que string
	session                               string
}

// encode returns the canonical encoding of e (At relative to prevAt), with
// text, if not nil, standing for e.Detail. It is valid until the next call.
func (c *canonEncoder) encode(e *Event, prevAt time.Duration, text []byte) []byte {
	// The fields start after the kind and 3 bytes for the mask; the kind,
	// the same bytes when the head is kept, leaves them where they were.
	kind := string(e.Kind)
	fields := uvarintLen(uint64(len(kind))) + len(kind) + 3
	if cap(c.buf) < fields {
		c.buf, c.head = make([]byte, 0, 2*fields), 0
	}
	dAt := e.At - prevAt
	var buf []byte
	var mask uint64
	kept := c.head > 0 && c.key.matches(e, dAt)
	if kept {
		buf, mask = c.buf[:c.head], uint64(c.headMask)
	} else {
		buf = appendVarint(c.buf[:fields], int64(dAt))
		if s := string(e.Actor); s != "" {
			mask |= fActor
			buf = appendCanonString(buf, s)
		}
		if v := e.Process; v != 0 {
			mask |= fProcess
			buf = appendVarint(buf, int64(v))
		}
		if s := e.From; s != "" {
			mask |= fFrom
			buf = appendCanonString(buf, s)
		}
		if s := e.To; s != "" {
			mask |= fTo
			buf = appendCanonString(buf, s)
		}
		if s := e.Cause; s != "" {
			mask |= fCause
			buf = appendCanonString(buf, s)
		}
		if s := string(e.Callback); s != "" {
			mask |= fCallback
			buf = appendCanonString(buf, s)
		}
		if s := e.Queue; s != "" {
			mask |= fQueue
			buf = appendCanonString(buf, s)
		}
		if s := e.Session; s != "" {
			mask |= fSession
			buf = appendCanonString(buf, s)
		}
		c.head = 0
		repeats := headRepeats(e)
		if repeats && c.inRun { // the second of a run on: most such events come alone
			c.head, c.headMask = len(buf), uint32(mask)
			c.key.set(e, dAt)
		}
		c.inRun = repeats
	}
	if v := e.Task; v != 0 {
		mask |= fTask
		buf = appendUvarint(buf, zigzag(int64(v)))
	}
	if s := e.Desc; s != "" {
		mask |= fDesc
		buf = appendCanonString(buf, s)
	}
	if v := e.Bytes; v != 0 {
		mask |= fBytes
		buf = appendUvarint(buf, zigzag(v))
	}
	if v := e.Total; v != 0 {
		mask |= fTotal
		buf = appendUvarint(buf, zigzag(v))
	}
	if v := e.Expected; v != 0 {
		mask |= fExpected
		buf = appendUvarint(buf, zigzag(v))
	}
	if v := e.Code; v != 0 {
		mask |= fCode
		buf = appendUvarint(buf, zigzag(int64(v)))
	}
	if s := e.Reason; s != "" {
		mask |= fReason
		buf = appendCanonString(buf, s)
	}
	if s := e.Where; s != "" {
		mask |= fWhere
		buf = appendCanonString(buf, s)
	}
	if e.Detail != "" || len(text) > 0 { // encodeEvent's rule: text stands for a detail
		mask |= fDetail
		detail := e.Detail
		if text != nil {
			detail = unsafe.String(unsafe.SliceData(text), len(text)) // only appended from
		}
		buf = appendCanonString(buf, detail)
	}
	if s := string(e.Rule); s != "" {
		mask |= fRule
		buf = appendCanonString(buf, s)
	}
	if v := e.BGTask; v != 0 {
		mask |= fBGTask
		buf = appendUvarint(buf, zigzag(int64(v)))
	}
	c.buf = buf
	// The kind and the mask end where the fields start, written in place:
	// a mask shorter than 3 bytes leaves the first bytes of buf unused.
	// An event whose head was kept has the kind of the event before it:
	// with its mask too, their bytes are already there.
	start := 3 - uvarintLen(mask)
	if !kept || mask != uint64(c.mask) {
		appendUvarint(appendCanonString(buf[start:start], kind), mask)
		c.mask = uint32(mask)
	}
	return buf[start:]
}

// zigzag maps v to the uvarint that binary.AppendVarint writes for it:
// appendUvarint(buf, zigzag(v)) writes a number of two or three bytes (a
// progress event's bytes and totals) in line, where appendVarint calls
// binary's loop.
func zigzag(v int64) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

// uvarintLen is the number of bytes of v as a uvarint.
func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

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
