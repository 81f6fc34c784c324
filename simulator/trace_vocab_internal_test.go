package simulator

import (
	"strings"
	"testing"
	"unsafe"
)

// vocabularyConstants are words as the code that makes events names them.
func vocabularyConstants() []string {
	var ws []string
	for _, k := range Kinds() {
		ws = append(ws, string(k))
	}
	for _, c := range Callbacks() {
		ws = append(ws, string(c))
	}
	for _, r := range append(Rules(), Mistakes()...) {
		ws = append(ws, string(r))
	}
	return append(ws, string(ActorApp), string(KindLog), string(CbDidWriteData), string(RuleD5), QueueMain)
}

func TestVocabularyFindsItsConstantsByAddress(t *testing.T) {
	// The constants events are made with are found without hashing their
	// bytes, under the ids the map gives; a copy of a word (other bytes at
	// another address) is not found by address, yet the table still names
	// it by the word's id.
	if 2*len(vocabulary.words) > vocabSlots {
		t.Fatalf("%d words in %d slots: byAddr is more than half full; double vocabSlots", len(vocabulary.words), vocabSlots)
	}
	var tbl stringTable
	for _, w := range vocabularyConstants() {
		want, ok := vocabulary.ids[w]
		if !ok {
			t.Fatalf("%q is not in the vocabulary", w)
		}
		if got, ok := vocabulary.idByAddr(w); !ok || got != want {
			t.Fatalf("idByAddr(%q) = %d, %v; want %d, true", w, got, ok, want)
		}
		c := strings.Clone(w)
		if _, ok := vocabulary.idByAddr(c); ok {
			t.Fatalf("idByAddr found a copy of %q by its address", w)
		}
		if got := tbl.word(w); got != want {
			t.Fatalf("word(%q) = %d, want %d", w, got, want)
		}
		if got := tbl.word(c); got != want {
			t.Fatalf("word(copy of %q) = %d, want %d", w, got, want)
		}
	}
	if tbl.n != 0 {
		t.Fatalf("the table stored %d of the vocabulary's words as its own", tbl.n)
	}
}

func BenchmarkVocabularyWord(b *testing.B) {
	// A fresh table per run looks up each word as a short run's events do:
	// by address (idByAddr) against hashing its bytes (the ids map).
	ws := vocabularyConstants()
	b.Run("byAddr", func(b *testing.B) {
		for b.Loop() {
			for _, w := range ws {
				if _, ok := vocabulary.idByAddr(w); !ok {
					b.Fatal(w)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ws)), "ns/word")
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			for _, w := range ws {
				if _, ok := vocabulary.ids[w]; !ok {
					b.Fatal(w)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ws)), "ns/word")
	})
}

func TestVocabularyRulesTakeOneByte(t *testing.T) {
	// A rule is on most events, a progress report's R-G3 on the most: each
	// has an id below 128, one byte in the store (the reasons and the
	// mistakes come after the rules).
	for _, r := range Rules() {
		if id := vocabulary.ids[string(r)]; id >= 0x80 {
			t.Errorf("%s has id %d: two bytes in the store", r, id)
		}
	}
}

func TestVocabularyWordsHaveSlotsOfTheirOwn(t *testing.T) {
	// Under vocabMul every word is in the slot where the search for it
	// starts, so wordAt, which looks there alone, finds each; perfectMul
	// gives up, rather than search for ever, when two words share an
	// address (a word and its prefix), which no multiplier can part.
	for id, w := range vocabulary.words {
		if got := wordAt(w); got != uint32(id+1) {
			t.Errorf("wordAt(%q) = %d, want %d: its slot is another's", w, got, id+1)
		}
	}
	word := "background-launch"
	if mul := perfectMul([]string{word, word[:10]}); mul != fibonacci {
		t.Errorf("perfectMul parted two words at one address with %#x", mul)
	}
	prefix := strings.Clone(word[:10]) // at another address: a multiplier parts them
	if mul := perfectMul([]string{word, prefix}); slotUnder(mul, unsafe.StringData(word)) == slotUnder(mul, unsafe.StringData(prefix)) {
		t.Errorf("perfectMul's %#x puts two words in one slot", mul)
	}
}
