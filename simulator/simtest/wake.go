package simtest

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/simulator"
)

// RunUntilWakeHandled runs until the next background wake is fully
// handled: the daemon woke the app for a session's events, the app called
// that session's completion handler, and the app was suspended again. It
// waits at most limit of virtual time and fails the test otherwise, saying
// how far the wake got. A wake already handled when it is called does not
// count.
func (e *Env) RunUntilWakeHandled(limit time.Duration) {
	e.t.Helper()
	if err := e.TryRunUntilWakeHandled(limit); err != nil {
		e.t.Fatal(err)
	}
}

// TryRunUntilWakeHandled is [Env.RunUntilWakeHandled] returning an error
// instead of failing the test.
func (e *Env) TryRunUntilWakeHandled(limit time.Duration) error {
	var w wakeScan
	w.scan(e.sim.Trace())
	before := w.handled
	cond := func(s *simulator.Sim) bool {
		w.scan(s.Trace())
		return w.handled > before
	}
	return e.runUntil(cond, limit, "a background wake handled (completion handler called, app suspended again)",
		func() string { return w.status(e.sim.State().String()) })
}

// wakeScan follows background wakes through the trace, event by event.
type wakeScan struct {
	next    int               // the index of the next event to read
	began   int               // wakes begun
	handled int               // wakes handled
	pending map[string]string // session -> how far its wake got: "began" or "handler called"
	last    string            // the session of the latest wake
}

func (w *wakeScan) scan(tr []simulator.Event) {
	if w.pending == nil {
		w.pending = map[string]string{}
	}
	for ; w.next < len(tr); w.next++ {
		ev := tr[w.next]
		switch {
		case ev.Kind == simulator.KindRelaunch:
			w.began++
			w.pending[ev.Session], w.last = "began", ev.Session
		case ev.Kind == simulator.KindHandlerCall && w.pending[ev.Session] != "":
			w.pending[ev.Session] = "handler called"
		case ev.Kind == simulator.KindTransition && ev.To == "suspended":
			for id, st := range w.pending {
				if st == "handler called" {
					w.handled++
					delete(w.pending, id)
				}
			}
		}
	}
}

// status says how far the latest wake got.
func (w *wakeScan) status(state string) string {
	if w.began == 0 {
		return "no wake began; the app is " + state
	}
	switch w.pending[w.last] {
	case "began":
		return fmt.Sprintf("the wake of session %s began but its completion handler was not called; the app is %s", w.last, state)
	case "handler called":
		return fmt.Sprintf("the completion handler of session %s was called but the app was not suspended; the app is %s", w.last, state)
	}
	return "the app is " + state
}
