package simulator

import (
	"math"
	"math/bits"
	"unsafe"
)

// stringTable stores the strings of a trace that events repeat, each
// once (or, in its first chunk, at most a few times: see own), and names
// each by its index: the words that are not the vocabulary's,
// sessions' identifiers, tasks' descriptions, URLs, the formats of the
// app's details (the simulator's own are words: detailWords). (Text seldom seen twice, a log line or a path, is kept inline
// in the blocks instead: putText.) Most lookups are of the very
// string a recent event had, so a small cache keyed by the string's
// address answers them without hashing. The cache only remembers the
// addresses of the table's own copies, which the table keeps alive: a
// string at such an address with that length is that string, whereas a
// temporary's address could later hold other bytes.
//
// A short run stores a dozen such strings (a walkthrough 10, the catalog's
// scenarios 2 to 35, 52 of 60 at most 16): the first
// firstStringChunk are part of the table, added as the cache misses them;
// past them the table makes an index that hashes (stringIndex). The
// chunks after the first double up to stringChunk strings (16, 16, 32,
// ..., 1024, 1024, ...); a chunk once made is never reallocated.
type stringTable struct {
	chunks    [][]string // never reallocated; sizes as chunkOf says
	chunksBuf [4][]string
	n         int         // strings stored
	grew      bool        // a chunk was added since the store last published
	index     stringIndex // made once first is full (trace_strindex.go)
	first     [firstStringChunk]string
	// cache is 8 entries: with 16, 128 bytes more, the store took a
	// larger size class (traceFirstBlock), and with 32 a larger one still.
	// A walkthrough keeps 11 strings with 8 (10 with 16: one string its
	// cache lost is kept again, see own) and runs the same instructions;
	// BenchmarkBulk n=100000 suspended fixed keep=all too (3.578G ->
	// 3.575G instructions, cachegrind 1x).
	cache [8]stringCacheEntry
}

const (
	firstStringChunk = 16   // strings in the first chunk (a power of 2)
	stringChunk      = 1024 // strings in every chunk once they stop doubling
)

// chunkOf says where string id is kept: chunk c, index i within it.
// It takes the index of a run's own string (its id less the vocabulary's
// and 1). Chunk 0 holds indexes [0, 16); then chunk k holds
// [16<<(k-1), 16<<k) up to 1024, and every chunk after that 1024.
func chunkOf(id uint64) (c int, i uint64) {
	const firstBits = 4 // log2(firstStringChunk)
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
// a large part of a trace store. A string longer than a uint32 counts is
// never cached (lookup), so len is always its exact length. The address
// is a number, not a pointer, as a vocabSlot's: the table keeps alive the
// strings its cache names, so the collector need not scan the cache (the
// last of the store's fields before its first block: 256 bytes of every
// store it does not read), and filling an entry writes no pointer into
// the heap (no write barrier while the collector marks: a walkthrough
// fills 24).
type stringCacheEntry struct {
	addr uintptr
	len  uint32
	id   uint32
}

// id names s, a string of the run's own (an identifier, a URL, a format).
// What the cache knows is found here, and so is a new string kept in the
// first chunk, and the cache told of it: a walkthrough's strings all are,
// and the long way, lookup and own, cost each about 85 instructions.
func (t *stringTable) id(s string) uint32 {
	p := unsafe.StringData(s)
	slot := &t.cache[(uintptr(unsafe.Pointer(p))>>3^uintptr(len(s)))%uintptr(len(t.cache))]
	if slot.addr == uintptr(unsafe.Pointer(p)) && int(slot.len) == len(s) {
		return slot.id // and 0 for a "" with no bytes: no entry has length 0
	}
	if s != "" && uint64(len(s)) <= math.MaxUint32 {
		if pos, ok := t.keepFirst(s); ok {
			id := uint32(vocabulary.size()) + 1 + pos
			*slot = stringCacheEntry{addr: uintptr(unsafe.Pointer(p)), len: uint32(len(s)), id: id}
			return id
		}
	}
	return t.lookup(s, false)
}

// word names s, a value of a field whose values are mostly the
// vocabulary's words (a kind, a rule, a state): those have fixed ids. It
// is the store's most frequent lookup, five or six an event: a constant is
// found in the slot where the vocabulary's search for its address starts
// (wordAt, inlined); anything else goes the long way.
func (t *stringTable) word(s string) uint32 {
	if id := wordAt(s); id != 0 {
		return id
	}
	return t.lookup(s, true)
}

// wordAt returns the id of s if s is a word's own bytes in the slot of
// vocabByAddr where the search for it starts, else 0, which no word has:
// the caller tests the id it has, not a second result.
func wordAt(s string) uint32 {
	a := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	if e := &vocabByAddr[uint64(a)*vocabMul>>(64-vocabBits)]; e.addr == a && int(e.len) == len(s) {
		return e.id
	}
	return 0
}

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
	if slot.addr == uintptr(unsafe.Pointer(p)) && int(slot.len) == len(s) {
		return slot.id
	}
	var id uint32
	ok := false
	if word {
		id, ok = vocabulary.ids[s]
	}
	canon := s
	if ok {
		canon = vocabulary.words[id-1]
	} else {
		var pos uint32
		pos, canon = t.own(s)
		id = uint32(vocabulary.size()) + 1 + pos
	}
	if uint64(len(canon)) > math.MaxUint32 {
		return id // its length does not fit an entry
	}
	if c := unsafe.StringData(canon); c != p { // else s is the copy kept, a new string: the same slot
		p = c
		slot = &t.cache[(uintptr(unsafe.Pointer(p))>>3^uintptr(len(canon)))%uintptr(len(t.cache))]
	}
	*slot = stringCacheEntry{addr: uintptr(unsafe.Pointer(p)), len: uint32(len(canon)), id: id}
	return id
}

// own returns the position of s among the run's own strings, adding it
// if it is not there yet, and the table's copy of it. While they fit the
// first chunk, a string the cache did not know is added without looking
// for it: a short run's strings are mostly new (a walkthrough's 24 all
// are but two, equal strings at other addresses), and comparing each to
// those before it cost more than the few slots a repeat takes; the
// trace reads the same. From then on the index finds it.
func (t *stringTable) own(s string) (uint32, string) {
	if t.index.slots == nil {
		if pos, ok := t.keepFirst(s); ok {
			return pos, s
		}
		t.index.build(t.chunks, t.n) // first is full: from now on, hash
	}
	pos, slot, found := t.index.find(s, t.chunks)
	if found {
		return pos, ownString(t.chunks, pos)
	}
	pos = uint32(t.n)
	t.add(s)
	t.index.insert(slot, pos, t.chunks)
	return pos, s
}

// keepFirst stores s, a string the cache did not know, in first, chunk 0
// (start), with no look-up of its chunk, and returns its position, while
// the table has no index and first has room (see own); else ok is false.
func (t *stringTable) keepFirst(s string) (pos uint32, ok bool) {
	n := t.n
	if t.index.slots != nil || n >= len(t.first) {
		return 0, false
	}
	t.start()
	t.first[n] = s
	t.n++
	return uint32(n), true
}

// add stores s and returns its id: the run's own strings are numbered
// after the vocabulary's words.
func (t *stringTable) add(s string) uint32 {
	c, i := chunkOf(uint64(t.n))
	if c == len(t.chunks) {
		if t.chunks == nil {
			t.start()
		} else {
			// Each new chunk as big as all before it, up to stringChunk.
			t.chunks = append(t.chunks, make([]string, min(t.n, stringChunk)))
			t.grew = true
		}
	}
	t.chunks[c][i] = s
	t.n++
	return uint32(vocabulary.size()) + uint32(t.n)
}

// start gives the table its first chunk, its own array, in the list of
// its first chunks, also its own, if it has none yet. The store does it
// with its first block, so that both are published at once.
func (t *stringTable) start() {
	if t.chunks == nil {
		t.chunks, t.grew = append(t.chunksBuf[:0], t.first[:]), true
	}
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
