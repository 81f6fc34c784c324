package scenarios_test

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

func runCatalog(t *testing.T, name string) []simulator.Event {
	t.Helper()
	s, ok := scenarios.Lookup(name)
	if !ok {
		t.Fatalf("no catalog scenario %q", name)
	}
	return s.Run(scenarios.Options{}).Trace
}

func TestSummaryOfCatalogRuns(t *testing.T) {
	tests := []struct {
		scenario                    string
		delivered, failed, waiting  int
		processes, wakes, violation int
		text                        []string
	}{
		{"walkthrough", 1, 0, 0, 2, 1, 0, []string{
			"Outcome: 1 of 1 transfer delivered, 0 failed, 0 waiting; 2 processes, 1 wake, 0 violations.\n",
			`task 1 "image-1" (download): delivered to the app (30000000 bytes)`}},
		{"forget-completion-handler", 1, 0, 0, 2, 1, 1, []string{
			"R-D4 at T+00:45.050", "on a device: Never called: the app is kept awake until its time runs out", "fix (bgsim explain M4): Keep the handler"}},
		{"start-in-background", 0, 0, 1, 2, 0, 0, []string{
			`task 1 "image-1" (download): still waiting: is discretionary: waits for Wi-Fi and power`}},
		{"force-quit-to-test-relaunch", 0, 1, 0, 2, 0, 0, []string{
			`task 1 "image-1" (download): failed with -999 (userForceQuit)`,
			"Did not happen: 4m56s passed after the force-quit and iOS did not launch the app"}},
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			s := scenarios.Summarize(runCatalog(t, tc.scenario))
			if s.Delivered != tc.delivered || s.Failed != tc.failed || s.Waiting != tc.waiting {
				t.Errorf("delivered/failed/waiting = %d/%d/%d, want %d/%d/%d", s.Delivered, s.Failed, s.Waiting, tc.delivered, tc.failed, tc.waiting)
			}
			if s.Processes != tc.processes || s.Wakes != tc.wakes || len(s.Violations) != tc.violation {
				t.Errorf("processes/wakes/violations = %d/%d/%d, want %d/%d/%d", s.Processes, s.Wakes, len(s.Violations), tc.processes, tc.wakes, tc.violation)
			}
			var b strings.Builder
			if err := s.WriteText(&b, 100); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, want := range tc.text {
				if !strings.Contains(out, want) {
					t.Errorf("summary lacks %q:\n%s", want, out)
				}
			}
			for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if n := len([]rune(l)); n > 100 && strings.Contains(strings.TrimSpace(l), " ") {
					t.Errorf("line of %d columns, over 100: %q", n, l)
				}
			}
		})
	}
}

// A violation is explained by the mistake of the rules page that cites its
// rule, so the summary says what a device does and how to fix it.
func TestSummaryExplainsViolationsFromTheRulebook(t *testing.T) {
	s := scenarios.Summarize([]simulator.Event{{Kind: simulator.KindViolation, Rule: simulator.RuleS2, Detail: "boom"}})
	if len(s.Violations) != 1 {
		t.Fatalf("violations = %v", s.Violations)
	}
	v := s.Violations[0]
	m, ok := scenarios.ReadRulebook().Mistake(v.Mistake)
	if !ok || v.OnDevice != m.Device || v.Fix != m.Fix {
		t.Errorf("violation %+v is not explained by its mistake %+v", v, m)
	}
}
