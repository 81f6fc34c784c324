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
// only what every mode needs; the parts of a mode or of an observed run
// are made for it (init, Observe), so that a run keeping nothing makes
// and clears no store it does not use.
type traceSink struct {
	keep   TraceKeep
	n      int         // events emitted
	store  *traceStore // KeepAll only
	ring   []Event     // KeepLast: the last events, ring[next] the oldest once full
	next   int
	hash   hash64 // running hash, for every mode but KeepAll (computed on demand there)
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

// init readies t, a sink part of its Sim, to keep what keep says.
func (t *traceSink) init(keep TraceKeep, last int) {
	t.keep, t.hash = keep, fnvOffset64
	if keep == KeepAll && t.store == nil { // a reset Sim's sink may have its parts already (reuse)
		t.store = new(traceStore)
	}
	if keep == KeepLast && t.ring == nil {
		t.ring = make([]Event, 0, last)
	}
	if keep == KeepHash || keep == KeepLast {
		h := t.hasher
		if h == nil {
			h = new(sinkHasher)
		}
		h.canon.buf, h.text = h.canonBuf[:0], h.textBuf[:0]
		t.hasher = h
	}
}

// wants reports whether anything reads the events' contents: what keeps,
// hashes, streams or observes them. A run keeping nothing (KeepNone) and
// unobserved only counts its events, and its emitEvent fills in nothing.
func (t *traceSink) wants() bool {
	return t.keep != KeepNone || t.stream != nil || len(t.observers) > 0
}

// add takes the next event (its Seq and At set), and its detail d if it
// is still to render. The store keeps d as it is; what keeps, streams or
// observes the Event itself renders it; the hash reads its text.
func (t *traceSink) add(e *Event, d *detail) {
	t.n++
	if st := t.only(); st != nil {
		st.add(e, d)
		return
	}
	if d != nil && (t.keep == KeepLast || t.stream != nil || t.eager > 0) {
		e.Detail, d = d.text(), nil
	}
	switch t.keep {
	case KeepAll:
		t.store.add(e, d)
	case KeepLast:
		if len(t.ring) < cap(t.ring) {
			t.ring = append(t.ring, *e)
		} else {
			t.ring[t.next] = *e
			t.next = (t.next + 1) % len(t.ring)
		}
	}
	if t.keep == KeepHash || t.keep == KeepLast {
		h := t.hasher
		var text []byte
		if d != nil {
			h.text = d.appendTo(h.text[:0])
			text = h.text
		}
		t.hash.write(h.canon.encode(e, t.prevAt, text))
		t.prevAt = e.At
	}
	if t.stream != nil {
		t.stream.write(*e)
	}
	if len(t.observers) > 0 {
		t.observe(e, d)
	}
}

// only is the store if it is all that takes the events (KeepAll, nothing
// streaming or observing them), as in most runs, else nil: then
// emitEvent hands an event to the store itself.
func (t *traceSink) only() *traceStore {
	if t.stream == nil && len(t.observers) == 0 {
		return t.store
	}
	return nil
}

// events returns what the sink kept, in order.
func (t *traceSink) events() []Event {
	switch t.keep {
	case KeepAll:
		return t.store.events()
	case KeepLast:
		out := make([]Event, 0, len(t.ring))
		out = append(out, t.ring[t.next:]...)
		return append(out, t.ring[:t.next]...)
	}
	return nil
}

// sum is the hash of every event so far.
func (t *traceSink) sum() uint64 {
	switch t.keep {
	case KeepNone:
		return 0
	case KeepHash, KeepLast:
		return uint64(t.hash)
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
	s.sink.stream = st
	return st.err
}

// FlushStream writes out what StreamJSONL buffered and reports the first
// error writing the stream met, if any.
func (s *Sim) FlushStream() error {
	st := s.sink.stream
	if st == nil {
		return nil
	}
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
