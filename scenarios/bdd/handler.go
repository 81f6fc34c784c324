package bdd

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/bgsim/bgsim/simulator"
)

// HaveCalledCompletionHandler succeeds when, at every background wake for
// session (every HandleEventsForBackgroundURL for it), the app called the
// completion handler exactly once, on the main thread, after
// DidFinishEventsForBackgroundSession (R-D3, R-D4), in the process that was
// woken. It fails if the app was never woken for session, and an empty
// session is an error. On failure it says what went wrong at which wake,
// with virtual times, and shows the trace there.
//
//	Expect(sim).To(bdd.HaveCalledCompletionHandler(appmodel.RefSessionIdentifier))
func HaveCalledCompletionHandler(session string) types.GomegaMatcher {
	return &traceMatcher{name: "HaveCalledCompletionHandler", check: func(s subject) (bool, string, string, error) {
		if session == "" {
			// In a pattern "" matches every session: the wakes of all of
			// them would be found, and none of their handlers.
			return false, "", "", fmt.Errorf("bdd: HaveCalledCompletionHandler: the session identifier is empty; " +
				"pass the identifier of the app's background session")
		}
		wakes := handleEventsIndexes(s.trace, session)
		if len(wakes) == 0 {
			msg := fmt.Sprintf("Expected the completion handler of session %s to be called, but the app was never woken for it: "+
				"the trace has no HandleEventsForBackgroundURL for this session (R-D1)", session)
			if w := firstMatch(s.trace, Callback(simulator.CbHandleEventsForBackgroundURL)); w >= 0 {
				msg += fmt.Sprintf("; there is one for session %s at %s", s.trace[w].Session, at(s.trace[w]))
			}
			return false, msg, "", nil
		}
		for n, h := range wakes {
			end := len(s.trace)
			if n+1 < len(wakes) {
				end = wakes[n+1]
			}
			if problem, where := checkWake(s.trace, session, h, end); problem != "" {
				msg := fmt.Sprintf("Expected the completion handler of session %s to be called once, on the main thread, "+
					"after DidFinishEventsForBackgroundSession, at each of its %d wake(s).\nAt the wake of %s (HandleEventsForBackgroundURL in process %d): %s\n"+
					"The trace there:\n%s", session, len(wakes), at(s.trace[h]), s.trace[h].Process, problem, excerpt(s.trace, where, h))
				return false, msg, "", nil
			}
		}
		neg := fmt.Sprintf("Expected the completion handler of session %s not to be called properly, but at each of its %d wake(s) it was called once, on main, after DidFinishEventsForBackgroundSession",
			session, len(wakes))
		return true, "", neg, nil
	}}
}

func handleEventsIndexes(trace []simulator.Event, session string) []int {
	p := Callback(simulator.CbHandleEventsForBackgroundURL, Session(session))
	var out []int
	for i, e := range trace {
		if p.Matches(e) {
			out = append(out, i)
		}
	}
	return out
}

// checkWake checks the events of one wake, trace[h:end], h being its
// HandleEventsForBackgroundURL; it returns what is wrong ("" if nothing)
// and the index to show the trace around.
func checkWake(trace []simulator.Event, session string, h, end int) (string, int) {
	finish := -1
	var calls []int
	for i := h; i < end; i++ {
		e := trace[i]
		switch {
		case e.Session != session:
		case e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidFinishEventsForBackgroundSession && finish < 0:
			finish = i
		case e.Kind == simulator.KindHandlerCall:
			calls = append(calls, i)
		}
	}
	pid := trace[h].Process
	switch {
	case len(calls) == 0 && finish < 0:
		return "DidFinishEventsForBackgroundSession never came and the handler was never called (R-D3, R-D4)", h
	case len(calls) == 0:
		return fmt.Sprintf("DidFinishEventsForBackgroundSession came at %s, but the handler was never called (R-D4)", at(trace[finish])), finish
	case len(calls) > 1:
		var times []string
		for _, c := range calls {
			times = append(times, at(trace[c]))
		}
		return fmt.Sprintf("the handler was called %d times, at %s (R-D4)", len(calls), strings.Join(times, ", ")), calls[1]
	}
	c := trace[calls[0]]
	switch {
	case finish < 0 || finish > calls[0]:
		return fmt.Sprintf("the handler was called at %s, before DidFinishEventsForBackgroundSession (R-D4)", at(c)), calls[0]
	case c.Queue != simulator.QueueMain:
		return fmt.Sprintf("the handler was called at %s on queue %q, not on the main thread (R-D3)", at(c), c.Queue), calls[0]
	case c.Process != pid:
		return fmt.Sprintf("the handler was called at %s by process %d, not by the woken process %d", at(c), c.Process, pid), calls[0]
	}
	return "", -1
}
