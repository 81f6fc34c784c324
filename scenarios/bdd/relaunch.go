package bdd

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/bgsim/bgsim/simulator"
)

// HaveRelaunched succeeds when the daemon woke the app for session events
// exactly n times: launched it into the background or resumed it from
// suspension (R-D1). A user launch does not count. On failure it lists the
// wakes and the wakes the rate limiter deferred (R-R1).
//
//	Expect(sim).To(bdd.HaveRelaunched(1))
func HaveRelaunched(n int) types.GomegaMatcher {
	return &traceMatcher{name: "HaveRelaunched", check: func(s subject) (bool, string, string, error) {
		if n < 0 {
			return false, "", "", fmt.Errorf("bdd: HaveRelaunched(%d): a number of wakes is 0 or more", n)
		}
		var wakes, deferred []int
		for i, e := range s.trace {
			switch e.Kind {
			case simulator.KindRelaunch:
				wakes = append(wakes, i)
			case simulator.KindRelaunchDeferred:
				deferred = append(deferred, i)
			}
		}
		var b strings.Builder
		for _, i := range wakes {
			fmt.Fprintf(&b, "  #%-4d %s\n", s.trace[i].Seq, line(s.trace[i]))
		}
		if len(deferred) > 0 {
			b.WriteString("and these wakes deferred by the relaunch delay (R-R1):\n")
			for _, i := range deferred {
				fmt.Fprintf(&b, "  #%-4d %s\n", s.trace[i].Seq, line(s.trace[i]))
			}
		}
		got := fmt.Sprintf("%d background wake(s) for session events", len(wakes))
		if len(wakes) > 0 || len(deferred) > 0 {
			got += ":\n" + b.String()
		} else {
			got += "."
		}
		if len(wakes) == n {
			return true, "", fmt.Sprintf("Expected the app not to be woken %d time(s), but it was: %s", n, got), nil
		}
		return false, fmt.Sprintf("Expected %d background wake(s) for session events (R-D1), but the trace has %s", n, got), "", nil
	}}
}
