package simulator

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The store answers as a map would, with its keys in order, whether it
// holds few keys (in the order they were set, looked up one by one) or
// more than defaultsScan (sorted, looked up by halves), through sets,
// replacements and removals that cross between the two.
func TestDefaultsStoreAgainstMap(t *testing.T) {
	keys := []string{"", "a", "b", "ab", "ba", "Done", "Started", "SessionID", "ImagePath", "k1", "k2", "k10", "zz", "Z", "é"}
	if len(keys) <= defaultsScan+2 {
		t.Fatalf("%d keys do not reach past the scan's %d", len(keys), defaultsScan)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var d defaultsStore
	want := map[string]string{}
	largest := 0
	for step := range 20000 {
		k := keys[rng.IntN(len(keys))]
		switch rng.IntN(4) {
		case 0:
			d.Remove(k)
			delete(want, k)
		case 1:
			n := rng.IntN(100)
			d.SetInt(k, n)
			want[k] = strconv.Itoa(n)
		default:
			v := "v" + strconv.Itoa(step)
			d.SetString(k, v)
			want[k] = v
		}
		largest = max(largest, len(d.entries))
		if len(d.entries) > defaultsScan && !slices.IsSortedFunc(d.entries, func(a, b defaultsEntry) int { return strings.Compare(a.key, b.key) }) {
			t.Fatalf("step %d: %d entries, past the scan's %d, are not sorted by key", step, len(d.entries), defaultsScan)
		}
		for _, q := range keys {
			got, ok := d.get(q)
			w, wok := want[q]
			if got != w || ok != wok {
				t.Fatalf("step %d: get(%q) = %q, %v; want %q, %v", step, q, got, ok, w, wok)
			}
		}
		wantKeys := make([]string, 0, len(want))
		for k := range want {
			wantKeys = append(wantKeys, k)
		}
		slices.Sort(wantKeys)
		if got := d.Keys(); !slices.Equal(got, wantKeys) {
			t.Fatalf("step %d: Keys() = %q, want %q", step, got, wantKeys)
		}
	}
	if largest <= defaultsScan {
		t.Fatalf("the store never held more than %d keys: the search by halves went untested", largest)
	}
}

// BenchmarkDefaultsReads is the reference app's reads and writes of its
// four keys over a walkthrough, roughly: mostly reads of keys that are
// there, some of keys that are not yet.
func BenchmarkDefaultsReads(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var d defaultsStore
		_ = d.String("SessionID")
		_ = d.Int("Started")
		d.SetString("SessionID", "com.example.refapp.background")
		d.SetInt("Started", 3)
		for range 3 {
			d.SetInt("Done", d.Int("Done")+1)
			if d.String("ImagePath") == "" {
				d.SetString("ImagePath", "Documents/photo-1.jpg")
			}
		}
		_ = d.String("SessionID")
		_ = d.Int("Done")
		_ = d.String("ImagePath")
	}
}
