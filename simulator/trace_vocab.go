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
// vocabulary, it is written once, when the package is initialised, with
// a multiplier (vocabMul) that gives each word a slot of its own.
var vocabByAddr [vocabSlots]vocabSlot

// vocabSlots is byAddr's size: a power of 2, many times the words, so
// that a multiplier giving each its own slot is soon found (perfectMul).
const vocabSlots = 1 << vocabBits

// vocabMul is the multiplier of the words' addresses that gives each word
// the slot where the search for it starts, a slot of its own (perfectMul):
// wordAt, which looks in that slot alone, then finds every word the code
// names by its constant. With one fixed multiplier, which words collided
// depended on where the linker put them, so on any change to the binary:
// a word whose slot an earlier one took was found the long way (under
// some builds QueueDelegate, and with it every session callback, handed
// to add: TestCallbackWordsAreFoundInPlace).
var vocabMul uint64 = fibonacci

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
	for _, w := range append(detailWords(), textWords()...) { // last: a few an event
		add(w)
	}
	v.indexAddrs(&vocabByAddr)
	return v
}

func (v *traceVocabulary) indexAddrs(byAddr *[vocabSlots]vocabSlot) {
	vocabMul = perfectMul(v.words)
	for i, w := range v.words {
		p := unsafe.StringData(w)
		j := addrSlot(p)
		for byAddr[j].addr != 0 {
			j = (j + 1) % vocabSlots
		}
		byAddr[j] = vocabSlot{addr: uintptr(unsafe.Pointer(p)), len: uint32(len(w)), id: uint32(i + 1)}
	}
}

// addrSlot is where the search for the word at p starts (multiplicative
// hashing of the address, by vocabMul).
func addrSlot(p *byte) uint64 {
	return slotUnder(vocabMul, p)
}

func slotUnder(mul uint64, p *byte) uint64 {
	return uint64(uintptr(unsafe.Pointer(p))) * mul >> (64 - vocabBits)
}

// perfectMul returns a multiplier under which every word's address has a
// slot of its own: Fibonacci's, else the first of a fixed sequence of odd
// numbers that does. With 185 words in 4,096 slots about one in 67 does
// (with the 147 before the details' and texts' words, one in 14): about
// 70 microseconds at start, once a process; none of vocabTries does about
// once in five million builds. Should none (or two words share an
// address), Fibonacci's, and a word whose slot another took is found the
// long way, as before.
func perfectMul(words []string) uint64 {
	var taken [vocabSlots / 64]uint64
	x := uint64(fibonacci)
	for range vocabTries {
		mul := x | 1 // odd: a multiplier that maps no two addresses alike
		clear(taken[:])
		ok := true
		for _, w := range words {
			j := slotUnder(mul, unsafe.StringData(w))
			if taken[j/64]&(1<<(j%64)) != 0 {
				ok = false
				break
			}
			taken[j/64] |= 1 << (j % 64)
		}
		if ok {
			return mul
		}
		x = x*lcgMul + lcgAdd // the next: a PCG step, its bits well spread
	}
	return fibonacci
}

const (
	fibonacci  = 0x9E3779B97F4A7C15 // 2^64 divided by the golden ratio
	vocabBits  = 12                 // log2(vocabSlots)
	vocabTries = 1 << 10
	// PCG's multiplier and increment: a sequence no two alike for 2^64
	// steps.
	lcgMul = 6364136223846793005
	lcgAdd = 1442695040888963407
)

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
