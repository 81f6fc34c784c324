package bdd

import (
	"fmt"
	"strings"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// excerptBefore and excerptAfter are how many events a trace excerpt shows
// around the event it is about.
const (
	excerptBefore = 4
	excerptAfter  = 8
)

// line renders one event as the text timeline does:
//
//	T+00:15.050   app     DidFinishDownloading task 1: ... on delegate [R-D2]
func line(e simulator.Event) string {
	var b strings.Builder
	_ = simulator.RenderText(&b, []simulator.Event{e}, simulator.TextOptions{})
	return strings.TrimRight(b.String(), "\n")
}

// noisy reports whether e is a progress event, left out of excerpts: there
// is one a second per transfer and they bury the events that matter.
func noisy(e simulator.Event) bool {
	return e.IsProgress()
}

// excerpt renders the events of trace around index at (marked with ">"):
// a few before and after, progress events left out. marks are more indexes
// to flag with ">".
func excerpt(trace []simulator.Event, at int, marks ...int) string {
	return excerptGap(trace, at, "", append(marks, at)...)
}

// excerptGap renders the events of trace around index at, with the line
// gap (if not empty) just before trace[at]; at may be len(trace), "after
// the end". The indexes in marks are flagged with ">".
func excerptGap(trace []simulator.Event, at int, gap string, marks ...int) string {
	marked := map[int]bool{}
	for _, m := range marks {
		marked[m] = true
	}
	lo := at
	for n := 0; lo > 0 && n < excerptBefore; {
		lo--
		if !noisy(trace[lo]) || marked[lo] {
			n++
		}
	}
	hi := at
	for n := 0; hi < len(trace) && n <= excerptAfter; hi++ {
		if !noisy(trace[hi]) || marked[hi] {
			n++
		}
	}
	var b strings.Builder
	if lo > 0 {
		fmt.Fprintf(&b, "      ... %d earlier events\n", lo)
	}
	skipped := 0
	for i := lo; i < hi; i++ {
		if i == at && gap != "" {
			fmt.Fprintf(&b, "  %s\n", gap)
		}
		e := trace[i]
		if noisy(e) && !marked[i] {
			skipped++
			continue
		}
		if skipped > 0 {
			fmt.Fprintf(&b, "      ... %d progress events\n", skipped)
			skipped = 0
		}
		mark := "  "
		if marked[i] {
			mark = "> "
		}
		fmt.Fprintf(&b, "  %s#%-4d %s\n", mark, e.Seq, line(e))
	}
	if skipped > 0 {
		fmt.Fprintf(&b, "      ... %d progress events\n", skipped)
	}
	switch {
	case at >= len(trace) && gap != "":
		fmt.Fprintf(&b, "  %s\n  (end of the trace)\n", gap)
	case hi < len(trace):
		fmt.Fprintf(&b, "      ... %d later events\n", len(trace)-hi)
	}
	return b.String()
}

// at renders an event's virtual time and sequence number: "T+00:15.050 (#37)".
func at(e simulator.Event) string {
	return fmt.Sprintf("%s (#%d)", fakes.FormatOffset(e.At), e.Seq)
}

// RenderTrace is the whole trace as a text timeline, as failure reports
// attach it.
func RenderTrace(trace []simulator.Event) string {
	var b strings.Builder
	_ = simulator.RenderText(&b, trace, simulator.TextOptions{})
	return b.String()
}
