package bdd

import (
	"fmt"

	"github.com/onsi/ginkgo/v2"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// The kit's own stops: what keeps a run from testing what a spec is about
// (no launch events, a process that ended, transfers done too soon). Each
// fails the spec naming the line that called the kit, as its reasons do.

// expectLaunchEvents fails the spec if the kit's session does not send
// launch events: iOS never wakes the app for it (R-S5), so every check of
// a wake would fail for a reason none of theirs names.
func (r *kitRun) expectLaunchEvents() {
	ginkgo.GinkgoHelper()
	for _, b := range r.sim.Sessions() {
		if b.Identifier == r.opts.Session && !b.SendsLaunchEvents {
			r.fail(fmt.Sprintf("the app's session %s has SessionSendsLaunchEvents off, so iOS never wakes the app for its events (R-S5) "+
				"and the kit cannot test a wake: make its configuration with appmodel.BackgroundSessionConfig, which turns it on "+
				"(a zero appmodel.SessionConfig has it off)", b.Identifier))
		}
	}
}

// ended says, when the app is not running, how its last process ended:
// a crash or a kill that stopped the kit is the app's problem to fix,
// with the rule the trace gives.
func (r *kitRun) ended() string {
	if r.sim.State().Alive() {
		return ""
	}
	ends := simulator.Select(r.sim.Trace(), simulator.Pattern{Kind: simulator.KindTerminate})
	if len(ends) == 0 {
		return ""
	}
	return "\nits last process ended:\n  " + line(ends[len(ends)-1])
}

// fail fails the spec with msg, naming the line that called the kit, as
// the reasons of its checks do: the failure is reported in the kit's code.
func (r *kitRun) fail(msg string) {
	ginkgo.GinkgoHelper()
	ginkgo.Fail("bdd kit (spec of " + r.where.String() + "): " + msg)
}

// expectTransfersUnderWay fails the spec if every transfer is done
// already: the background path would go untested.
func (r *kitRun) expectTransfersUnderWay(when string) {
	ginkgo.GinkgoHelper()
	if done := simulator.Select(r.sim.Trace(), TaskCompleted()); len(done) == len(r.tasks()) {
		r.fail(fmt.Sprintf("every transfer finished (the last at %s) before the app was %s, so the background path is not exercised: serve larger files, or set a slower AppOptions.Link",
			fakes.FormatOffset(done[len(done)-1].At), when))
	}
}
