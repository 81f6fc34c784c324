package scenarios_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// The rulebook is the rules page read back: every rule and mistake the
// simulator names has an entry, with a confidence and words, and the
// catalog scenarios that show it.
func TestTheRulebookHasEveryRuleAndMistake(t *testing.T) {
	b := scenarios.ReadRulebook()
	for _, id := range simulator.Rules() {
		r, ok := b.Rule(id)
		if !ok {
			t.Errorf("%s: no row on the rules page", id)
			continue
		}
		if r.Confidence == "" || r.Text == "" || r.Group == "" {
			t.Errorf("%s: confidence %q, group %q, text %q", id, r.Confidence, r.Group, r.Text)
		}
		for _, c := range strings.Split(strings.ReplaceAll(r.Confidence, ",", " "), " ") {
			switch strings.TrimSpace(strings.Trim(c, "()")) {
			case "", "doc", "staff", "seen", "open", "/", "Xamarin", "doc (Xamarin)":
			default:
				t.Errorf("%s: confidence %q is not doc, staff, seen or open", id, r.Confidence)
			}
		}
	}
	for _, id := range simulator.Mistakes() {
		m, ok := b.Mistake(id)
		if !ok {
			t.Errorf("%s: no row in the mistakes table", id)
			continue
		}
		if m.Do == "" || m.Device == "" || m.Fix == "" || len(m.Rules) == 0 {
			t.Errorf("%s: do %q, device %q, fix %q, rules %v", id, m.Do, m.Device, m.Fix, m.Rules)
		}
		if len(m.Scenarios) == 0 {
			t.Errorf("%s: no catalog scenario shows it", id)
		}
	}
	if len(b.Rules) != len(simulator.Rules()) || len(b.Mistakes) != len(simulator.Mistakes()) {
		t.Errorf("the page has %d rules and %d mistakes, the simulator %d and %d",
			len(b.Rules), len(b.Mistakes), len(simulator.Rules()), len(simulator.Mistakes()))
	}
	if r, _ := b.Rule(simulator.RuleD4); len(r.Config) == 0 || len(r.Scenarios) == 0 {
		t.Errorf("R-D4 names no Config field or no scenario: %+v", r)
	}
}

// Explain gives renderers the rules page's words for a violation: a
// mistake's own device effect and fix; for a rule, those of the first
// mistake that cites it; for a rule no mistake cites, what iOS does.
func TestRulebookExplain(t *testing.T) {
	b := scenarios.ReadRulebook()
	m4, _ := b.Mistake(simulator.MistakeM4)
	if got := scenarios.Explain(simulator.RuleD4); got.Mistake != simulator.MistakeM4 || got.Device != m4.Device || got.Fix != m4.Fix {
		t.Errorf("R-D4: %+v, want M4's device effect %q and fix %q", got, m4.Device, m4.Fix)
	}
	m7, _ := b.Mistake(simulator.MistakeM7)
	if got := scenarios.Explain(simulator.MistakeM7); got.Mistake != simulator.MistakeM7 || got.Device != m7.Device || got.Fix != m7.Fix {
		t.Errorf("M7: %+v, want its own words", got)
	}
	for _, id := range simulator.Rules() {
		cited := false
		for _, m := range b.Mistakes {
			cited = cited || slices.Contains(m.Rules, id)
		}
		if cited {
			continue
		}
		r, _ := b.Rule(id)
		if got := scenarios.Explain(id); got.Mistake != "" || got.Fix != "" || got.Device != r.Summary() {
			t.Errorf("%s (no mistake cites it): %+v, want what iOS does, %q", id, got, r.Summary())
		}
		break // one such rule shows the fallback
	}
	if got := scenarios.Explain("R-Z9"); got != (simulator.Explanation{}) {
		t.Errorf("an unknown rule is explained: %+v", got)
	}
}

// What the rules page says a device does is about a device, per way of
// making the mistake, and the rule texts say what iOS does, not what an
// earlier bgsim got wrong.
func TestRulebookSaysWhatADeviceDoes(t *testing.T) {
	b := scenarios.ReadRulebook()
	// M4 is made in three ways: a line for each, which reads on its own
	// (it begins with its way and ends with its rules), so that renderers
	// can list them.
	m4, _ := b.Mistake(simulator.MistakeM4)
	ways := strings.Split(m4.Device, "\n")
	for i, want := range []string{"Never called: the app is kept awake until its time runs out",
		"Called early: iOS takes the snapshot at once and may suspend the app", "Called twice, or off the main thread"} {
		if i >= len(ways) || !strings.HasPrefix(ways[i], want) || !strings.HasSuffix(ways[i], ").") {
			t.Errorf("M4 on a device: line %d should begin %q and end with its rules; the lines are %q", i+1, want, ways)
		}
	}
	if len(ways) != 3 || strings.Contains(m4.Device, "<br>") {
		t.Errorf("M4 on a device should be three lines, no <br> left: %q", m4.Device)
	}
	m3, _ := b.Mistake(simulator.MistakeM3)
	if !strings.Contains(m3.Do, "never recreate it") || !slices.Contains(m3.Rules, simulator.RuleI6) {
		t.Errorf("M3 leaves out never recreating the session (R-I6): %+v", m3)
	}
	m10, _ := b.Mistake(simulator.MistakeM10)
	if !strings.Contains(m10.Device, "may hold it back") || !slices.Contains(m10.Rules, simulator.RuleR1) {
		t.Errorf("M10 must keep Apple's may and name the relaunch delay (R-R1): %s", m10.Device)
	}
	for _, id := range []simulator.Rule{simulator.MistakeM7, simulator.MistakeM11} {
		m, _ := b.Mistake(id)
		if strings.Contains(m.Device, "violation") || strings.Contains(m.Device, "policy") {
			t.Errorf("%s on a device speaks of bgsim: %s", id, m.Device)
		}
	}
	// A rule no mistake cites explains its violation by its first
	// sentence: what a device does.
	if got := scenarios.Explain(simulator.RuleS3); strings.Contains(got.Device, "violation") || !strings.Contains(got.Device, "lost") {
		t.Errorf("R-S3 on a device speaks of bgsim: %s", got.Device)
	}
	// R-I3's "as soon as it is made" holds at a user launch; in a wake,
	// delivery waits for HandleEventsForBackgroundUrl (R-D7) even when the
	// session was made in FinishedLaunching, and the text must say so
	// rather than contradict R-D7.
	if i3, _ := b.Rule(simulator.RuleI3); !strings.Contains(i3.Text, "HandleEventsForBackgroundUrl") || !strings.Contains(i3.Text, "R-D7") {
		t.Errorf("R-I3 says events go to the delegate as soon as it is made, not that a wake waits for HandleEventsForBackgroundUrl (R-D7): %s", i3.Text)
	}
	for _, r := range b.Rules {
		for _, bad := range []string{"fixes a defect", "version 1, where"} {
			if strings.Contains(r.Text, bad) {
				t.Errorf("%s tells bgsim's history (%q): %s", r.ID, bad, r.Text)
			}
		}
	}
}

// An expectation may name a callback by the trace's name, its Xamarin
// name or its Swift name: all three find the same event.
func TestExpectationAcceptsXamarinAndSwiftNames(t *testing.T) {
	src, err := os.ReadFile("catalog/walkthrough-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"HandleEventsForBackgroundURL", "HandleEventsForBackgroundUrl",
		"'application(_:handleEventsForBackgroundURLSession:completionHandler:)'"} {
		y := strings.Replace(string(src), "{callback: HandleEventsForBackgroundURL}", "{callback: "+name+"}", 1)
		y = strings.Replace(y, "    downloaded-file: move\n", "    downloaded-file: move\n    work: {"+name+": 1s}\n", 1)
		s, err := scenarios.Parse("alias.yaml", []byte(y))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res := s.Run(scenarios.Options{})
		if !res.Passed() {
			t.Errorf("%s: %v %v", name, res.Err, res.Failures)
		}
		if !slices.ContainsFunc(res.Trace, func(e simulator.Event) bool {
			return e.Kind == simulator.KindLog && strings.Contains(e.Detail, "working for 1s")
		}) {
			t.Errorf("%s: the work named by it was not spent", name)
		}
	}
	if _, err := scenarios.Parse("typo.yaml", []byte(strings.Replace(string(
		src), "{callback: HandleEventsForBackgroundURL}", "{callback: HandleEventsForBackgroundUrls}", 1))); err == nil {
		t.Error("a misspelt callback is accepted")
	}
}
