package simulator

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sync/atomic"
	"time"
	"unsafe"
)

// traceStore keeps a run's events compactly: each event is encoded as a
// few bytes (varints, with the strings replaced by the index of their one
// stored copy) into fixed-size blocks that are filled and never regrown, so
// a long trace neither copies itself as it grows nor holds spare capacity
// beyond its last block. An event of progress takes about 30 bytes instead
// of the 260 of an Event. Events are decoded back into Event values when
// read, in order.
//
// One goroutine writes; any goroutine may read what was published (see
// published), because nothing a reader can reach is ever modified: a block
// is made at its full size and only the bytes past those published are
// written, the string table grows by chunks that are never reallocated,
// and the lists of blocks and chunks are only ever appended to: a slice of
// them published earlier still reads the same elements, since an append
// writes past its length (or into a new array), never below it.
type traceStore struct {
	blocks    [][]byte // each made at its full length; unused tail bytes stay 0
	blocksBuf [4][]byte
	w         int // bytes written in the last block
	n         int // events stored
	strs      stringTable
	prevAt    time.Duration // At of the last event encoded: times are stored as deltas
	head      storeHead     // the last event's head, to copy (trace_store_head.go)
	pub       atomic.Pointer[traceView]
	pubN      atomic.Int64
	// firstView is the first view published, part of the store: like
	// every view, never written again once published.
	firstView traceView

	// The decoded events, kept once read so that reading the trace again
	// after more events costs only the new ones.
	decoded  []Event
	rdBlock  int
	rdOffset int
	rdAt     time.Duration
}

const (
	// Blocks start small, so a short run holds little, and double up to
	// traceBlockSize; a block once made is never regrown or copied. The
	// first, a malloc size class, holds a walkthrough's 62 events (about
	// 1,000 bytes, and room for the largest event after them); 2 KB left
	// half of it unused. Doubled, it stays on size classes (3 KB, 6 KB,
	// ...).
	traceFirstBlock = 1536
	traceBlockSize  = 64 << 10
	// maxEncodedEvent bounds the encoding of one event: its kind and mask,
	// 14 strings and 8 numbers as varints of at most 10 bytes, and a
	// detail kept as its format and arguments.
	maxEncodedEvent = 2 + 5 + 22*binary.MaxVarintLen64 + maxEncodedDetail
	// maxEncodedDetail bounds encodeDetail's: the format and the count,
	// then each argument's kind and at most three varints.
	maxEncodedDetail = 2*binary.MaxVarintLen64 + maxDetailArgs*(1+3*binary.MaxVarintLen64)
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

// encodeEvent appends the encoding of e to buf. With a table, strings are
// written as their index in it, and a detail still to render (d, with
// e.Detail empty) as its format and arguments; with none, strings are
// written as their length and bytes, which is the canonical form the trace
// hash reads: it does not depend on the order strings were first seen in,
// so every sink hashes alike. There a detail comes rendered, as text,
// which stands for e.Detail if not nil.
func encodeEvent(buf []byte, e *Event, prevAt time.Duration, table *stringTable, d *detail, text []byte) []byte {
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
	if d != nil {
		mask |= fDetailArgs
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
	// appendStr writes a string of the run's own, appendWord one of the
	// fields whose values are mostly the vocabulary's words.
	appendStr := func(s string) {
		if table != nil {
			buf = binary.AppendUvarint(buf, uint64(table.id(s)))
			return
		}
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	appendWord := func(s string) {
		if table != nil {
			buf = binary.AppendUvarint(buf, uint64(table.word(s)))
			return
		}
		appendStr(s)
	}
	if table != nil {
		buf = binary.AppendUvarint(buf, uint64(table.word(string(e.Kind)))+1) // 0 ends a block
	} else {
		appendStr(string(e.Kind))
	}
	buf = binary.AppendUvarint(buf, mask)
	buf = binary.AppendVarint(buf, int64(e.At-prevAt))
	put := func(bit uint64, s string) {
		if mask&bit != 0 {
			appendStr(s)
		}
	}
	putWord := func(bit uint64, s string) {
		if mask&bit != 0 {
			appendWord(s)
		}
	}
	num := func(bit uint64, v int64) {
		if mask&bit != 0 {
			buf = binary.AppendVarint(buf, v)
		}
	}
	putWord(fActor, string(e.Actor))
	num(fProcess, int64(e.Process))
	putWord(fFrom, e.From)
	putWord(fTo, e.To)
	putWord(fCause, e.Cause)
	putWord(fCallback, string(e.Callback))
	putWord(fQueue, e.Queue)
	put(fSession, e.Session)
	num(fTask, int64(e.Task))
	put(fDesc, e.Desc)
	num(fBytes, e.Bytes)
	num(fTotal, e.Total)
	num(fExpected, e.Expected)
	num(fCode, int64(e.Code))
	putWord(fReason, e.Reason)
	put(fWhere, e.Where)
	if text != nil {
		if mask&fDetail != 0 {
			buf = binary.AppendUvarint(buf, uint64(len(text)))
			buf = append(buf, text...)
		}
	} else {
		put(fDetail, e.Detail)
	}
	putWord(fRule, string(e.Rule))
	num(fBGTask, int64(e.BGTask))
	if d != nil {
		buf = encodeDetail(buf, d, table)
	}
	return buf
}

// traceView is what a reader on another goroutine may read: the blocks and
// string chunks as of some moment, none of which is modified afterwards
// below the published count of events.
type traceView struct {
	blocks [][]byte
	chunks [][]string
}

// add stores e, with its detail d to render when read if not nil, and
// publishes it.
func (st *traceStore) add(e *Event, d *detail) {
	last := len(st.blocks) - 1
	grew := st.strs.grew
	if last < 0 || len(st.blocks[last])-st.w < maxEncodedEvent {
		size := traceFirstBlock
		if last >= 0 {
			size = min(2*len(st.blocks[last]), traceBlockSize)
		}
		if st.blocks == nil {
			st.blocks = st.blocksBuf[:0] // the first blocks' list is part of the store
		}
		st.blocks = append(st.blocks, make([]byte, size))
		last, st.w, grew = last+1, 0, true
	}
	b := st.encode(st.blocks[last][:st.w], e, d, st.prevAt)
	st.w = len(b)
	st.prevAt = e.At
	st.n++
	if grew || st.strs.grew {
		st.strs.grew = false
		v := &st.firstView
		if st.pub.Load() != nil {
			v = new(traceView)
		}
		*v = traceView{blocks: st.blocks, chunks: st.strs.chunks}
		st.pub.Store(v)
	}
	st.pubN.Store(int64(st.n))
}

// events returns every stored event, decoding those not read before.
func (st *traceStore) events() []Event {
	// Grown once to the events stored, not doubled as they are decoded:
	// doubling would allocate twice what the trace takes.
	st.decoded = slices.Grow(st.decoded, st.n-len(st.decoded))
	for len(st.decoded) < st.n {
		e, next := decodeNext(st.blocks, st.strs.chunks, st.rdBlock, st.rdOffset, st.rdAt)
		e.Seq = len(st.decoded) + 1
		st.rdBlock, st.rdOffset, st.rdAt = next.block, next.offset, e.At
		st.decoded = append(st.decoded, e)
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
	out := make([]Event, 0, n)
	pos, at := readPos{}, time.Duration(0)
	for len(out) < n {
		var e Event
		e, pos = decodeNext(v.blocks, v.chunks, pos.block, pos.offset, at)
		e.Seq = len(out) + 1
		at = e.At
		out = append(out, e)
	}
	return out
}

type readPos struct{ block, offset int }

// decodeNext decodes the event at (block, offset), moving to the next
// block where the current one ends (a zero byte: no kind is encoded as 0).
func decodeNext(blocks [][]byte, chunks [][]string, block, offset int, prevAt time.Duration) (Event, readPos) {
	for offset == len(blocks[block]) || blocks[block][offset] == 0 {
		block, offset = block+1, 0
	}
	e, size := decodeEvent(blocks[block][offset:], prevAt, chunks)
	return e, readPos{block, offset + size}
}

// decodeEvent reads one event from b; it returns the event and its size.
func decodeEvent(b []byte, prevAt time.Duration, chunks [][]string) (Event, int) {
	var e Event
	r := varints{b: b}
	e.Kind = Kind(stringAt(chunks, r.u()-1)) // kinds are stored +1: 0 ends a block
	mask := r.u()
	e.At = prevAt + time.Duration(r.s())
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
	e.Session = get(fSession)
	e.Task = int(num(fTask))
	e.Desc = get(fDesc)
	e.Bytes = num(fBytes)
	e.Total = num(fTotal)
	e.Expected = num(fExpected)
	e.Code = int(num(fCode))
	e.Reason = get(fReason)
	e.Where = get(fWhere)
	e.Detail = get(fDetail)
	e.Rule = Rule(get(fRule))
	e.BGTask = int(num(fBGTask))
	if mask&fDetailArgs != 0 {
		text, n := decodeDetail(b[r.i:], chunks)
		e.Detail, r.i = text, r.i+n
	}
	return e, r.i
}

// stringTable stores each distinct string of a trace once and names it by
// its index. Most strings of an event are the same constants over and
// over (kinds, actors, callbacks, queues) or the very string a recent event
// had (a session's identifier, a task's description), so a small cache
// keyed by the string's address answers most lookups without hashing. The
// cache only remembers the addresses of the table's own copies, which the
// table keeps alive: a string at such an address with that length is that
// string, whereas a temporary's address could later hold other bytes.
//
// The chunks start small and double up to stringChunk strings (64, 64,
// 128, 256, 512, 1024, 1024, ...), so a short run does not make and clear a big
// chunk it barely uses; a chunk once made is never reallocated.
type stringTable struct {
	chunks    [][]string // never reallocated; sizes as chunkOf says
	chunksBuf [4][]string
	n         int         // strings stored
	grew      bool        // a chunk was added since the store last published
	index     stringIndex // finds an own string's position (trace_strindex.go)
	cache     [64]stringCacheEntry
}

const (
	firstStringChunk = 64   // strings in the first chunk (a power of 2)
	stringChunk      = 1024 // strings in every chunk once they stop doubling
)

// chunkOf says where string id is kept: chunk c, index i within it.
// It takes the index of a run's own string (its id less the vocabulary's
// and 1). Chunk 0 holds indexes [0, 64); then chunk k holds
// [64<<(k-1), 64<<k) up to 1024, and every chunk after that 1024.
func chunkOf(id uint64) (c int, i uint64) {
	const firstBits = 6 // log2(firstStringChunk)
	switch {
	case id < firstStringChunk:
		return 0, id
	case id < stringChunk:
		b := bits.Len64(id) - 1
		return b - firstBits + 1, id - 1<<b
	}
	return int(id/stringChunk) + (10 - firstBits), id % stringChunk // 10 = log2(stringChunk)
}

// stringCacheEntry is 16 bytes, not 24 with an int length: the cache is
// the largest part of a Sim's trace sink, and the smaller entries put a
// short run's sink in a smaller size class. A string longer than a uint32
// counts is never cached (lookup), so len is always its exact length.
type stringCacheEntry struct {
	ptr *byte
	len uint32
	id  uint32
}

// id names s, a string of the run's own (an identifier, a URL, a detail).
func (t *stringTable) id(s string) uint32 { return t.lookup(s, false) }

// word names s, a value of a field whose values are mostly the
// vocabulary's words (a kind, a rule, a state): those have fixed ids.
func (t *stringTable) word(s string) uint32 { return t.lookup(s, true) }

func (t *stringTable) lookup(s string, word bool) uint32 {
	if s == "" {
		return 0
	}
	if word {
		if id, ok := vocabulary.idByAddr(s); ok {
			return id
		}
	}
	p := unsafe.StringData(s)
	slot := &t.cache[(uintptr(unsafe.Pointer(p))>>3^uintptr(len(s)))%uintptr(len(t.cache))]
	if slot.ptr == p && int(slot.len) == len(s) {
		return slot.id
	}
	var id uint32
	ok := false
	if word {
		id, ok = vocabulary.ids[s]
	}
	if !ok {
		pos, slot, found := t.index.find(s, t.chunks)
		if found {
			id = uint32(vocabulary.size()) + 1 + pos
		} else {
			pos = uint32(t.n)
			id = t.add(s)
			t.index.insert(slot, pos, t.chunks)
		}
	}
	canon := stringAt(t.chunks, uint64(id))
	if uint64(len(canon)) > math.MaxUint32 {
		return id // its length does not fit an entry
	}
	p = unsafe.StringData(canon)
	slot = &t.cache[(uintptr(unsafe.Pointer(p))>>3^uintptr(len(canon)))%uintptr(len(t.cache))]
	*slot = stringCacheEntry{ptr: p, len: uint32(len(canon)), id: id}
	return id
}

// add stores s and returns its id: the run's own strings are numbered
// after the vocabulary's words.
func (t *stringTable) add(s string) uint32 {
	c, i := chunkOf(uint64(t.n))
	if c == len(t.chunks) {
		// Each new chunk as big as all before it, up to stringChunk.
		if t.chunks == nil {
			t.chunks = t.chunksBuf[:0] // the first chunks' list is part of the table
		}
		t.chunks = append(t.chunks, make([]string, max(firstStringChunk, min(t.n, stringChunk))))
		t.grew = true
	}
	t.chunks[c][i] = s
	t.n++
	return uint32(vocabulary.size()) + uint32(t.n)
}

func (t *stringTable) at(id uint64) string { return stringAt(t.chunks, id) }

// stringAt is the string of id: "" for 0, then the vocabulary's words
// (trace_vocab.go), then the run's own strings, kept in chunks.
func stringAt(chunks [][]string, id uint64) string {
	v := vocabulary.size()
	switch {
	case id == 0:
		return ""
	case id <= v:
		return vocabulary.words[id-1]
	}
	c, i := chunkOf(id - v - 1)
	return chunks[c][i]
}
