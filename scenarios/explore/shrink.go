package explore

import (
	"slices"
	"time"

	"github.com/bgsim/bgsim/simulator"
)

// shrink cuts plan p of seed, which broke b's property, to fewer and
// simpler actions that still break it (delta debugging, Zeller and
// Hildebrandt 2002): first without the jitter, then dropping chunks of
// actions, halving the chunk size when none can go, then moving each
// remaining action as early as it can go. The seed stays the same, so the
// app's and the simulator's own draws do not change.
func (t *target) shrink(seed uint64, p plan, b *broken, safetyOnly bool) (plan, *broken) {
	fails := func(q plan) *broken {
		_, m := t.run(q, seed, simulator.KeepHash)
		got := m.first(safetyOnly)
		if got != nil && got.property == b.property {
			return got
		}
		return nil
	}
	if p.jitter {
		q := p
		q.jitter = false
		if got := fails(q); got != nil {
			p, b = q, got
		}
	}
	n := 2
	for len(p.actions) > 0 {
		chunk := max(len(p.actions)/n, 1)
		cut := false
		for start := 0; start < len(p.actions); start += chunk {
			q := p
			q.actions = slices.Delete(slices.Clone(p.actions), start, min(start+chunk, len(p.actions)))
			if got := fails(q); got != nil {
				p, b, cut = q, got, true
				break
			}
		}
		switch {
		case cut:
			n = max(n-1, 2)
		case chunk == 1:
			return t.earlier(p, b, fails)
		default:
			n = min(n*2, len(p.actions))
		}
	}
	return p, b
}

// earlier moves each action to the earliest whole second (by halving the
// distance) at which the property still breaks.
func (t *target) earlier(p plan, b *broken, fails func(plan) *broken) (plan, *broken) {
	for i := range p.actions {
		for {
			cur := p.actions[i].at()
			to := (cur / 2).Truncate(time.Second)
			if i > 0 {
				to = max(to, p.actions[i-1].at())
			}
			if to >= cur {
				break
			}
			q := p
			q.actions = slices.Clone(p.actions)
			st := q.actions[i].step
			st.At = at(to)
			q.actions[i].step = st
			got := fails(q)
			if got == nil {
				break
			}
			p, b = q, got
		}
	}
	return p, b
}
