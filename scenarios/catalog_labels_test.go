package scenarios

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// mistakeSummary is how a catalog summary names the mistake it makes
// ("M14 ...") or fixes ("M14 fixed ...").
var mistakeSummary = regexp.MustCompile(`^(M\d+)( fixed)?\b`)

// TestCatalogLabelsSayWhatAScenarioIs: a catalog scenario is labelled
// "mistake" exactly when it makes one (it has a mistake section), and
// "twin" exactly when it shows a mistake's fix (a mistake names it as its
// twin, or it cites a mistake without making it). One label each, so that
// `bgsim list`, `--label-filter` and `bgsim explain` sort them alike; its
// summary starts with the mistake's ID, and "fixed" for a twin that cites
// it.
func TestCatalogLabelsSayWhatAScenarioIs(t *testing.T) {
	list, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, s := range list {
		if s.Mistake != nil {
			named[s.Mistake.Twin] = true
		}
	}
	for _, s := range list {
		citesMistake := slices.ContainsFunc(s.Rules, func(id string) bool { return strings.HasPrefix(id, "M") })
		isMistake := s.Mistake != nil
		isTwin := !isMistake && (named[s.Name] || citesMistake)
		if got := slices.Contains(s.Labels, mistakeLabel); got != isMistake {
			t.Errorf("%s: labelled %q: %v; has a mistake section: %v", s.Name, mistakeLabel, got, isMistake)
		}
		if got := slices.Contains(s.Labels, twinLabel); got != isTwin {
			t.Errorf("%s: labelled %q: %v; shows a mistake's fix: %v", s.Name, twinLabel, got, isTwin)
		}
		m := mistakeSummary.FindStringSubmatch(s.Summary)
		switch {
		case isMistake && (m == nil || m[1] != s.Mistake.ID || m[2] != ""):
			t.Errorf("%s: the summary %q does not start with %s, the mistake it makes", s.Name, s.Summary, s.Mistake.ID)
		case isTwin && citesMistake && (m == nil || m[2] == "" || !slices.Contains(s.Rules, m[1])):
			t.Errorf("%s: the summary %q does not start with the mistake it fixes, \"Mn fixed\"", s.Name, s.Summary)
		case !isMistake && !isTwin && m != nil:
			t.Errorf("%s: the summary %q names a mistake the scenario neither makes nor fixes", s.Name, s.Summary)
		}
	}
}

// TestExplainSortsMistakesFromTheirFixes (bgsim explain Mn): a mistake's
// "scenarios that show it" are those that make it; the scenarios that
// show its fix, the twins its mistake scenarios name and those labelled
// twin that cite it, are listed apart.
func TestExplainSortsMistakesFromTheirFixes(t *testing.T) {
	list, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	b := ReadRulebook()
	for _, m := range b.Mistakes {
		for _, name := range m.Scenarios {
			s, ok := Lookup(name)
			if !ok || slices.Contains(s.Labels, twinLabel) {
				t.Errorf("%s: %s is listed as showing the mistake, but shows its fix", m.ID, name)
			}
		}
		for _, s := range list {
			if s.Mistake != nil && s.Mistake.ID == string(m.ID) {
				if !slices.Contains(m.Scenarios, s.Name) || !slices.Contains(m.Twins, s.Mistake.Twin) {
					t.Errorf("%s: %s (twin %s) is missing: scenarios %v, fixes %v", m.ID, s.Name, s.Mistake.Twin, m.Scenarios, m.Twins)
				}
			}
			if s.Mistake == nil && slices.Contains(s.Rules, string(m.ID)) && !slices.Contains(m.Twins, s.Name) {
				t.Errorf("%s: %s cites it to show its fix and is not among the fixes %v", m.ID, s.Name, m.Twins)
			}
		}
	}
}
