package bdd

import (
	"fmt"

	"github.com/onsi/gomega/types"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// BeInState succeeds when the app is in state now: asked of a Sim or an
// Env, or read from the last lifecycle transition of a trace. On failure it
// shows the end of the trace, so the reader sees how the app got where it
// is.
//
//	Expect(sim).To(bdd.BeInState(appmodel.Suspended))
func BeInState(state appmodel.State) types.GomegaMatcher {
	return &traceMatcher{name: "BeInState", check: func(s subject) (bool, string, string, error) {
		got := s.state()
		last := lastTransition(s.trace)
		var where string
		if last >= 0 {
			where = fmt.Sprintf(" since %s", at(s.trace[last]))
		}
		tail := ""
		if last >= 0 {
			tail = "\nThe trace around the last change of state:\n" + excerpt(s.trace, last)
		}
		if got == state {
			return true, "", fmt.Sprintf("Expected the app not to be %s, but it is%s%s", state, where, tail), nil
		}
		return false, fmt.Sprintf("Expected the app to be %s, but it is %s%s%s", state, got, where, tail), "", nil
	}}
}

func lastTransition(trace []simulator.Event) int {
	for i := len(trace) - 1; i >= 0; i-- {
		if trace[i].Kind == simulator.KindTransition {
			return i
		}
	}
	return -1
}
