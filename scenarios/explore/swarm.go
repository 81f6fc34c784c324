package explore

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// plan is what one seed drew: the kinds of trouble it got and the actions
// they make, in time order; and, once shrunk, the target's own parameters
// the shrinker simplified.
type plan struct {
	troubles []Trouble
	jitter   bool
	actions  []action
	own      *ownCuts // nil: the target's parameters as written
}

// ownCuts are the target's own parameters as the shrinker simplified them.
type ownCuts struct {
	// sizes[i] is the size of the scenario's network.resources[i].
	sizes []scenarios.Size
	// images is the reference app's image count (0: as written).
	images int
	// tasks are the indexes of the policy app's tasks kept (nil: all).
	tasks []int
}

// cuts returns a copy of p's cuts for t, to change.
func (p plan) cuts(t *target) *ownCuts {
	c := &ownCuts{}
	if p.own != nil {
		*c = *p.own
		c.sizes, c.tasks = slices.Clone(c.sizes), slices.Clone(c.tasks)
	}
	if c.sizes == nil {
		for _, r := range t.s.Network.Resources {
			c.sizes = append(c.sizes, r.Size)
		}
	}
	return c
}

// action is one drawn step at an absolute virtual time.
type action struct {
	trouble Trouble
	step    scenarios.Step
}

func (a action) at() time.Duration { return time.Duration(*a.step.At) }

// Bounds of the draw.
const (
	minHorizon     = 30 * time.Second
	maxHorizon     = 10 * time.Minute
	maxPerTrouble  = 3
	defaultOutage  = 30 * time.Second
	recoveryPeriod = 24 * time.Hour // the tail in which every transfer can end
)

// draw is the plan of seed for target: a random subset of the allowed
// troubles, then for each a few actions at random times within the
// scenario's horizon. The stream is the seed's own, named, so that a new
// kind of draw here shifts nothing in the simulator's streams.
func draw(seed uint64, t *target, allowed []Trouble) plan {
	rng := simulator.Rand(seed, "explore.swarm")
	var p plan
	for _, k := range allowed {
		if rng.IntN(2) == 1 {
			p.troubles = append(p.troubles, k)
		}
	}
	// Room for as many actions as the troubles draw on average.
	p.actions = make([]action, 0, 2*len(p.troubles))
	for _, k := range p.troubles {
		if k == TroubleJitter {
			p.jitter = true
			continue
		}
		n := 1 + rng.IntN(maxPerTrouble)
		for range n {
			p.actions = t.drawAction(rng, k, p.actions)
		}
	}
	byTime(p.actions)
	return p
}

// byTime puts acts in time order, those at the same time in the order
// drawn. It sorts small keys, not the actions (an action holds a whole
// step), then moves each action once, in place.
func byTime(acts []action) {
	type key struct {
		at time.Duration
		i  int
	}
	var small [4 * maxPerTrouble * 16]key // no allocation for any draw of Troubles()
	keys := small[:0]
	for i := range acts {
		keys = append(keys, key{acts[i].at(), i})
	}
	slices.SortStableFunc(keys, func(a, b key) int { return cmp.Compare(a.at, b.at) })
	// Position i takes the action drawn at keys[i].i: follow each cycle of
	// that permutation with one action set aside, marking a key done by
	// pointing it at its own position.
	for start := range keys {
		if keys[start].i == start {
			continue
		}
		held := acts[start]
		i := start
		for keys[i].i != start {
			from := keys[i].i
			acts[i] = acts[from]
			keys[i].i = i
			i = from
		}
		acts[i] = held
		keys[i].i = i
	}
}

func at(d time.Duration) *scenarios.Duration {
	v := scenarios.Duration(d.Truncate(time.Millisecond))
	return &v
}

func size(n int64) *scenarios.Size {
	v := scenarios.Size(n)
	return &v
}

func boolp(b bool) *bool { return &b }

// drawAction draws the steps of one action of kind k and appends them to
// acts.
func (t *target) drawAction(rng *rand.Rand, k Trouble, acts []action) []action {
	when := time.Duration(rng.Int64N(int64(t.horizon)))
	one := func(st scenarios.Step) []action {
		st.At = at(when)
		return append(acts, action{trouble: k, step: st})
	}
	switch k {
	case TroubleFaults:
		if len(t.urls) == 0 {
			return acts
		}
		u := t.urls[rng.IntN(len(t.urls))]
		f := scenarios.Fault{URL: u.url}
		switch rng.IntN(3) {
		case 0:
			f.DropAtByte = size(rng.Int64N(max(u.size, 1)))
		case 1:
			f.StallAtByte = size(rng.Int64N(max(u.size, 1)))
			f.StallFor = scenarios.Duration(time.Duration(1+rng.IntN(120)) * time.Second)
		default:
			f.ServerError = []int{500, 502, 503}[rng.IntN(3)]
		}
		return one(scenarios.Step{Do: "fault", Fault: &f})
	case TroubleOutages:
		back := when + time.Duration(1+rng.Int64N(int64(defaultOutage)))
		return append(acts,
			action{trouble: k, step: scenarios.Step{At: at(when), Do: "offline"}},
			action{trouble: k, step: scenarios.Step{At: at(back), Do: "online"}})
	case TroubleLink:
		kind := fakes.WiFi
		if rng.IntN(3) == 0 {
			kind = fakes.Cellular
		}
		bw := scenarios.Size(100_000 * (1 + rng.Int64N(50)))
		return one(scenarios.Step{Do: "set-link", Link: &scenarios.LinkSpec{Kind: kind, Bandwidth: bw}})
	case TroublePower:
		// 1 to 100, as a scenario's set-power takes it: at 0 the phone
		// is off, which bgsim does not model (R-E6).
		battery := 1 + rng.IntN(100)
		return one(scenarios.Step{Do: "set-power", Battery: &battery, Charging: boolp(rng.IntN(2) == 0),
			LowPowerMode: boolp(rng.IntN(4) == 0)})
	case TroubleUser:
		if rng.IntN(2) == 0 {
			return one(scenarios.Step{Do: "home"})
		}
		return one(scenarios.Step{Do: "launch"})
	case TroubleKills:
		return one(scenarios.Step{Do: "memory-pressure-kill"})
	case TroubleCrashes:
		return one(scenarios.Step{Do: "crash", Message: "a crash drawn by the explorer"})
	case TroubleForceQuits:
		return one(scenarios.Step{Do: "force-quit"})
	case TroubleContent:
		if len(t.resources) == 0 {
			return acts
		}
		r := t.resources[rng.IntN(len(t.resources))]
		r.ETag = fmt.Sprintf(`"explore-%d"`, rng.IntN(1000))
		r.Pos = scenarios.Position{}
		return one(scenarios.Step{Do: "update-resource", Resource: &r})
	case TroubleUpdates:
		return one(scenarios.Step{Do: "update-app", MoveContainer: boolp(rng.IntN(2) == 0)})
	}
	return acts
}

// recovery is the tail every run ends with: the device back on Wi-Fi and
// charging, the user opening the app, and a day for transfers to end.
func recovery() []scenarios.Step {
	full := 100
	return []scenarios.Step{
		{Do: "set-link", Link: &scenarios.LinkSpec{Kind: fakes.WiFi}, Note: "explore: the device is back on Wi-Fi"},
		{Do: "set-power", Battery: &full, Charging: boolp(true), LowPowerMode: boolp(false)},
		{Do: "launch", Note: "explore: the user opens the app"},
		{Do: "run-for", For: scenarios.Duration(recoveryPeriod)},
	}
}
