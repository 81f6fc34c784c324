package simulator

import "unsafe"

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
}

// vocabByAddr finds a word of the vocabulary by the address and length
// of its bytes, without hashing them: the code that makes events names a
// kind, a callback or a rule by the same constants the vocabulary was
// built from, whose bytes the linker keeps once. It is open-addressed and
// at most half full (TestVocabularyFindsItsConstantsByAddress); an array
// of the package, so that reading it needs neither a pointer nor a bounds
// check. A string with the same address and length as a word is that word
// (the vocabulary's words stay alive, so their bytes are never reused); a
// copy at another address falls back to the ids map. Like the
// vocabulary, it is written once, when the package is initialised.
var vocabByAddr [vocabSlots]vocabSlot

// vocabSlots is byAddr's size: a power of 2, at least twice the words.
const vocabSlots = 1024

// vocabSlot is a word's address, a number rather than a pointer: the
// vocabulary's words keep their bytes alive, and the table, which the
// collector then does not scan, holds nothing it needs to.
type vocabSlot struct {
	addr uintptr
	len  uint32 // a word is short
	id   uint32
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
	// The states, lifecycle events, rules and reasons before the
	// mistakes: the words a run names most have ids below 128, one byte
	// in the store, and, placed first, the slot where their search starts
	// (wordAt). The rules before the reasons: a rule is on most events (a
	// progress report's R-G3 among them), a reason on a launch or a
	// termination; placed after them, R-G2 to R-G4 took two bytes. Now
	// the rarest termination reasons do (watchdog, app-update,
	// extension-ended).
	for _, st := range AllStates() {
		add(st.String())
	}
	for _, ev := range AllLifecycleEvents() {
		add(ev.String())
	}
	for _, r := range Rules() {
		add(string(r))
	}
	for _, r := range LaunchReasons() {
		add(r.String())
	}
	for _, r := range TerminationReasons() {
		add(string(r))
	}
	for _, r := range Mistakes() {
		add(string(r))
	}
	v.indexAddrs(&vocabByAddr)
	return v
}

func (v *traceVocabulary) indexAddrs(byAddr *[vocabSlots]vocabSlot) {
	for i, w := range v.words {
		p := unsafe.StringData(w)
		j := addrSlot(p)
		for byAddr[j].addr != 0 {
			j = (j + 1) % vocabSlots
		}
		byAddr[j] = vocabSlot{addr: uintptr(unsafe.Pointer(p)), len: uint32(len(w)), id: uint32(i + 1)}
	}
}

// addrSlot is where the search for the word at p starts (Fibonacci hashing
// of the address).
func addrSlot(p *byte) uint64 {
	return uint64(uintptr(unsafe.Pointer(p))) * fibonacci >> (64 - vocabBits)
}

const fibonacci = 0x9E3779B97F4A7C15 // 2^64 divided by the golden ratio

const vocabBits = 10 // log2(vocabSlots)

// idByAddr returns the id of word s if s is a word's own bytes (see
// vocabByAddr); a copy of a word is not found here but in ids. Most words
// are in the slot where their search starts: stringTable.word looks there
// alone, inlined where the store writes words.
func (v *traceVocabulary) idByAddr(s string) (uint32, bool) {
	p := unsafe.StringData(s)
	for j := addrSlot(p); vocabByAddr[j].addr != 0; j = (j + 1) % vocabSlots {
		if e := &vocabByAddr[j]; e.addr == uintptr(unsafe.Pointer(p)) && int(e.len) == len(s) {
			return e.id, true
		}
	}
	return 0, false
}

// size is the number of words: the ids of a run's own strings follow.
func (v *traceVocabulary) size() uint64 { return uint64(len(v.words)) }
