package bdd

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/bgsim/bgsim/simulator"
)

// violationIndexes are the indexes of the trace's violation events, whose
// rule is rule (any rule if rule is "").
func violationIndexes(trace []simulator.Event, rule simulator.Rule) []int {
	var out []int
	for i, e := range trace {
		if e.Kind == simulator.KindViolation && (rule == "" || e.Rule == rule) {
			out = append(out, i)
		}
	}
	return out
}

// listViolations renders the violations at idx, one a line:
// "T+00:45.050 violation R-D4 process 2: the completion handler ... was never called".
func listViolations(trace []simulator.Event, idx []int) string {
	var b strings.Builder
	for _, i := range idx {
		e := trace[i]
		fmt.Fprintf(&b, "  %s\n", simulator.Violation{At: e.At, Process: e.Process, Rule: e.Rule, Detail: e.Detail})
	}
	return b.String()
}

// HaveNoViolations succeeds when the app broke no rule of the platform: the
// trace has no violation event. On failure it lists every violation with its
// virtual time and rule ID, and shows the trace around the first one.
//
//	Expect(sim).To(bdd.HaveNoViolations())
func HaveNoViolations() types.GomegaMatcher {
	return &traceMatcher{name: "HaveNoViolations", check: func(s subject) (bool, string, string, error) {
		idx := violationIndexes(s.trace, "")
		if len(idx) == 0 {
			return true, "", "Expected the app to break a rule of the platform, but the trace has no violation", nil
		}
		msg := fmt.Sprintf("Expected no violations, but the app broke %d rule(s):\n%s\nThe trace around the first one:\n%s",
			len(idx), listViolations(s.trace, idx), excerpt(s.trace, idx[0]))
		return false, msg, "", nil
	}}
}

// HaveViolation succeeds when the trace records at least one violation of
// rule (a rule R-.. or a mistake M..). On failure it says which violations
// the trace has instead.
//
//	Expect(sim).To(bdd.HaveViolation(simulator.RuleD4))
func HaveViolation(rule simulator.Rule) types.GomegaMatcher {
	return &traceMatcher{name: "HaveViolation", check: func(s subject) (bool, string, string, error) {
		if !rule.Known() {
			return false, "", "", fmt.Errorf("bdd: HaveViolation(%q): not a rule or mistake ID; use a simulator.Rule constant", string(rule))
		}
		idx := violationIndexes(s.trace, rule)
		if len(idx) > 0 {
			neg := fmt.Sprintf("Expected no violation of %s, but the trace has %d:\n%s\nThe trace around the first one:\n%s",
				rule, len(idx), listViolations(s.trace, idx), excerpt(s.trace, idx[0]))
			return true, "", neg, nil
		}
		others := violationIndexes(s.trace, "")
		msg := fmt.Sprintf("Expected a violation of %s, but the trace has none", rule)
		if len(others) == 0 {
			msg += " and no other violation either"
			if n := len(s.trace); n > 0 {
				msg += fmt.Sprintf(" (%d events, up to %s)", n, at(s.trace[n-1]))
			}
			return false, msg, "", nil
		}
		return false, msg + "; it has these instead:\n" + listViolations(s.trace, others), "", nil
	}}
}
