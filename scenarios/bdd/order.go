package bdd

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// HaveEventsInOrder succeeds when the trace has events matching patterns in
// this order, other events allowed between them (an ordered subsequence, as
// simulator.MatchInOrder finds it). On failure it lists the patterns with
// where each was found, names the first one not found, says whether it
// occurs earlier than expected, and shows the trace around where it was
// expected.
//
//	Expect(sim).To(bdd.HaveEventsInOrder(
//		bdd.Launch(appmodel.LaunchURLSession),
//		bdd.Callback(simulator.CbHandleEventsForBackgroundURL),
//		bdd.Callback(simulator.CbDidFinishDownloading, bdd.Task(1)),
//		bdd.Callback(simulator.CbDidFinishEventsForBackgroundSession),
//		bdd.HandlerCalled(appmodel.RefSessionIdentifier, bdd.OnQueue(simulator.QueueMain)),
//	))
func HaveEventsInOrder(patterns ...simulator.Pattern) types.GomegaMatcher {
	return &traceMatcher{name: "HaveEventsInOrder", check: func(s subject) (bool, string, string, error) {
		if len(patterns) == 0 {
			return false, "", "", fmt.Errorf("bdd: HaveEventsInOrder needs at least one pattern")
		}
		matched, missing := simulator.MatchInOrder(s.trace, patterns...)
		list := orderList(s.trace, patterns, matched, missing)
		if missing < 0 {
			neg := "Expected the trace not to have these events in this order, but it does:\n" + list
			return true, "", neg, nil
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Expected the trace to have these events in this order:\n%s\n", list)
		after, from := "the start of the trace", 0
		if missing > 0 {
			prev := s.trace[matched[missing-1]]
			after, from = at(prev), matched[missing-1]+1
		}
		fmt.Fprintf(&b, "The first not found is %d. %s: no event after %s matches it.\n", missing+1, patterns[missing], after)
		if earlier := firstMatch(s.trace[:from], patterns[missing]); earlier >= 0 {
			fmt.Fprintf(&b, "It does occur earlier, at %s, before pattern %d matched: the order is wrong.\n", at(s.trace[earlier]), missing)
		}
		gap := fmt.Sprintf("-> %d. %s was expected from here on", missing+1, patterns[missing])
		fmt.Fprintf(&b, "The trace around where it was expected:\n%s", excerptGap(s.trace, from, gap, matched...))
		return false, b.String(), "", nil
	}}
}

func orderList(trace []simulator.Event, patterns []simulator.Pattern, matched []int, missing int) string {
	var b strings.Builder
	for i, p := range patterns {
		switch {
		case i < len(matched):
			fmt.Fprintf(&b, "  %d. found    %-60s at %s\n", i+1, p, at(trace[matched[i]]))
		case i == missing:
			fmt.Fprintf(&b, "  %d. MISSING  %s\n", i+1, p)
		default:
			fmt.Fprintf(&b, "  %d. (not looked for) %s\n", i+1, p)
		}
	}
	return b.String()
}

func firstMatch(trace []simulator.Event, p simulator.Pattern) int {
	for i, e := range trace {
		if p.Matches(e) {
			return i
		}
	}
	return -1
}

// HaveNoEvent succeeds when no event of the trace matches pattern. On
// failure it lists the matching events and shows the trace around the first.
//
//	Expect(sim).To(bdd.HaveNoEvent(bdd.FileDeleted()))
func HaveNoEvent(pattern simulator.Pattern) types.GomegaMatcher {
	return &traceMatcher{name: "HaveNoEvent", check: func(s subject) (bool, string, string, error) {
		var idx []int
		for i, e := range s.trace {
			if pattern.Matches(e) {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			neg := fmt.Sprintf("Expected an event matching %s, but there is none in the trace", pattern)
			if n := len(s.trace); n > 0 {
				neg += fmt.Sprintf(" (%d events, up to %s)", n, fakes.FormatOffset(s.trace[n-1].At))
			}
			return true, "", neg, nil
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Expected no event matching %s, but the trace has %d:\n", pattern, len(idx))
		for n, i := range idx {
			if n == 5 {
				fmt.Fprintf(&b, "  ... and %d more\n", len(idx)-n)
				break
			}
			fmt.Fprintf(&b, "  #%-4d %s\n", s.trace[i].Seq, line(s.trace[i]))
		}
		fmt.Fprintf(&b, "The trace around the first:\n%s", excerpt(s.trace, idx[0]))
		return false, b.String(), "", nil
	}}
}
