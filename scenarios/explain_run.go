package scenarios

import (
	"slices"

	"github.com/bgsim/bgsim/simulator"
)

// PlantedMistakes returns the mistakes a run plants on purpose: the
// mistake a catalog scenario of that name shows (its mistake block), and
// the mistake behind each of the reference app's switches (a --mistake
// flag, or the header of a trace such a run wrote), in the order first
// seen. Unknown names add nothing.
func PlantedMistakes(scenario string, switches []string) []simulator.Rule {
	var planted []simulator.Rule
	add := func(id string) {
		if r := simulator.Rule(id); r.IsMistake() && !slices.Contains(planted, r) {
			planted = append(planted, r)
		}
	}
	if s, ok := Lookup(scenario); ok && s.Mistake != nil {
		add(s.Mistake.ID)
	}
	for _, m := range switchMistakes(switches) {
		add(string(m))
	}
	return planted
}

// Planted is [PlantedMistakes] for scenario s (a catalog scenario or a
// user's file): its mistake block and its reference app's switches, then
// the extra switches.
func (s *Scenario) Planted(switches []string) []simulator.Rule {
	var planted []simulator.Rule
	if s.Mistake != nil && simulator.Rule(s.Mistake.ID).IsMistake() {
		planted = append(planted, simulator.Rule(s.Mistake.ID))
	}
	var own []string
	if ref := s.App.Reference; ref != nil {
		own = ref.Mistakes
	}
	for _, m := range switchMistakes(append(slices.Clone(own), switches...)) {
		if !slices.Contains(planted, m) {
			planted = append(planted, m)
		}
	}
	return planted
}

// switchMistakes maps the reference app's switches to their mistakes:
// the mistake of the scenario that shows each (ShowingSwitch).
func switchMistakes(switches []string) []simulator.Rule {
	var ms []simulator.Rule
	for _, sw := range switches {
		if s := ShowingSwitch(sw); s != nil {
			ms = append(ms, simulator.Rule(s.Mistake.ID))
		}
	}
	return ms
}

// ShowingSwitch is the catalog's mistake scenario that shows the
// reference app's mistake switch sw (RefOptions.Mistakes, bgsim run
// --mistake): of the mistake scenarios that switch it on, the one with the
// fewest other switches (task-per-wake alone shows M8; with
// handler-only-when-no-tasks, which needs it, M15). It is nil if none
// does.
func ShowingSwitch(sw string) *Scenario {
	all, err := Catalog()
	if err != nil {
		return nil // the catalog is checked by its own tests
	}
	var best *Scenario
	for _, s := range all {
		ref := s.App.Reference
		if s.Mistake == nil || ref == nil || !slices.Contains(ref.Mistakes, sw) {
			continue
		}
		if best == nil || len(ref.Mistakes) < len(best.App.Reference.Mistakes) {
			best = s
		}
	}
	return best
}

// ExplainRun is an explainer for a run that plants the given mistakes
// ([PlantedMistakes]). A run of the reference app breaks no rule unless a
// mistake is planted, so a violation in such a run is the planted
// mistake's doing even when the rule it breaks is another's (a session
// recreated under a new identifier, M3, leaves the completion handler
// uncalled, R-D4): the explanation names the planted mistake that cites
// the rule, else the only one planted, and otherwise is [Explain]'s.
func ExplainRun(planted ...simulator.Rule) simulator.Explainer {
	if len(planted) == 0 {
		return Explain
	}
	book := ReadRulebook()
	return func(id simulator.Rule) simulator.Explanation {
		var cause simulator.Rule
		for _, m := range planted {
			if e, ok := book.Mistake(m); ok && (m == id || slices.Contains(e.Rules, id)) {
				cause = m
				break
			}
		}
		if cause == "" && len(planted) == 1 {
			cause = planted[0]
		}
		if e, ok := book.Mistake(cause); ok {
			return simulator.Explanation{Mistake: e.ID, Device: e.Device, Fix: e.Fix}
		}
		return book.Explain(id)
	}
}
