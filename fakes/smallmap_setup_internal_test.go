package fakes

import (
	"iter"
	"maps"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestSmallMapAgreesWithAMap drives smallMaps of both array lengths with
// random sets, deletes and look-ups over a few keys and then many, and
// checks after each step that they agree with a Go map: keeping the first
// entries in an array, and moving them to a map when it overflows, must
// change nothing anyone can see.
func TestSmallMapAgreesWithAMap(t *testing.T) {
	t.Run("2", func(t *testing.T) { checkSmallMap(t, new(smallMap[int, [2]smallEntry[int]])) })
	t.Run("4", func(t *testing.T) { checkSmallMap(t, new(smallMap[int, [4]smallEntry[int]])) })
}

// smallMapUnderTest is what checkSmallMap needs of a smallMap of either
// length.
type smallMapUnderTest interface {
	get(k string) (int, bool)
	value(k string) int
	has(k string) bool
	set(k string, v int)
	delete(k string) bool
	len() int
	all() iter.Seq2[string, int]
}

func checkSmallMap(t *testing.T, m smallMapUnderTest) {
	rng := rand.New(rand.NewPCG(3, 5))
	want := map[string]int{}
	keys := 3 // few keys first, so that the array fills and empties
	for step := range 20_000 {
		if step == 5_000 {
			keys = 40 // then enough to overflow it
		}
		k := "k" + strconv.Itoa(rng.IntN(keys))
		switch rng.IntN(3) {
		case 0:
			m.set(k, step)
			want[k] = step
		case 1:
			_, had := want[k]
			if got := m.delete(k); got != had {
				t.Fatalf("step %d: delete(%s) = %v, want %v", step, k, got, had)
			}
			delete(want, k)
		}
		v, ok := m.get(k)
		if w, wok := want[k]; v != w || ok != wok || m.value(k) != w || m.has(k) != wok {
			t.Fatalf("step %d: get(%s) = %d, %v, want %d, %v", step, k, v, ok, w, wok)
		}
		if m.len() != len(want) {
			t.Fatalf("step %d: len %d, want %d", step, m.len(), len(want))
		}
		if got := maps.Collect(m.all()); !maps.Equal(got, want) {
			t.Fatalf("step %d: all() = %v, want %v", step, got, want)
		}
	}
	if len(want) <= 4 {
		t.Fatalf("the test ends with %d entries: it never made the map", len(want))
	}
}
