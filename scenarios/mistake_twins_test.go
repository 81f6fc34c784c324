package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// consequenceOf compiles a mistake's consequence to trace patterns.
func consequenceOf(ps []EventPattern) []simulator.Pattern {
	var out []simulator.Pattern
	for _, p := range ps {
		out = append(out, p.Pattern())
	}
	return out
}

// TestMistakesDifferFromTheirTwins runs every mistake of the catalog and
// its fixed twin: the consequence the mistake names must occur, in order,
// in the mistake's trace and not in the twin's. A mistake whose trace
// cannot show its consequence (a switch that changes nothing) fails here.
func TestMistakesDifferFromTheirTwins(t *testing.T) {
	list, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, s := range list {
		if s.Mistake == nil {
			continue
		}
		covered[s.Mistake.ID] = true
		t.Run(s.Name, func(t *testing.T) {
			twin, ok := Lookup(s.Mistake.Twin)
			if !ok {
				t.Fatalf("%s names twin %q, which is not in the catalog", s.Name, s.Mistake.Twin)
			}
			if twin.Mistake != nil {
				t.Fatalf("twin %s is itself a mistake", twin.Name)
			}
			ps := consequenceOf(s.Mistake.Consequence)
			mine, theirs := s.Run(Options{}), twin.Run(Options{})
			if _, missing := simulator.MatchInOrder(mine.Trace, ps...); missing >= 0 {
				t.Errorf("%s does not show its consequence: %s is missing", s.Name, ps[missing])
			}
			if _, missing := simulator.MatchInOrder(theirs.Trace, ps...); missing < 0 {
				t.Errorf("the twin %s shows the consequence of %s too: the mistake makes no difference", twin.Name, s.Name)
			}
		})
	}
	for _, m := range simulator.Mistakes() {
		if !covered[string(m)] {
			t.Errorf("no catalog scenario shows mistake %s", m)
		}
	}
}

// TestEveryRefMistakeSwitchIsACatalogEntry: each switch of the reference
// app (bgsim run --mistake NAME) is the catalog scenario NAME, which
// switches it on and shows its consequence (checked above).
func TestEveryRefMistakeSwitchIsACatalogEntry(t *testing.T) {
	for _, name := range RefMistakeNames() {
		s, ok := Lookup(name)
		if !ok {
			t.Errorf("no catalog scenario %q for the reference app's mistake switch", name)
			continue
		}
		if s.Mistake == nil || s.App.Reference == nil || !slices.Contains(s.App.Reference.Mistakes, name) {
			t.Errorf("catalog scenario %q does not switch on mistake %q of the reference app", name, name)
		}
	}
}

// policyWalkthrough is the walkthrough's script with a policy app made of
// the given policy keys and tasks.
func policyWalkthrough(extra, tasks string) string {
	return fmt.Sprintf(`name: m
app:
  policy:
    sessions: [{identifier: com.example.bg}]
    tasks:
%s
%s
network:
  resources:
    - {url: 'https://x.example.com/a.png', size: 30MB, etag: '"a"', ranges: true}
    - {url: 'https://x.example.com/b.png', size: 30MB, etag: '"b"', ranges: true}
  uploads:
    - {url: 'https://x.example.com/up'}
steps:
  - {do: launch}
  - {at: 4s, do: home}
  - {at: 12s, do: memory-pressure-kill}
  - {at: 5m, do: launch}
  - {do: run-for, for: 5s}
`, tasks, extra)
}

const taskA = "      - {name: a, url: 'https://x.example.com/a.png'}"

// TestEveryMistakeIsExpressibleAsPolicy writes each mistake of the M list
// that the catalog shows with the reference app as a policy app instead
// (no Go), and checks that it shows the consequence against the same
// policy done right.
func TestEveryMistakeIsExpressibleAsPolicy(t *testing.T) {
	cases := []struct {
		id, extra, tasks, consequence string
	}{
		{"M2", "", "      - {name: a, url: 'https://x.example.com/a.png', kind: download-with-completion-handler}", "{kind: violation, rule: R-S2}"},
		{"M3", "    relaunch-identifier: com.example.other", taskA, "{kind: violation, rule: R-D4}"},
		{"M3", "    task-state: memory", taskA, "{kind: app.log, detail: matches no download}"},
		{"M4", "    completion-handler: {when: never}", taskA, "{kind: violation, rule: R-D4}"},
		{"M4", "    completion-handler: {on: delegate-queue}", taskA, "{kind: violation, rule: R-D3}"},
		{"M4", "    completion-handler: {when: twice}", taskA, "{kind: violation, rule: R-D4}"},
		{"M4", "    completion-handler: {when: early}", taskA, "{kind: violation, rule: R-D4}"},
		{"M5", "    downloaded-file: read-on-other-queue", taskA, "{kind: app.log, detail: could not read the download}"},
		{"M5", "    downloaded-file: read-later", taskA, "{kind: app.log, detail: could not read the download}"},
		{"M7", "    session-per-task: true", taskA + "\n      - {name: b, url: 'https://x.example.com/b.png'}", "{kind: violation, rule: R-I1}"},
		{"M8", "", taskA + "\n      - {name: b, url: 'https://x.example.com/b.png', start: wake}", "{kind: task.wait, rule: R-R1}"},
		{"M9", "", "      - {name: a, url: 'https://x.example.com/up', kind: upload-from-data, size: 2MB}", "{kind: violation, rule: R-S2}"},
		{"M9", "", "      - {name: a, url: 'https://x.example.com/a.png', kind: data}", "{kind: task.complete, code: -997}"},
		{"M10", "", "      - {name: a, url: 'https://x.example.com/a.png', start: enter-background}", "{kind: task.wait, rule: R-S6}"},
		{"M11", "", taskA, ""}, // ui-updates below
	}
	cases[len(cases)-1].extra = "    ui-updates: off-main"
	cases[len(cases)-1].consequence = "{kind: violation, rule: R-D5}"
	fixed := mustParse(t, policyWalkthrough("", taskA)).Run(Options{})
	if len(fixed.Failures) > 0 || fixed.Err != nil || len(fixed.Sim.Violations()) > 0 {
		t.Fatalf("the policy done right fails: %v %v %v", fixed.Err, fixed.Failures, fixed.Sim.Violations())
	}
	for _, c := range cases {
		t.Run(c.id+strings.ReplaceAll(c.extra, " ", ""), func(t *testing.T) {
			src := policyWalkthrough(c.extra, c.tasks) + "mistake:\n  id: " + c.id + "\n  twin: x\n  consequence:\n    - " + c.consequence + "\n"
			s := mustParse(t, src)
			res := s.Run(Options{})
			ps := consequenceOf(s.Mistake.Consequence)
			if _, missing := simulator.MatchInOrder(res.Trace, ps...); missing >= 0 {
				t.Errorf("the policy app with %q does not show %s", c.extra+c.tasks, ps[missing])
			}
			if _, missing := simulator.MatchInOrder(fixed.Trace, ps...); missing < 0 {
				t.Errorf("the fixed policy shows %s too", ps[0])
			}
		})
	}
}

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	s, err := Parse("inline.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
