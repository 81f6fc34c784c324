package simulator

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"time"
)

// TraceKeep says what a run keeps of its trace (Config.TraceKeep). Whatever
// it keeps, every event is counted (Sim.TraceLen), hashed (Sim.TraceHash)
// and streamed to the writer given to Sim.StreamJSONL, if any.
type TraceKeep int

const (
	// KeepAll keeps every event, compactly, for Sim.Trace: what tests and
	// the CLI read. The default.
	KeepAll TraceKeep = iota
	// KeepHash keeps no event, only the running hash of the trace: enough
	// to check that two runs were the same (verification, exploration of
	// many seeds), at no memory cost per event.
	KeepHash
	// KeepLast keeps the last Config.TraceLast events, for the context of
	// a failure in a run too long to keep whole.
	KeepLast
	// KeepNone keeps nothing, not even the hash (TraceHash is 0): the run
	// only counts its events. For a caller that follows the run as it goes
	// (Sim.Observe) and needs nothing afterwards: exploring many seeds
	// saves the hash's cost, a tenth of a short run's.
	KeepNone
)

// DefaultTraceLast is Config.TraceLast's default.
const DefaultTraceLast = 1000

// String names the mode as the CLI's flags do.
func (k TraceKeep) String() string {
	switch k {
	case KeepAll:
		return "all"
	case KeepHash:
		return "hash"
	case KeepLast:
		return "last"
	case KeepNone:
		return "none"
	}
	return fmt.Sprintf("TraceKeep(%d)", int(k))
}

// traceSink receives the events of a run as they are emitted. It holds
// only what every mode needs, and is part of its Sim: 24 bytes, within
// the room the Sim had left in its 2,304-byte size class
// (TestSimSizeClass), where a sink apart was an allocation of 128 bytes
// for every new Sim. The parts of a mode or of an observed run are made
// for it (init, Observe), so that a run keeping nothing makes and clears
// no store it does not use. What it keeps (keep) is said by those parts:
// a store for KeepAll, neither a store nor more for KeepNone unobserved,
// more.keep whenever there is more.
type traceSink struct {
	n     int         // events emitted
	store *traceStore // KeepAll only
	// more is what the sink does beyond counting events and storing them:
	// made for the modes that hash as they go, and at the first stream or
	// observer (extra). A walkthrough's run, and most others, has none.
	more *sinkMore
}

// keep is what t keeps.
func (t *traceSink) keep() TraceKeep {
	if m := t.more; m != nil {
		return m.keep
	}
	if t.store != nil {
		return KeepAll
	}
	return KeepNone
}

// sinkMore is the part of a sink that hashes its events as they go
// (KeepHash, KeepLast), keeps the last ones (KeepLast), streams them or
// has them observed.
type sinkMore struct {
	keep   TraceKeep
	ring   []Event // KeepLast: the last events, ring[next] the oldest once full
	next   int
	hash   hash64 // running hash, for KeepHash and KeepLast (computed on demand for KeepAll)
	prevAt time.Duration
	hasher *sinkHasher // KeepHash and KeepLast only
	stream *jsonlStream
	// observers are called with every event (Sim.Observe, ObserveLazily),
	// eager of them by Observe; lent is what they read, made with the
	// first of them.
	observers []observer
	eager     int
	lent      *lentEvent
}

// taps reports whether anything streams or observes the events.
func (m *sinkMore) taps() bool { return m.stream != nil || len(m.observers) > 0 }

// extra is t's sinkMore, made if t has none yet: a reset Sim's spare (sp,
// nil for a Sim never reset) if there is one.
func (t *traceSink) extra(sp *simSpares) *sinkMore {
	if t.more == nil {
		keep := t.keep() // KeepAll or KeepNone: init makes more for the others
		if sp != nil && sp.more != nil {
			t.more, sp.more = sp.more, nil
		} else {
			t.more = new(sinkMore)
		}
		t.more.keep = keep
	}
	return t.more
}

// sinkHasher is what a sink that hashes as it goes needs to encode the
// events it hashes. It is made only for the modes that hash as they go,
// not kept in every sink: a KeepAll sink (a walkthrough's, most runs')
// then fits a smaller size class.
type sinkHasher struct {
	canon canonEncoder // the events' canonical bytes, for the hash
	text  []byte       // a detail rendered for the hash
	// The buffers' first arrays, room for a usual event and detail (a
	// walkthrough's longest, 130 bytes): grown from nothing by append,
	// they took a dozen allocations a run. The hasher stays within 696
	// bytes: with the 8-byte header the allocator adds to an object of
	// pointers over 512 bytes, the 704-byte size class (8 bytes more
	// took 64 more a run).
	canonBuf [320]byte
	textBuf  [160]byte
}

// hash64 is the running hash of a trace. Each event's canonical encoding
// is fed to it 8 bytes at a time, every word mixed in by a 64x64-bit
// multiplication folded to 64 bits (as wyhash mixes), the last partial
// word padded with zeros and tagged with its length, so that every write
// stands for exactly its bytes. A hash of one byte at a time (FNV-1a)
// cost as much as all the rest of a DidWriteData call with its trace
// event; this reads the same bytes about five times faster. Feeding it
// allocates nothing.
type hash64 uint64

const (
	fnvOffset64 = 14695981039346656037 // the hash's starting value
	fnvPrime64  = 1099511628211        // FNV-1a's prime (rand.go)
	hashMul     = 0x9e3779b97f4a7c15   // 2^64 divided by the golden ratio: odd, bits well spread
)

// write feeds b to the hash. Two words a turn of the loop: b moved on by
// 8 bytes a word cost about as much as mixing it (a progress event's ~100
// bytes took ~270 instructions to hash, now ~180: BenchmarkBulk
// n=10000/foreground/fixed/keep=hash 14.84G -> 13.88G instructions); four
// a turn saved little more.
func (h *hash64) write(b []byte) {
	x := uint64(*h)
	for ; len(b) >= 16; b = b[16:] {
		x = hashMix(x ^ binary.LittleEndian.Uint64(b))
		x = hashMix(x ^ binary.LittleEndian.Uint64(b[8:]))
	}
	if len(b) >= 8 {
		x = hashMix(x ^ binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	var tail uint64
	if r := len(b); r > 0 && cap(b) >= 8 {
		// The last bytes read as one word from the slice's capacity,
		// what lies past them masked off: a byte at a time cost the
		// sink's encodings about 40 instructions an event.
		tail = binary.LittleEndian.Uint64(b[:8]) & (1<<(8*r) - 1)
	} else {
		for i, c := range b {
			tail |= uint64(c) << (8 * i)
		}
	}
	*h = hash64(hashMix(x ^ tail ^ uint64(len(b)+1)<<56))
}

// hashMix folds the 128-bit product of x and hashMul to 64 bits.
func hashMix(x uint64) uint64 {
	hi, lo := bits.Mul64(x, hashMul)
	return hi ^ lo
}

// init readies t, a sink part of its Sim, to keep what keep says: with
// the parts a reset Sim's spares had for it (sp, nil for a Sim never
// reset), else new ones.
func (t *traceSink) init(keep TraceKeep, last int, sp *simSpares) {
	if keep == KeepAll && t.store == nil {
		if sp != nil && sp.store != nil {
			t.store, sp.store = sp.store, nil
		} else {
			t.store = new(traceStore)
		}
	}
	if keep == KeepHash || keep == KeepLast {
		m := t.extra(sp)
		m.keep, m.hash = keep, fnvOffset64
		if keep == KeepLast {
			if cap(m.ring) >= last {
				m.ring = m.ring[:0:last] // exactly last events of room: a full ring is len == cap
			} else {
				m.ring = make([]Event, 0, last)
			}
		}
		h := m.hasher
		if h == nil {
			h = new(sinkHasher)
		}
		h.canon.buf, h.text = h.canonBuf[:0], h.textBuf[:0]
		m.hasher = h
	}
}

// wants reports whether anything reads the events' contents: what keeps,
// hashes, streams or observes them. A run keeping nothing (KeepNone) and
// unobserved only counts its events, and its emitEvent fills in nothing.
func (t *traceSink) wants() bool {
	// A sink has more only for what reads the events (a hash, a ring, a
	// stream or observers, none of which a run takes away), and a store
	// only for KeepAll: asking m.keep and m.taps() cost a hash sink's
	// event 4 instructions more.
	return t.store != nil || t.more != nil
}

// add takes the next event (its Seq and At set), and its detail d if it
// is still to render. The store keeps d as it is; what keeps, streams or
// observes the Event itself renders it; the hash reads its text.
func (t *traceSink) add(e *Event, d *detail) {
	t.n++
	m := t.more
	if m == nil || m.keep == KeepAll && !m.taps() {
		// The store alone takes the events, if there is one (KeepNone
		// unobserved keeps nothing, and emitEvent does not call add).
		// Tested here, not through only(), which emitEvent has asked:
		// asking again cost a hash sink's event 6 instructions.
		if t.store != nil {
			t.store.add(e, d)
		}
		return
	}
	if d != nil && (m.keep == KeepLast || m.stream != nil || m.eager > 0) {
		e.Detail, d = d.text(), nil
	}
	switch m.keep {
	case KeepAll:
		t.store.add(e, d)
	case KeepLast:
		if len(m.ring) < cap(m.ring) {
			m.ring = append(m.ring, *e)
		} else {
			m.ring[m.next] = *e
			m.next = (m.next + 1) % len(m.ring)
		}
	}
	if m.keep == KeepHash || m.keep == KeepLast {
		h := m.hasher
		var text []byte
		if d != nil {
			h.text = d.appendTo(h.text[:0])
			text = h.text
		}
		m.hash.write(h.canon.encode(e, m.prevAt, text))
		m.prevAt = e.At
	}
	if m.stream != nil {
		m.stream.write(*e)
	}
	if len(m.observers) > 0 {
		t.observe(e, d)
	}
}

// only is the store if it is all that takes the events (KeepAll, nothing
// streaming or observing them), as in most runs, else nil: then
// emitEvent hands an event to the store itself.
func (t *traceSink) only() *traceStore {
	if m := t.more; m == nil || m.keep == KeepAll && !m.taps() {
		return t.store // nil but for KeepAll
	}
	return nil
}

// events returns what the sink kept, in order.
func (t *traceSink) events() []Event {
	switch t.keep() {
	case KeepAll:
		return t.store.events()
	case KeepLast:
		m := t.more
		out := make([]Event, 0, len(m.ring))
		out = append(out, m.ring[m.next:]...)
		return append(out, m.ring[:m.next]...)
	}
	return nil
}

// sum is the hash of every event so far.
func (t *traceSink) sum() uint64 {
	switch t.keep() {
	case KeepNone:
		return 0
	case KeepHash, KeepLast:
		return uint64(t.more.hash)
	}
	return t.store.hashAll()
}

// jsonlStream writes events as JSON Lines while the run goes.
type jsonlStream struct {
	w   *bufio.Writer
	enc *json.Encoder
	err error
}

// write takes e by value: only a streamed copy escapes to the heap, not
// every event of every run.
func (j *jsonlStream) write(e Event) {
	if j.err != nil {
		return
	}
	if err := j.enc.Encode(&e); err != nil {
		j.err = fmt.Errorf("simulator: stream trace event %d: %w", e.Seq, err)
	}
}

// StreamJSONL writes the trace to w as JSON Lines while the run goes: the
// header, the events already emitted that the run kept, then every event as
// it happens, whatever Config.TraceKeep keeps. Call FlushStream when the
// run is over. It is how a long run's trace reaches a file without being
// held in memory (with KeepHash).
func (s *Sim) StreamJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	st := &jsonlStream{w: bw, enc: json.NewEncoder(bw)}
	if err := st.enc.Encode(s.Header()); err != nil {
		return fmt.Errorf("simulator: stream trace header: %w", err)
	}
	for _, e := range s.sink.events() {
		st.write(e)
	}
	s.sink.extra(s.spares).stream = st
	return st.err
}

// FlushStream writes out what StreamJSONL buffered and reports the first
// error writing the stream met, if any.
func (s *Sim) FlushStream() error {
	m := s.sink.more
	if m == nil || m.stream == nil {
		return nil
	}
	st := m.stream
	if st.err != nil {
		return st.err
	}
	if err := st.w.Flush(); err != nil {
		return fmt.Errorf("simulator: stream trace: %w", err)
	}
	return nil
}

// TraceLen is the number of events the run emitted, whatever it kept.
func (s *Sim) TraceLen() int { return s.sink.n }

// TraceHash is a 64-bit hash of the canonical encoding of every event the
// run emitted, the same whatever Config.TraceKeep keeps but KeepNone (0):
// two runs with the same hash produced the same trace, barring a
// collision.
func (s *Sim) TraceHash() uint64 { return s.sink.sum() }
