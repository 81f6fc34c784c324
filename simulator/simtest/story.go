package simtest

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Sig names an event of the background-transfer story in a few words, or
// "" for the events a story leaves out (progress, logs, the network, the
// files):
//
//	launch(url-session)            a process launched, and why
//	terminate(memory-pressure)     a process ended, and why
//	→suspended                     a lifecycle transition, by its new state
//	FinishedLaunching(user)        an AppDelegate method (with its reason)
//	DidFinishDownloading#1         a SessionDelegate method (with its task)
//	connect                        a process connected to a background session
//	wake, wake-deferred            the daemon woke the app, or the rate limiter delayed it
//	handler(main)                  the app called the completion handler, on that queue
//	snapshot                       iOS took the UI snapshot after the handler
//	violation(R-D4)                a rule the app broke
func Sig(e simulator.Event) string {
	switch e.Kind {
	case simulator.KindLaunch:
		return "launch(" + e.Reason + ")"
	case simulator.KindTerminate:
		return "terminate(" + e.Reason + ")"
	case simulator.KindTransition:
		return "→" + e.To
	case simulator.KindAppCallback:
		if e.Reason != "" {
			return string(e.Callback) + "(" + e.Reason + ")"
		}
		return string(e.Callback)
	case simulator.KindSessionCallback:
		if e.Callback == simulator.CbDidWriteData || e.Callback == simulator.CbDidReceiveData && e.IsProgress() {
			return ""
		}
		if e.Task != 0 {
			return fmt.Sprintf("%s#%d", e.Callback, e.Task)
		}
		return string(e.Callback)
	case simulator.KindConnect:
		return "connect"
	case simulator.KindRelaunch:
		return "wake"
	case simulator.KindRelaunchDeferred:
		return "wake-deferred"
	case simulator.KindHandlerCall:
		return "handler(" + e.Queue + ")"
	case simulator.KindSnapshot:
		return "snapshot"
	case simulator.KindViolation:
		return "violation(" + string(e.Rule) + ")"
	}
	return ""
}

// Story is the [Sig] of every event p matches from offset from on, the
// events Sig leaves out left out: the story of a run in a list a test can
// compare. Story(0, simulator.Pattern{}) is the whole run.
func (e *Env) Story(from time.Duration, p simulator.Pattern) []string {
	var out []string
	for _, ev := range e.sim.Trace() {
		if ev.At < from || !p.Matches(ev) {
			continue
		}
		if s := Sig(ev); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// InOrder checks that want appears in have in this order, other entries
// possibly between, and says which entry was not found otherwise.
func InOrder(have []string, want ...string) error {
	i := 0
	for _, s := range have {
		if i < len(want) && s == want[i] {
			i++
		}
	}
	if i == len(want) {
		return nil
	}
	after := "the start"
	if i > 0 {
		after = fmt.Sprintf("%q", want[i-1])
	}
	return fmt.Errorf("simtest: %q not found after %s in %q (want %q in this order)", want[i], after, have, want)
}

// States is the app's state when each trace event was recorded, index by
// index with Trace: the state the latest lifecycle transition before it
// left the app in.
func (e *Env) States() []appmodel.State {
	tr := e.sim.Trace()
	out := make([]appmodel.State, len(tr))
	st := appmodel.NotRunning
	for i, ev := range tr {
		if ev.Kind == simulator.KindTransition {
			st = parseState(ev.To)
		}
		out[i] = st
	}
	return out
}

// parseState is the state the trace names s; -1 for a name it does not know.
func parseState(s string) appmodel.State {
	for st := appmodel.NotRunning; st <= appmodel.Terminated; st++ {
		if st.String() == s {
			return st
		}
	}
	return -1
}

// Covers reports, as an error, whether segs run contiguously over
// [0, size): a file's Segments, checked for a gap, an overlap or a
// missing end after a download was resumed.
func Covers(segs []fakes.Segment, size int64) error {
	if len(segs) == 0 {
		return fmt.Errorf("simtest: no segments, want [0, %d)", size)
	}
	if segs[0].From != 0 {
		return fmt.Errorf("simtest: the first segment starts at %d, not 0", segs[0].From)
	}
	for i := 1; i < len(segs); i++ {
		if segs[i].From != segs[i-1].To {
			return fmt.Errorf("simtest: segment %d starts at %d, segment %d ended at %d", i, segs[i].From, i-1, segs[i-1].To)
		}
	}
	if end := segs[len(segs)-1].To; end != size {
		return fmt.Errorf("simtest: the segments end at %d, want %d", end, size)
	}
	return nil
}
