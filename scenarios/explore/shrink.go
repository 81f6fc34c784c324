package explore

import (
	"slices"
	"time"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// maxShrinkRuns bounds the runs shrinking one failure may take: past it,
// the plan shrunk so far is the result.
const maxShrinkRuns = 500

// shrinker cuts a failing plan while the same property breaks. The seed
// stays the same, so the app's and the simulator's own draws do not change.
type shrinker struct {
	t          *target
	seed       uint64
	safetyOnly bool
	property   string
	runs       int
	p          plan
	b          *broken
}

// shrink cuts plan p of seed, which broke b's property, to fewer and
// simpler actions that still break it: first without the jitter, then
// delta debugging over the actions (Zeller and Hildebrandt 2002), then
// each action and the target's own parameters simplified (fewer bytes,
// fewer tasks, earlier times, weaker faults), and again until nothing
// changes or the runs are spent (maxShrinkRuns).
func (t *target) shrink(seed uint64, p plan, b *broken, safetyOnly bool) (plan, *broken) {
	s := &shrinker{t: t, seed: seed, safetyOnly: safetyOnly, property: b.property, p: p, b: b}
	if p.jitter {
		q := p
		q.jitter = false
		s.try(q)
	}
	for {
		changed := s.ddmin()
		for i := range s.p.actions {
			changed = s.simplify(func() []plan { return s.weakerFault(i) }) || changed
			changed = s.lowerAll(func() []knob { return s.actionKnobs(i) }) || changed
		}
		changed = s.simplify(s.fewerTasks) || changed
		changed = s.lowerAll(s.ownKnobs) || changed
		if !changed || s.runs >= maxShrinkRuns {
			return s.p, s.b
		}
	}
}

// try runs q and keeps it if it breaks the same property.
func (s *shrinker) try(q plan) bool {
	if s.runs >= maxShrinkRuns {
		return false
	}
	s.runs++
	_, m := s.t.run(q, s.seed, simulator.KeepNone)
	got := m.first(s.safetyOnly)
	if got == nil || got.property != s.property {
		return false
	}
	s.p, s.b = q, got
	return true
}

// withActions is p with the actions acts.
func (s *shrinker) withActions(acts []action) plan {
	q := s.p
	q.actions = acts
	return q
}

// ddmin is delta debugging over the actions: with the actions split in n
// chunks, keep one chunk alone if it still fails, else drop one, else
// split finer; until no single action can go. It reports whether it cut.
func (s *shrinker) ddmin() bool {
	cut := false
	if len(s.p.actions) > 0 && s.try(s.withActions(nil)) {
		return true
	}
	n := 2
	for len(s.p.actions) >= 2 {
		acts := s.p.actions
		n = min(n, len(acts))
		chunks := split(acts, n)
		reduced := false
		for _, c := range chunks {
			if s.try(s.withActions(c)) {
				n, reduced = 2, true
				break
			}
		}
		if !reduced && n > 2 {
			for i := range chunks {
				if s.try(s.withActions(without(chunks, i))) {
					n, reduced = max(n-1, 2), true
					break
				}
			}
		}
		if reduced {
			cut = true
			continue
		}
		if n == len(acts) || s.runs >= maxShrinkRuns {
			break
		}
		n = min(2*n, len(acts))
	}
	return cut
}

// split cuts acts into n chunks of nearly equal length, in order.
func split(acts []action, n int) [][]action {
	var out [][]action
	for i := range n {
		from, to := i*len(acts)/n, (i+1)*len(acts)/n
		out = append(out, slices.Clone(acts[from:to]))
	}
	return out
}

// without joins the chunks but chunk i.
func without(chunks [][]action, i int) []action {
	var out []action
	for j, c := range chunks {
		if j != i {
			out = append(out, c...)
		}
	}
	return out
}

// simplify keeps the first simpler plan of next() that still fails, and
// asks again, until none does. It reports whether it simplified.
func (s *shrinker) simplify(next func() []plan) bool {
	changed := false
	for {
		kept := false
		for _, q := range next() {
			if s.try(q) {
				changed, kept = true, true
				break
			}
		}
		if !kept || s.runs >= maxShrinkRuns {
			return changed
		}
	}
}

// knob is a number of the plan the shrinker lowers: a time, a byte
// offset, a size, a duration, a count. Lower is simpler; least is the
// simplest; grain is the step below which two values are the same.
type knob struct {
	cur, least, grain int64
	set               func(p plan, v int64) plan
}

// lower sets k to least if the property still breaks there, else to the
// lowest value a bisection between least and the current value finds
// that still breaks it. It reports whether it lowered k.
func (s *shrinker) lower(k knob) bool {
	if k.cur <= k.least {
		return false
	}
	if s.try(k.set(s.p, k.least)) {
		return true
	}
	lowered := false
	lo, hi := k.least, k.cur // lo passes, hi fails
	for hi-lo > k.grain && s.runs < maxShrinkRuns {
		mid := lo + (hi-lo)/2
		mid -= (mid - k.least) % k.grain
		if mid <= lo || mid >= hi {
			break
		}
		if s.try(k.set(s.p, mid)) {
			hi, lowered = mid, true
		} else {
			lo = mid
		}
	}
	return lowered
}

// lowerAll lowers each knob of knobs(), read afresh after each.
func (s *shrinker) lowerAll(knobs func() []knob) bool {
	changed := false
	for i := 0; ; i++ {
		ks := knobs()
		if i >= len(ks) || s.runs >= maxShrinkRuns {
			return changed
		}
		changed = s.lower(ks[i]) || changed
	}
}

// withStep is p with action i's step st.
func withStep(p plan, i int, st scenarios.Step) plan {
	p.actions = slices.Clone(p.actions)
	p.actions[i].step = st
	return p
}

// actionKnobs are the numbers of action i: its time (not before the
// action before it), a fault's byte and stall, an update's size.
func (s *shrinker) actionKnobs(i int) []knob {
	a := s.p.actions[i]
	lower := time.Duration(0)
	if i > 0 {
		lower = s.p.actions[i-1].at()
	}
	ks := []knob{{cur: int64(a.at()), least: int64(lower), grain: int64(time.Second), set: func(p plan, v int64) plan {
		st := p.actions[i].step
		st.At = at(time.Duration(v))
		return withStep(p, i, st)
	}}}
	fault := func(p plan, change func(*scenarios.Fault)) plan {
		st := p.actions[i].step
		g := *st.Fault
		change(&g)
		st.Fault = &g
		return withStep(p, i, st)
	}
	if f := a.step.Fault; f != nil {
		if f.DropAtByte != nil {
			ks = append(ks, knob{cur: int64(*f.DropAtByte), least: 0, grain: 1, set: func(p plan, v int64) plan {
				return fault(p, func(g *scenarios.Fault) { g.DropAtByte = size(v) })
			}})
		}
		if f.StallAtByte != nil {
			ks = append(ks, knob{cur: int64(*f.StallAtByte), least: 0, grain: 1, set: func(p plan, v int64) plan {
				return fault(p, func(g *scenarios.Fault) { g.StallAtByte = size(v) })
			}}, knob{cur: int64(f.StallFor), least: int64(time.Second), grain: int64(time.Second), set: func(p plan, v int64) plan {
				return fault(p, func(g *scenarios.Fault) { g.StallFor = scenarios.Duration(v) })
			}})
		}
	}
	if r := a.step.Resource; r != nil {
		ks = append(ks, knob{cur: int64(r.Size), least: 1, grain: 1, set: func(p plan, v int64) plan {
			st := p.actions[i].step
			res := *st.Resource
			res.Size = scenarios.Size(v)
			st.Resource = &res
			return withStep(p, i, st)
		}})
	}
	return ks
}

// weakerFault is action i with the plainest server error, if it has
// another one.
func (s *shrinker) weakerFault(i int) []plan {
	st := s.p.actions[i].step
	if f := st.Fault; f != nil && f.ServerError != 0 && f.ServerError != 500 {
		g := *f
		g.ServerError = 500
		st.Fault = &g
		return []plan{withStep(s.p, i, st)}
	}
	return nil
}

// ownKnobs are the numbers of the target's own parameters: each
// resource's size, the reference app's image count.
func (s *shrinker) ownKnobs() []knob {
	t := s.t
	cur := s.p.cuts(t)
	var ks []knob
	for i, r := range t.s.Network.Resources {
		if r.RedirectTo != "" {
			continue // its bytes are the target's
		}
		ks = append(ks, knob{cur: int64(cur.sizes[i]), least: 1, grain: 1, set: func(p plan, v int64) plan {
			p.own = p.cuts(t)
			p.own.sizes[i] = scenarios.Size(v)
			return p
		}})
	}
	if ref := t.s.App.Reference; ref != nil {
		images := max(ref.Images, 1)
		if cur.images > 0 {
			images = cur.images
		}
		ks = append(ks, knob{cur: int64(images), least: 1, grain: 1, set: func(p plan, v int64) plan {
			p.own = p.cuts(t)
			p.own.images = int(v)
			return p
		}})
	}
	return ks
}

// fewerTasks is the plan with one of the policy app's tasks fewer, each
// in turn.
func (s *shrinker) fewerTasks() []plan {
	pol := s.t.s.App.Policy
	if pol == nil {
		return nil
	}
	kept := s.p.cuts(s.t).tasks
	if kept == nil {
		for i := range pol.Tasks {
			kept = append(kept, i)
		}
	}
	var out []plan
	for j := range kept {
		if len(kept) < 2 {
			break
		}
		q := s.p
		q.own = s.p.cuts(s.t)
		q.own.tasks = slices.Delete(slices.Clone(kept), j, j+1)
		out = append(out, q)
	}
	return out
}
