package simulator

import "strings"

// Explanation says what breaking a rule costs an app on a device and how
// to fix it. Renderers put it under a violation, in place of the generic
// sentence, when their options carry an [Explainer].
type Explanation struct {
	// Mistake is the developers' mistake that breaks the rule (M4), if
	// the explainer knows one; the reader can look it up by this ID.
	Mistake Rule
	// Device is what happens on a device: "the app stays awake until ...";
	// one line per way of making the mistake when it has several.
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

// listItem begins a paragraph that is an item of a list, one way of
// making a mistake: renderers wrap its text under itself (wrapItem).
const listItem = "- "

// paragraphs are the explanation's lines for a reader, in order: a
// sentence naming the mistake, "On a device: ...", "Fix: ...". A mistake
// made in several ways has "On a device:" and a list item for each, so
// that each reads on its own. None for the zero Explanation.
func (x Explanation) paragraphs() []string {
	if x.Device == "" && x.Fix == "" {
		return nil
	}
	ps := []string{"The app broke a rule of the platform."}
	if x.Mistake != "" {
		ps[0] = "The app broke a rule of the platform, as developers do in mistake " + string(x.Mistake) + "."
	}
	if cases := strings.Split(x.Device, "\n"); len(cases) > 1 {
		ps = append(ps, "On a device:")
		for _, c := range cases {
			ps = append(ps, listItem+c)
		}
	} else if x.Device != "" {
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

// wrapItem is wrap for a paragraph of an explanation: a list item's lines
// after its first are indented under its text, not under its dash.
func wrapItem(para string, width int) []string {
	text, ok := strings.CutPrefix(para, listItem)
	if !ok {
		return wrap(para, width)
	}
	lines := wrap(text, width-len(listItem))
	for i := range lines {
		if i == 0 {
			lines[i] = listItem + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", len(listItem)) + lines[i]
		}
	}
	return lines
}

// joinParagraphs joins paragraphs for a page that keeps line breaks: a
// blank line between paragraphs, none before a list item.
func joinParagraphs(ps []string) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
			if !strings.HasPrefix(p, listItem) {
				b.WriteString("\n")
			}
		}
		b.WriteString(p)
	}
	return b.String()
}
