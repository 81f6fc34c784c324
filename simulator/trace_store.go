package simulator

import (
	"encoding/binary"
	"slices"
	"sync/atomic"
	"time"
)

// traceStore keeps a run's events compactly: each event is encoded as a
// few bytes (varints, with the strings that events repeat replaced by the
// index of their one stored copy, and text seldom seen twice, a log line,
// written inline) into fixed-size blocks that are filled and never
// regrown, so a long trace neither copies itself as it grows nor holds
// spare capacity beyond its last block. An event of progress takes about
// 30 bytes instead of the 260 of an Event. Events are decoded back into
// Event values when read, in order; their inline text is read where it
// lies in its block, not copied.
//
// One goroutine writes; any goroutine may read what was published (see
// published), because nothing a reader can reach is ever modified: a block
// is made at its full size and only the bytes past those published are
// written, the string table grows by chunks that are never reallocated,
// and the lists of blocks and chunks are only ever appended to: a slice of
// them published earlier still reads the same elements, since an append
// writes past its length (or into a new array), never below it.
type traceStore struct {
	blocks [][]byte // each made at its full length; unused tail bytes stay 0
	// blocksBuf is the first blocks' list: 2, not 4, its 48 bytes the
	// first block's (a third block, past 5 KB of trace, makes a list).
	blocksBuf [2][]byte
	last      []byte        // the last block, at its full length
	w         int           // bytes written in the last block
	n         int           // events stored
	prevAt    time.Duration // At of the last event encoded: times are stored as deltas
	// session and desc are the Session and Desc of the last event that
	// had one (fSessionAgain, fDescAgain). Held, their bytes cannot be
	// reused for another string while they are remembered, so the same
	// address and length is the same string.
	session, desc string
	pub           atomic.Pointer[traceView]
	pubN          atomic.Int64
	// firstView is the first view published, part of the store: like
	// every view, never written again once published.
	firstView traceView

	// The decoded events, kept once read so that reading the trace again
	// after more events costs only the new ones.
	decoded []Event
	rd      readPos // where the first event not decoded yet starts

	// strs is the last of the fields with pointers, its cache, which
	// holds none, after them (stringCacheEntry): the collector's scan of
	// the store stops at the cache.
	strs stringTable

	// firstBlock is the first block, part of the store: one allocation
	// for a short run's trace rather than two. Last, after every pointer,
	// so that the collector's scan of the store stops before it.
	firstBlock [traceFirstBlock]byte
}

const (
	// Blocks start small, so a short run holds little, and double up to
	// traceBlockSize; a block once made is never regrown or copied. The
	// first is part of the store, whose other fields it fills up to the
	// 2,048-byte malloc size class with the 8-byte header the allocator
	// puts before an object of pointers over 512 bytes
	// (TestTraceStoreFillsItsSizeClass): it holds a walkthrough's 62
	// events (1,068 bytes, the app's text inline, the simulator's fixed
	// text as words: textWords; and, before each event, the room its
	// fields can take: 1,164 bytes at most, maxEncodedLine and its kin,
	// TestWalkthroughTraceFitsTheStoresFirstBlock). (At 4,096 bytes the
	// store took the 4,864-byte class with its header; at 1,912, with a
	// string cache of 32 entries, a first chunk of 32 strings and the
	// walkthrough's 1,445 bytes, the 3,456-byte one; at 1,272, with a
	// cache of 16 and every event asking for the room of add's fields,
	// the 2,304-byte one: every new Sim 256 bytes more to allocate and
	// clear.) The next are made on size classes, 4 KB, 8 KB, ... up to
	// traceBlockSize.
	traceFirstBlock  = 1192
	traceSecondBlock = 4 << 10
	traceBlockSize   = 64 << 10
	// maxEncodedEvent bounds the encoding of one event but for the bytes
	// of its inline text (Where, Detail) and its detail kept as a format
	// and arguments (detail.encodedBound): its kind, mask and time, 10
	// string ids (uint32s: actor, from, to, cause, callback, queue,
	// session, desc, reason, rule), 2 lengths of inline text (or ids) and
	// 7 numbers (pid, task, bytes, total, expected, code, bgtask).
	maxEncodedEvent = binary.MaxVarintLen32 + storeMaskLen + 8 + 10*binary.MaxVarintLen32 +
		2*binary.MaxVarintLen64 + 7*binary.MaxVarintLen64
	// maxEncodedDetailHead and maxEncodedArg bound putDetail's bytes but
	// for its inline strings (detail.encodedBound): the format and the
	// count, then each argument's kind and at most three varints.
	maxEncodedDetailHead = 2 * binary.MaxVarintLen64
	maxEncodedArg        = 1 + 3*binary.MaxVarintLen64
)

// Bits of an encoded event's mask: which fields are present. At and Kind
// always are.
const (
	fActor = 1 << iota
	fProcess
	fFrom
	fTo
	fCause
	fCallback
	fQueue
	fSession
	fTask
	fDesc
	fBytes
	fTotal
	fExpected
	fCode
	fReason
	fWhere
	fDetail
	fRule
	fBGTask // after the others, so the bits of the fields before it keep their values
	// fDetailArgs: the detail is kept as its format and arguments, to
	// render when read (trace_detail.go); only in the store, never in the
	// canonical form.
	fDetailArgs
)

// encodeEvent appends the canonical encoding of e to buf, the bytes the
// trace hash reads: strings are written as their length and bytes, so it
// does not depend on the order strings were first seen in, and every sink
// hashes alike. A detail comes rendered, as text, which stands for
// e.Detail if not nil.
func encodeEvent(buf []byte, e *Event, prevAt time.Duration, text []byte) []byte {
	var mask uint64
	str := func(bit uint64, s string) {
		if s != "" {
			mask |= bit
		}
	}
	str(fActor, string(e.Actor))
	str(fFrom, e.From)
	str(fTo, e.To)
	str(fCause, e.Cause)
	str(fCallback, string(e.Callback))
	str(fQueue, e.Queue)
	str(fSession, e.Session)
	str(fDesc, e.Desc)
	str(fReason, e.Reason)
	str(fWhere, e.Where)
	str(fDetail, e.Detail)
	if len(text) > 0 {
		mask |= fDetail
	}
	str(fRule, string(e.Rule))
	if e.Process != 0 {
		mask |= fProcess
	}
	if e.Task != 0 {
		mask |= fTask
	}
	if e.BGTask != 0 {
		mask |= fBGTask
	}
	if e.Bytes != 0 {
		mask |= fBytes
	}
	if e.Total != 0 {
		mask |= fTotal
	}
	if e.Expected != 0 {
		mask |= fExpected
	}
	if e.Code != 0 {
		mask |= fCode
	}
	// It is written apart from canonEncoder's, field by field, for the
	// tests to hold that one to (TestCanonEncoderMatchesEncodeEvent).
	appendStr := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	appendStr(string(e.Kind))
	buf = binary.AppendUvarint(buf, mask)
	buf = binary.AppendVarint(buf, int64(e.At-prevAt))
	put := func(bit uint64, s string) {
		if mask&bit != 0 {
			appendStr(s)
		}
	}
	num := func(bit uint64, v int64) {
		if mask&bit != 0 {
			buf = binary.AppendVarint(buf, v)
		}
	}
	put(fActor, string(e.Actor))
	num(fProcess, int64(e.Process))
	put(fFrom, e.From)
	put(fTo, e.To)
	put(fCause, e.Cause)
	put(fCallback, string(e.Callback))
	put(fQueue, e.Queue)
	put(fSession, e.Session)
	num(fTask, int64(e.Task))
	put(fDesc, e.Desc)
	num(fBytes, e.Bytes)
	num(fTotal, e.Total)
	num(fExpected, e.Expected)
	num(fCode, int64(e.Code))
	put(fReason, e.Reason)
	put(fWhere, e.Where)
	if text != nil {
		if mask&fDetail != 0 {
			buf = binary.AppendUvarint(buf, uint64(len(text)))
			buf = append(buf, text...)
		}
	} else {
		put(fDetail, e.Detail)
	}
	put(fRule, string(e.Rule))
	num(fBGTask, int64(e.BGTask))
	return buf
}

// traceView is what a reader on another goroutine may read: the blocks and
// string chunks as of some moment, none of which is modified afterwards
// below the published count of events.
type traceView struct {
	blocks [][]byte
	chunks [][]string
}

// newBlock adds a block with room for need bytes, and publishes it.
func (st *traceStore) newBlock(need int) {
	if st.blocks == nil {
		st.blocks = st.blocksBuf[:0] // the first blocks' list is part of the store
		st.strs.start()              // published with the first block: one view, the store's own
	}
	var b []byte
	if n := len(st.blocks); n == 0 && need <= len(st.firstBlock) {
		b = st.firstBlock[:]
	} else {
		size := traceBlockSize
		if n > 0 && n <= 5 {
			size = traceSecondBlock << (n - 1)
		}
		b = make([]byte, max(size, need)) // text longer than a block has one of its own
	}
	st.blocks = append(st.blocks, b)
	st.last, st.w = b, 0
	st.publishView()
}

// publishView publishes the blocks and string chunks as they are now.
func (st *traceStore) publishView() {
	st.strs.grew = false
	v := &st.firstView
	if st.pub.Load() != nil {
		v = new(traceView)
	}
	*v = traceView{blocks: st.blocks, chunks: st.strs.chunks}
	st.pub.Store(v)
}

// events returns every stored event, decoding those not read before.
func (st *traceStore) events() []Event {
	// Grown once to the events stored, not doubled as they are decoded:
	// doubling would allocate twice what the trace takes.
	st.decoded = slices.Grow(st.decoded, st.n-len(st.decoded))
	for n := len(st.decoded); n < st.n; n++ {
		st.decoded = st.decoded[:n+1]
		decodeNext(&st.decoded[n], st.blocks, st.strs.chunks, &st.rd)
		st.decoded[n].Seq = n + 1
	}
	return st.decoded[:st.n:st.n]
}

// published decodes the events published so far, into new values. Unlike
// events, it may be called from any goroutine while the run goes on.
func (st *traceStore) published() []Event {
	if st == nil {
		return nil // a run that keeps no store (KeepHash, KeepLast, KeepNone)
	}
	n := int(st.pubN.Load())
	v := st.pub.Load()
	if v == nil || n == 0 {
		return nil
	}
	out := make([]Event, n)
	var pos readPos
	for i := range out {
		decodeNext(&out[i], v.blocks, v.chunks, &pos)
		out[i].Seq = i + 1
	}
	return out
}

// readPos is where an event starts in the store, with what its decoding
// needs of the events before it: their last time (times are stored as
// deltas), and the last Session and Desc an event had (an event that
// names the same again stores no id: fSessionAgain, fDescAgain).
type readPos struct {
	block, offset int
	at            time.Duration
	session, desc string
}

// decodeNext decodes the event at pos into e, moving to the next block
// where the current one ends (a zero byte: no kind is encoded as 0), and
// moves pos to where the next starts. Decoded in place, where the caller
// keeps it: an Event is 240 bytes, and returned by value through
// decodeEvent and decodeNext, then appended, each event was copied four
// times, about 600 instructions of a read's 800 (BenchmarkChaos's
// sim.Trace, ~180 events a seed).
func decodeNext(e *Event, blocks [][]byte, chunks [][]string, pos *readPos) {
	for pos.offset == len(blocks[pos.block]) || blocks[pos.block][pos.offset] == 0 {
		pos.block, pos.offset = pos.block+1, 0
	}
	pos.offset += decodeEvent(e, blocks[pos.block][pos.offset:], pos, chunks)
}

// decodeEvent reads one event from b, after those pos says, into e, every
// field of which it sets but Seq; it returns the event's size, and updates
// pos's time, session and description.
func decodeEvent(e *Event, b []byte, pos *readPos, chunks [][]string) int {
	r := varints{b: b}
	e.Kind = Kind(stringAt(chunks, r.u()-1)) // kinds are stored +1: 0 ends a block
	mask := uint64(r.b[r.i]) | uint64(r.b[r.i+1])<<8 | uint64(r.b[r.i+2])<<16
	r.i += storeMaskLen
	e.At = pos.at
	switch {
	case mask&fAtLong != 0:
		e.At += time.Duration(binary.LittleEndian.Uint64(r.b[r.i:]))
		r.i += 8
	case mask&fAt != 0:
		e.At += time.Duration(binary.LittleEndian.Uint32(r.b[r.i:]))
		r.i += 4
	}
	get := func(bit uint64) string {
		if mask&bit == 0 {
			return ""
		}
		return stringAt(chunks, r.u())
	}
	num := func(bit uint64) int64 {
		if mask&bit == 0 {
			return 0
		}
		return r.s()
	}
	e.Actor = Actor(get(fActor))
	e.Process = int(num(fProcess))
	e.From = get(fFrom)
	e.To = get(fTo)
	e.Cause = get(fCause)
	e.Callback = Callback(get(fCallback))
	e.Queue = get(fQueue)
	e.Session = ""
	if mask&fSession != 0 {
		if mask&fSessionAgain == 0 {
			pos.session = stringAt(chunks, r.u())
		}
		e.Session = pos.session
	}
	e.Task = int(num(fTask))
	e.Desc = ""
	if mask&fDesc != 0 {
		if mask&fDescAgain == 0 {
			pos.desc = stringAt(chunks, r.u())
		}
		e.Desc = pos.desc
	}
	e.Bytes = num(fBytes)
	e.Total = num(fTotal)
	e.Expected = num(fExpected)
	e.Code = int(num(fCode))
	e.Reason = get(fReason)
	e.Where = r.text(mask, fWhere, chunks)
	e.Detail = r.text(mask, fDetail, chunks)
	e.Rule = Rule(get(fRule))
	e.BGTask = int(num(fBGTask))
	if mask&fDetailArgs != 0 {
		text, n := decodeDetail(b[r.i:], chunks)
		e.Detail, r.i = text, r.i+n
	}
	pos.at = e.At
	return r.i
}
