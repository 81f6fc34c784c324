package simulator

import (
	"math/bits"
	"unsafe"
)

// traceVocabulary is the trace's fixed words: kinds, actors, callbacks,
// queues, rules, states, lifecycle events and reasons. Every run's events
// use them over and over, so the trace store names them by fixed ids
// (1..len(words)) instead of adding them to each run's string table: a run
// then stores and hashes only the strings of its own (identifiers, URLs,
// details). It is built once, from constants, and never written after:
// simulations running side by side only read it.
type traceVocabulary struct {
	words []string          // id-1 to word
	ids   map[string]uint32 // word to id
	// byAddr finds a word by the address and length of its bytes, without
	// hashing them: the code that makes events names a kind, a callback or
	// a rule by the same constants the vocabulary was built from, whose
	// bytes the linker keeps once. It is open-addressed, a power of 2 long
	// and at most half full. A string with the same address and length as
	// a word is that word (words stays alive, so its bytes are never
	// reused); a copy at another address falls back to ids.
	byAddr []vocabSlot
	shift  uint // 64 less log2(len(byAddr)): addrSlot's hash keeps the top bits
}

type vocabSlot struct {
	ptr *byte
	len int
	id  uint32
}

var vocabulary = newTraceVocabulary()

func newTraceVocabulary() *traceVocabulary {
	v := &traceVocabulary{ids: map[string]uint32{}}
	add := func(w string) {
		if _, ok := v.ids[w]; w != "" && !ok {
			v.words = append(v.words, w)
			v.ids[w] = uint32(len(v.words))
		}
	}
	for _, a := range []Actor{ActorUser, ActorSystem, ActorApp, ActorDaemon, ActorNetwork} {
		add(string(a))
	}
	for _, k := range Kinds() {
		add(string(k))
	}
	for _, c := range Callbacks() {
		add(string(c))
	}
	for _, q := range []string{QueueMain, QueueGlobal, QueueDelegate} {
		add(q)
	}
	for _, r := range append(Rules(), Mistakes()...) {
		add(string(r))
	}
	for _, st := range AllStates() {
		add(st.String())
	}
	for _, ev := range AllLifecycleEvents() {
		add(ev.String())
	}
	for _, r := range TerminationReasons() {
		add(string(r))
	}
	for _, r := range LaunchReasons() {
		add(r.String())
	}
	v.indexAddrs()
	return v
}

func (v *traceVocabulary) indexAddrs() {
	n := 1 << bits.Len(uint(2*len(v.words)))
	v.byAddr = make([]vocabSlot, n)
	v.shift = uint(64 - bits.Len(uint(n-1)))
	for i, w := range v.words {
		p := unsafe.StringData(w)
		j := v.addrSlot(p)
		for v.byAddr[j].ptr != nil {
			j = (j + 1) & (n - 1)
		}
		v.byAddr[j] = vocabSlot{ptr: p, len: len(w), id: uint32(i + 1)}
	}
}

// addrSlot is where the search for the word at p starts (Fibonacci hashing
// of the address).
func (v *traceVocabulary) addrSlot(p *byte) int {
	return int(uint64(uintptr(unsafe.Pointer(p))) * 0x9E3779B97F4A7C15 >> v.shift)
}

// idByAddr returns the id of word s if s is a word's own bytes (see
// byAddr); a copy of a word is not found here but in ids.
func (v *traceVocabulary) idByAddr(s string) (uint32, bool) {
	p := unsafe.StringData(s)
	mask := len(v.byAddr) - 1
	for j := v.addrSlot(p); v.byAddr[j].ptr != nil; j = (j + 1) & mask {
		if e := &v.byAddr[j]; e.ptr == p && e.len == len(s) {
			return e.id, true
		}
	}
	return 0, false
}

// size is the number of words: the ids of a run's own strings follow.
func (v *traceVocabulary) size() uint64 { return uint64(len(v.words)) }
