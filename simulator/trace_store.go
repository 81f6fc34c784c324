package simulator

import (
	"encoding/binary"
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
type traceStore struct {
	blocks [][]byte
	n      int // events stored
	strs   stringTable
	prevAt time.Duration // At of the last event encoded: times are stored as deltas

	// The decoded events, kept once read so that reading the trace again
	// after more events costs only the new ones.
	decoded  []Event
	rdBlock  int
	rdOffset int
	rdAt     time.Duration
}

const (
	// Blocks start small, so a short run holds little, and double up to
	// traceBlockSize; a block once made is never regrown or copied.
	traceFirstBlock = 2 << 10
	traceBlockSize  = 64 << 10
	// maxEncodedEvent bounds the encoding of one event: its kind and mask,
	// 14 strings and 7 numbers as varints of at most 10 bytes.
	maxEncodedEvent = 2 + 5 + 21*binary.MaxVarintLen64
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
)

// encode appends the encoding of e (At relative to prevAt) to buf, naming
// each string by its index in the store's table.
func (st *traceStore) encode(buf []byte, e *Event, prevAt time.Duration) []byte {
	return encodeEvent(buf, e, prevAt, &st.strs)
}

// encodeEvent appends the encoding of e to buf. With a table, strings are
// written as their index in it; with none, as their length and bytes, which
// is the canonical form the trace hash reads: it does not depend on the
// order strings were first seen in, so every sink hashes alike.
func encodeEvent(buf []byte, e *Event, prevAt time.Duration, table *stringTable) []byte {
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
	str(fRule, string(e.Rule))
	if e.Process != 0 {
		mask |= fProcess
	}
	if e.Task != 0 {
		mask |= fTask
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
	appendStr := func(s string) {
		if table != nil {
			buf = binary.AppendUvarint(buf, uint64(table.id(s)))
			return
		}
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
	put(fDetail, e.Detail)
	put(fRule, string(e.Rule))
	return buf
}

// add stores e.
func (st *traceStore) add(e *Event) {
	last := len(st.blocks) - 1
	if last < 0 || cap(st.blocks[last])-len(st.blocks[last]) < maxEncodedEvent {
		size := traceFirstBlock
		if last >= 0 {
			size = min(2*cap(st.blocks[last]), traceBlockSize)
		}
		st.blocks = append(st.blocks, make([]byte, 0, size))
		last++
	}
	st.blocks[last] = st.encode(st.blocks[last], e, st.prevAt)
	st.prevAt = e.At
	st.n++
}

// events returns every stored event, decoding those not read before.
func (st *traceStore) events() []Event {
	for len(st.decoded) < st.n {
		b := st.blocks[st.rdBlock]
		if st.rdOffset == len(b) {
			st.rdBlock, st.rdOffset = st.rdBlock+1, 0
			continue
		}
		e, size := st.decode(b[st.rdOffset:], st.rdAt)
		e.Seq = len(st.decoded) + 1
		st.rdOffset += size
		st.rdAt = e.At
		st.decoded = append(st.decoded, e)
	}
	return st.decoded[:st.n:st.n]
}

// decode reads one event from b; it returns the event and its size.
func (st *traceStore) decode(b []byte, prevAt time.Duration) (Event, int) {
	var e Event
	i := 0
	uv := func() uint64 {
		v, n := binary.Uvarint(b[i:])
		i += n
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(b[i:])
		i += n
		return v
	}
	e.Kind = Kind(st.strs.at(uv()))
	mask := uv()
	e.At = prevAt + time.Duration(sv())
	get := func(bit uint64) string {
		if mask&bit == 0 {
			return ""
		}
		return st.strs.at(uv())
	}
	num := func(bit uint64) int64 {
		if mask&bit == 0 {
			return 0
		}
		return sv()
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
	return e, i
}

// stringTable stores each distinct string of a trace once and names it by
// its index. Most strings of an event are the same constants over and
// over (kinds, actors, callbacks, queues) or the very string a recent event
// had (a session's identifier, a task's description), so a small cache
// keyed by the string's address answers most lookups without hashing. The
// cache only remembers the addresses of the table's own copies, which the
// table keeps alive: a string at such an address with that length is that
// string, whereas a temporary's address could later hold other bytes.
type stringTable struct {
	strs  []string
	ids   map[string]uint32
	cache [64]stringCacheEntry
}

type stringCacheEntry struct {
	ptr *byte
	len int
	id  uint32
}

func (t *stringTable) id(s string) uint32 {
	if s == "" {
		return 0
	}
	p := unsafe.StringData(s)
	slot := &t.cache[(uintptr(unsafe.Pointer(p))>>3^uintptr(len(s)))%uintptr(len(t.cache))]
	if slot.ptr == p && slot.len == len(s) {
		return slot.id
	}
	if t.ids == nil {
		t.ids = map[string]uint32{}
		t.strs = []string{""}
	}
	id, ok := t.ids[s]
	if !ok {
		id = uint32(len(t.strs))
		t.strs = append(t.strs, s)
		t.ids[s] = id
	}
	canon := t.strs[id]
	p = unsafe.StringData(canon)
	slot = &t.cache[(uintptr(unsafe.Pointer(p))>>3^uintptr(len(canon)))%uintptr(len(t.cache))]
	*slot = stringCacheEntry{ptr: p, len: len(canon), id: id}
	return id
}

func (t *stringTable) at(id uint64) string {
	if id == 0 {
		return ""
	}
	return t.strs[id]
}
