package scenarios

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/bgsim/bgsim/docs"
	"github.com/bgsim/bgsim/simulator"
)

// RuleEntry is one rule of iOS as the rules page (docs/ios-rules.md)
// explains it.
type RuleEntry struct {
	ID simulator.Rule
	// Group is the part of the platform the rule is about: "the app's
	// lifecycle", "background sessions", ...
	Group string
	// Confidence: doc (Apple's documentation), staff (Apple engineers),
	// seen (developers' reports), open (bgsim's choice), or several.
	Confidence string
	// Text is what iOS does and what bgsim does, in the page's words.
	Text string
	// Config lists the simulator.Config fields the text names.
	Config []string
	// Scenarios are the catalog scenarios that show the rule.
	Scenarios []string
}

// MistakeEntry is one mistake developers make, as the rules page tells it.
type MistakeEntry struct {
	ID simulator.Rule
	// Do is what developers do; Device what a device does to them, one
	// line per way of making the mistake when it has several (the page
	// breaks its cell with <br>); Fix how to do it right.
	Do, Device, Fix string
	// Rules are the rule IDs the page cites for it.
	Rules []simulator.Rule
	// Scenarios are the catalog scenarios that make the mistake; Twins
	// those that show its fix: the twins the mistake scenarios name, then
	// the scenarios labelled "twin" that cite it.
	Scenarios, Twins []string
}

// Rulebook is the rules page read into entries, in the page's order, with
// the catalog scenarios that show each.
type Rulebook struct {
	Rules    []RuleEntry
	Mistakes []MistakeEntry
}

var (
	rulebookOnce sync.Once
	rulebook     Rulebook
)

// ReadRulebook returns the rules and mistakes of the rules page bgsim was
// built with.
func ReadRulebook() Rulebook {
	rulebookOnce.Do(func() { rulebook = parseRulebook(docs.IOSRules, catalogCitations()) })
	return rulebook
}

// Explain says what breaking rule id does on a device and how to fix it,
// from the rules page: for a mistake, its own words; for a rule, the
// first mistake of the page that cites it; for a rule no mistake cites,
// the first sentence of what iOS does, with no fix. It is a
// [simulator.Explainer]: renderers given it narrate each violation with
// its effect and fix.
func Explain(id simulator.Rule) simulator.Explanation { return ReadRulebook().Explain(id) }

// Explain is [Explain] with the rules of b.
func (b Rulebook) Explain(id simulator.Rule) simulator.Explanation {
	if m, ok := b.Mistake(id); ok {
		return simulator.Explanation{Mistake: m.ID, Device: m.Device, Fix: m.Fix}
	}
	i := slices.IndexFunc(b.Mistakes, func(m MistakeEntry) bool { return slices.Contains(m.Rules, id) })
	if i >= 0 {
		m := b.Mistakes[i]
		return simulator.Explanation{Mistake: m.ID, Device: m.Device, Fix: m.Fix}
	}
	if r, ok := b.Rule(id); ok {
		return simulator.Explanation{Device: r.Summary()}
	}
	return simulator.Explanation{}
}

// Rule looks up a rule by ID.
func (b Rulebook) Rule(id simulator.Rule) (RuleEntry, bool) {
	i := slices.IndexFunc(b.Rules, func(r RuleEntry) bool { return r.ID == id })
	if i < 0 {
		return RuleEntry{}, false
	}
	return b.Rules[i], true
}

// Mistake looks up a mistake by ID.
func (b Rulebook) Mistake(id simulator.Rule) (MistakeEntry, bool) {
	i := slices.IndexFunc(b.Mistakes, func(m MistakeEntry) bool { return m.ID == id })
	if i < 0 {
		return MistakeEntry{}, false
	}
	return b.Mistakes[i], true
}

var (
	groupHeading = regexp.MustCompile(`^## ([A-Z]): (.+)$`)
	tableRow     = regexp.MustCompile(`^\| *((?:R-[A-Z]\d+)|(?:M\d+)) *\|(.*)\|\s*$`)
	ruleID       = regexp.MustCompile(`R-[A-Z]\d+`)
	codeSpan     = regexp.MustCompile("`([A-Z][A-Za-z]+)`")
)

// citations maps a rule or mistake ID to the catalog scenarios that cite
// it, and a mistake to its fixed twins.
type citations struct {
	scenarios map[string][]string
	twins     map[string][]string
}

// twinLabel labels a catalog scenario that shows the fix of a mistake: the
// twin a mistake scenario names, or a scenario that cites a mistake to
// show it done right.
const twinLabel = "twin"

// mistakeLabel labels a catalog scenario that makes a mistake (it has a
// mistake section).
const mistakeLabel = "mistake"

// catalogCitations sorts the catalog's citations: a scenario labelled
// twinLabel that cites a mistake shows its fix, not the mistake, so it
// joins the mistake's twins rather than the scenarios that show it.
func catalogCitations() citations {
	c := citations{scenarios: map[string][]string{}, twins: map[string][]string{}}
	all, err := Catalog()
	if err != nil {
		return c // the catalog is checked by its own tests
	}
	addTwin := func(id, name string) {
		if !slices.Contains(c.twins[id], name) {
			c.twins[id] = append(c.twins[id], name)
		}
	}
	for _, s := range all {
		if m := s.Mistake; m != nil && m.Twin != "" {
			addTwin(m.ID, m.Twin)
		}
	}
	for _, s := range all {
		fix := s.Mistake == nil && slices.Contains(s.Labels, twinLabel)
		for _, id := range s.Rules {
			if fix && strings.HasPrefix(id, "M") {
				addTwin(id, s.Name)
				continue
			}
			c.scenarios[id] = append(c.scenarios[id], s.Name)
		}
	}
	return c
}

// parseRulebook reads the rule tables (| ID | confidence | text |) under
// the "## L: ..." group headings and the mistake table (| ID | do |
// device | fix |) of the rules page.
func parseRulebook(page string, cites citations) Rulebook {
	var b Rulebook
	group := ""
	configFields := map[string]bool{}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[simulator.Config]()) {
		configFields[f.Name] = true
	}
	for _, line := range strings.Split(page, "\n") {
		if m := groupHeading.FindStringSubmatch(line); m != nil {
			group = m[2]
			continue
		}
		m := tableRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		id, cells := m[1], splitCells(m[2])
		switch {
		case strings.HasPrefix(id, "R-") && len(cells) == 2:
			e := RuleEntry{ID: simulator.Rule(id), Group: group, Confidence: cells[0], Text: cells[1],
				Scenarios: cites.scenarios[id]}
			for _, c := range codeSpan.FindAllStringSubmatch(cells[1], -1) {
				if configFields[c[1]] && !slices.Contains(e.Config, c[1]) {
					e.Config = append(e.Config, c[1])
				}
			}
			b.Rules = append(b.Rules, e)
		case strings.HasPrefix(id, "M") && len(cells) == 3:
			e := MistakeEntry{ID: simulator.Rule(id), Do: cells[0], Device: cellLines(cells[1]), Fix: cells[2],
				Scenarios: cites.scenarios[id], Twins: cites.twins[id]}
			for _, r := range ruleID.FindAllString(cells[1], -1) {
				if !slices.Contains(e.Rules, simulator.Rule(r)) {
					e.Rules = append(e.Rules, simulator.Rule(r))
				}
			}
			b.Mistakes = append(b.Mistakes, e)
		}
	}
	return b
}

// splitCells splits the inside of a table row at the pipes that are not
// inside a code span.
func splitCells(s string) []string {
	var cells []string
	var cur strings.Builder
	inCode := false
	for _, r := range s {
		switch {
		case r == '`':
			inCode = !inCode
		case r == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// cellLines turns the line breaks a table cell writes as <br> into
// newlines, with no space around them.
func cellLines(cell string) string {
	lines := strings.Split(cell, "<br>")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// Summary is the first sentence of the entry's text.
func (r RuleEntry) Summary() string { return firstSentence(r.Text) }

func firstSentence(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "*New in v2.* "), "*New in v2*. ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// String is the mistake in one line.
func (m MistakeEntry) String() string { return fmt.Sprintf("%s: %s", m.ID, m.Do) }
