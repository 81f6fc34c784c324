package explore

import (
	"testing"
)

func TestEnumIndexFindsEveryStringOfItsList(t *testing.T) {
	// "abcdefghi" and "aXcdefghi" differ only in a byte the key leaves out: no
	// multiplier separates them, and the map finds them.
	lists := map[string][]string{
		"kinds":       asStrings(kindList),
		"rules":       asStrings(ruleList),
		"inseparable": {"abcdefghi", "aXcdefghi", "", "x"},
	}
	for name, list := range lists {
		x := newEnumIndex(list)
		for i, s := range list {
			if got, ok := x.of(s); !ok || got != i {
				t.Errorf("%s: %q at %d, %v; want %d", name, s, got, ok, i)
			}
			// A copy of s (not the same bytes in memory) is found too.
			if got, ok := x.of(string([]byte(s))); !ok || got != i {
				t.Errorf("%s: a copy of %q at %d, %v; want %d", name, s, got, ok, i)
			}
		}
		for _, s := range []string{"no.such-kind", "R-Z9", "abcdefghj"} {
			if i, ok := x.of(s); ok {
				t.Errorf("%s: %q found at %d", name, s, i)
			}
		}
		t.Logf("%s: %d of %d strings in slots", name, x.place(x.mul, list, false), len(list))
	}
	// The trace's own kinds and rules all go in slots.
	for _, list := range [][]string{asStrings(kindList), asStrings(ruleList)} {
		x := newEnumIndex(list)
		if n := x.place(x.mul, list, false); n != len(list) {
			t.Errorf("%d of %d strings in slots, want all", n, len(list))
		}
	}
}
