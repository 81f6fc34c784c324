package simulator

import "strings"

// Explanation says what breaking a rule costs an app on a device and how
// to fix it. Renderers put it under a violation, in place of the generic
// sentence, when their options carry an [Explainer].
type Explanation struct {
	// Mistake is the developers' mistake that breaks the rule (M4), if
	// the explainer knows one; the reader can look it up by this ID.
	Mistake Rule
	// Device is what happens on a device: "the app stays awake until ...".
	Device string
	// Fix is how to do it right.
	Fix string
}

// An Explainer explains a violated rule or mistake, or returns the zero
// Explanation when it knows nothing to add. The simulator knows the rules
// only by ID; a program that has the words (bgsim's rules page, through
// the scenarios package) passes them in this form to [TextOptions],
// [MermaidOptions] and [HTMLOptions].
type Explainer func(Rule) Explanation

// genericViolation is the narration of a violation with no explanation.
const genericViolation = "The app broke a rule of the platform: on a device this is a crash, a kill, or a silent failure."

// paragraphs are the explanation's lines for a reader, in order: a
// sentence naming the mistake, "On a device: ...", "Fix: ...". None for
// the zero Explanation.
func (x Explanation) paragraphs() []string {
	if x.Device == "" && x.Fix == "" {
		return nil
	}
	ps := []string{"The app broke a rule of the platform."}
	if x.Mistake != "" {
		ps[0] = "The app broke a rule of the platform, as developers do in mistake " + string(x.Mistake) + "."
	}
	if x.Device != "" {
		ps = append(ps, "On a device: "+x.Device)
	}
	if x.Fix != "" {
		ps = append(ps, "Fix: "+x.Fix)
	}
	return ps
}

// explainViolation is the narration of violation e, one paragraph per
// line: explain's words for its rule, or the generic sentence when
// explain is nil or knows nothing.
func explainViolation(e Event, explain Explainer) []string {
	if explain != nil && e.Rule != "" {
		if ps := explain(e.Rule).paragraphs(); ps != nil {
			return ps
		}
	}
	return []string{genericViolation}
}

// NarrateWith is [Narrate] with violations explained by explain (nil:
// the generic sentence); the paragraphs of an explanation are separated
// by newlines.
func NarrateWith(e Event, explain Explainer) string {
	if e.Kind == KindViolation {
		return strings.Join(explainViolation(e, explain), "\n")
	}
	return Narrate(e)
}
