package explore

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bgsim/bgsim/scenarios"
)

// insertAt (which reads what newTarget told of each step once) puts an
// action where the rule says, read off the steps themselves: before the
// first step whose start is not known, is later, or that only lets time
// pass. Every catalog scenario, at each step's start, just around it and
// at random times.
func TestInsertAtAgreesWithTheSteps(t *testing.T) {
	all, err := scenarios.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	plain := func(tg *target, at time.Duration) int {
		for i, st := range tg.s.Steps {
			if !tg.known[i] || tg.starts[i] > at || waits(st) {
				return i
			}
		}
		return len(tg.s.Steps)
	}
	r := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for _, s := range all {
		tg := newTarget(s)
		var times []time.Duration
		for _, st := range tg.starts {
			times = append(times, st-1, st, st+1)
		}
		for range 50 {
			times = append(times, time.Duration(r.Int64N(int64(2*tg.horizon+1))))
		}
		for _, at := range times {
			if got, want := tg.insertAt(at), plain(tg, at); got != want {
				t.Fatalf("%s: an action at %v goes before step %d, want %d", s.Name, at, got, want)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no scenario checked")
	}
}
