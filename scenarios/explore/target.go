package explore

import (
	"slices"
	"sync"
	"time"

	"github.com/bgsim/bgsim/scenarios"
)

// Target is what an exploration runs: a scenario, from the built-in
// catalog (scenarios.Lookup) or a file (scenarios.Load). A team exploring
// its own Go app model registers it (scenarios.Register) and names it in
// the scenario's app block.
type Target struct {
	Scenario *scenarios.Scenario
}

// target is a Target prepared for drawing: the URLs trouble can hit, and
// when each step of the scenario starts, where that is known.
type target struct {
	s         *scenarios.Scenario
	urls      []targetURL
	resources []scenarios.Resource
	horizon   time.Duration
	// starts[i] is when step i starts, and known[i] whether that can be
	// told before running (a step after a run-until cannot).
	starts []time.Duration
	known  []bool
	// before[i]: an action goes before step i whatever its time, as the
	// step's start is not known or the step only lets time pass
	// (insertAt). Told once: insertAt, called per step and action of
	// every seed, read each step anew (a copy of it, 3.8% of a seed's
	// instructions with every trouble on).
	before []bool
	// hangLimit is Options.HangLimit: the real time one seed may take.
	hangLimit time.Duration
	// strictLimits is Options.StrictLimits.
	strictLimits bool
	// spec is what the properties need of the scenario.
	spec *spec
	// tail is recovery(), made once: no run changes a step it is given.
	tail []scenarios.Step
	// stepBufs holds *[]scenarios.Step a seed that broke nothing is done
	// with, for the next seed's steps: the script is most of what a seed
	// allocates before it runs.
	stepBufs sync.Pool
}

type targetURL struct {
	url  string
	size int64
}

func newTarget(s *scenarios.Scenario) *target {
	t := &target{s: s, spec: newSpec(s), tail: recovery()}
	for _, r := range s.Network.Resources {
		t.urls = append(t.urls, targetURL{r.URL, int64(r.Size)})
		t.resources = append(t.resources, r)
	}
	for _, u := range s.Network.Uploads {
		t.urls = append(t.urls, targetURL{u.URL, 1_000_000})
	}
	now, known := time.Duration(0), true
	for _, st := range s.Steps {
		switch {
		case st.At != nil:
			now, known = max(now, time.Duration(*st.At)), true
		case st.After != nil:
			now += time.Duration(*st.After)
		}
		t.starts = append(t.starts, now)
		t.known = append(t.known, known)
		t.before = append(t.before, !known || waits(st))
		switch st.Do {
		case "run-for":
			now += time.Duration(st.For)
		case "run-until", "run-until-idle":
			known = false
		}
	}
	t.horizon = min(max(now, minHorizon), maxHorizon)
	return t
}

// waits reports whether step st only lets time pass.
func waits(st scenarios.Step) bool {
	return st.Do == "run-for" || st.Do == "run-until" || st.Do == "run-until-idle"
}

// insertAt is where in the scenario's steps an action at virtual time at
// goes: before the first step that starts later, whose start cannot be
// told, or that only lets time pass (the action then comes at its time,
// and the wait after it).
func (t *target) insertAt(at time.Duration) int {
	for i, b := range t.before {
		if b || t.starts[i] > at {
			return i
		}
	}
	return len(t.before)
}

// steps is the scenario's script with the actions in it and the recovery
// tail after it, in out's array if it has room.
func (t *target) steps(actions []action, out []scenarios.Step) []scenarios.Step {
	if n := len(t.s.Steps) + len(actions) + len(t.tail); cap(out) < n {
		out = make([]scenarios.Step, 0, n)
	}
	out = out[:0]
	next := 0
	for i := range t.s.Steps {
		for next < len(actions) && t.insertAt(actions[next].at()) == i {
			out = append(out, actions[next].step)
			next++
		}
		out = append(out, t.s.Steps[i]) // copied once, not into a loop variable first
	}
	for ; next < len(actions); next++ {
		out = append(out, actions[next].step)
	}
	return append(out, t.tail...)
}

// derive is the scenario plan p runs: the target with steps, p's
// (target.steps), and the target's own parameters as p cut them.
func (t *target) derive(p plan, steps []scenarios.Step) *scenarios.Scenario {
	s := *t.s
	s.Steps = steps
	c := p.own
	if c == nil {
		return &s
	}
	if c.sizes != nil {
		s.Network.Resources = slices.Clone(s.Network.Resources)
		for i := range s.Network.Resources {
			s.Network.Resources[i].Size = c.sizes[i]
		}
	}
	if ref := s.App.Reference; ref != nil && c.images > 0 {
		r := *ref
		r.Images = c.images
		s.App.Reference = &r
	}
	if pol := s.App.Policy; pol != nil && c.tasks != nil {
		q := *pol
		q.Tasks = nil
		for _, i := range c.tasks {
			q.Tasks = append(q.Tasks, pol.Tasks[i])
		}
		s.App.Policy = &q
	}
	return &s
}

// versions is what the server publishes in a run of the derived scenario
// s: its resources and its update-resource steps.
func (t *target) versions(p plan, s *scenarios.Scenario) versions {
	if p.own == nil || p.own.sizes == nil {
		return t.spec.vers.withSteps(s.Steps)
	}
	v := newVersions()
	for _, r := range s.Network.Resources {
		v.add(r)
	}
	return v.withSteps(s.Steps)
}
