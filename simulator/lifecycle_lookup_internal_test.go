package simulator

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// lookup finds, for every (state, event) pair and for values out of
// either range, what a scan of the table finds: the first row of the pair,
// or none.
func TestLookupFindsWhatAScanFinds(t *testing.T) {
	scan := func(from appmodel.State, ev LifecycleEvent) *Transition {
		for i := range transitions {
			if transitions[i].From == from && transitions[i].Event == ev {
				return &transitions[i]
			}
		}
		return nil
	}
	found := 0
	for from := appmodel.State(-2); int(from) <= numStates+1; from++ {
		for ev := LifecycleEvent(-2); ev <= numLifecycleEvents+1; ev++ {
			got, ok := lookup(from, ev)
			want := scan(from, ev)
			if got != want || ok != (want != nil) {
				t.Errorf("lookup(%d, %d) = %p, %v; a scan finds %p", from, ev, got, ok, want)
			}
			if ok {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatal("lookup found no row at all")
	}
}
