package simulator

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMovingListOrder checks the list the progress ticker walks: after
// any sequence of tasks starting and stopping to move, it holds exactly
// the moving tasks, in id order, once the ticker has put it in order; and
// tasks that start in id order, or nearly, never need that.
func TestMovingListOrder(t *testing.T) {
	const n = 300
	rng := rand.New(rand.NewPCG(1, 2))
	orders := []struct {
		name       string
		order      func() []int
		staysOrder bool // insert alone keeps the order
	}{
		{"in id order", func() []int { return mvIDs(n) }, true},
		{"nearly in order (neighbours swapped)", func() []int {
			o := mvIDs(n)
			for i := 0; i+1 < n; i += 2 {
				o[i], o[i+1] = o[i+1], o[i]
			}
			return o
		}, true},
		{"reversed", func() []int { o := mvIDs(n); slices.Reverse(o); return o }, false},
		{"shuffled", func() []int { o := mvIDs(n); rng.Shuffle(n, func(i, j int) { o[i], o[j] = o[j], o[i] }); return o }, false},
	}
	for _, c := range orders {
		t.Run(c.name, func(t *testing.T) {
			all := make([]*dtask, n)
			for i := range all {
				all[i] = &dtask{id: i + 1}
			}
			var l movingList
			unsorted := false // the session's flag (bgSession.movingUnsorted)
			moving := map[int]bool{}
			move := func(id int) {
				all[id-1].phase = phaseTransferring
				if l.insert(all[id-1]) {
					unsorted = true
				}
				moving[id] = true
			}
			stop := func(id int) {
				all[id-1].phase = phaseDone
				l.remove(all[id-1])
				delete(moving, id)
			}
			for _, id := range c.order() {
				move(id)
			}
			if c.staysOrder && unsorted {
				t.Fatalf("tasks starting %s left the list unsorted", c.name)
			}
			mvCheck(t, &l, &unsorted, all, moving)
			// Some stop, some of those start again, in a random order.
			for _, id := range mvIDs(n) {
				if rng.IntN(3) == 0 {
					stop(id)
				}
			}
			back := []int{}
			for id := 1; id <= n; id++ {
				if !moving[id] && rng.IntN(2) == 0 {
					back = append(back, id)
				}
			}
			rng.Shuffle(len(back), func(i, j int) { back[i], back[j] = back[j], back[i] })
			for _, id := range back {
				move(id)
			}
			mvCheck(t, &l, &unsorted, all, moving)
			for id := range n {
				if moving[id+1] {
					stop(id + 1)
				}
			}
			mvCheck(t, &l, &unsorted, all, moving)
			if l.first != nil || l.last != nil {
				t.Fatalf("empty list has first %v, last %v", l.first, l.last)
			}
		})
	}
}

func mvIDs(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i + 1
	}
	return o
}

// mvCheck puts l in order as the ticker does and compares it, both ways,
// with the moving set.
func mvCheck(t *testing.T, l *movingList, unsorted *bool, all []*dtask, moving map[int]bool) {
	t.Helper()
	if *unsorted {
		l.sort(all)
		*unsorted = false
	}
	var fwd, want []int
	for x := l.first; x != nil; x = x.movingNext {
		fwd = append(fwd, x.id)
	}
	for id := 1; id <= len(all); id++ {
		if moving[id] {
			want = append(want, id)
		}
	}
	if !slices.Equal(fwd, want) {
		t.Fatalf("list %v, want %v", fwd, want)
	}
	var back []int
	for x := l.last; x != nil; x = x.movingPrev {
		back = append(back, x.id)
	}
	slices.Reverse(back)
	if !slices.Equal(back, want) {
		t.Fatalf("list backwards %v, want %v", back, want)
	}
}
