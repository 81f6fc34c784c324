package simtest

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// RunUntilWakeHandled runs until the next background wake is fully
// handled: the daemon woke the app for a session's events, the app called
// that session's completion handler, and the app was suspended again. It
// waits at most limit of virtual time and fails the test otherwise, saying
// how far the wake got and what went wrong on the way (the violations, the
// events left queued for a session the app never recreated, R-I6), or why
// no wake came. A wake already handled when it is called does not count.
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
	before, from := w.handled, len(e.sim.Trace())
	cond := func(s *simulator.Sim) bool {
		w.scan(s.Trace())
		return w.handled > before
	}
	return e.runUntil(cond, limit, "a background wake handled (completion handler called, app suspended again)",
		func() string {
			tr := e.sim.Trace()
			st := w.status(e.sim.State().String())
			if w.began == 0 {
				st += nothingToWake(tr) + noLaunchEvents(e.sim.Sessions())
			}
			return st + wentWrong(tr[from:])
		})
}

// nothingToWake says why no wake came when the app's tasks say: it made
// none, each was delivered while the app ran, or some failed (a data
// task once the app is suspended, say; R-S2).
func nothingToWake(tr []simulator.Event) string {
	created, delivered := map[int]bool{}, map[int]bool{}
	var failed []simulator.Event
	for _, e := range tr {
		switch {
		case e.Kind == simulator.KindTaskCreate:
			created[e.Task] = true
		case e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidCompleteWithError:
			delivered[e.Task] = true
		case e.Kind == simulator.KindTaskComplete && e.Code != 0:
			failed = append(failed, e)
		}
	}
	if len(created) == 0 {
		return "; the app made no task, so there is nothing to wake it for"
	}
	var s string
	for _, e := range failed {
		if !delivered[e.Task] {
			s += fmt.Sprintf("\n  %s %s", fakes.FormatOffset(e.At), simulator.Describe(e))
			if e.Rule != "" {
				s += " [" + string(e.Rule) + "]"
			}
		}
	}
	if s != "" {
		return "; tasks failed meanwhile, not delivered to the app:" + s
	}
	for id := range created {
		if !delivered[id] {
			return ""
		}
	}
	return fmt.Sprintf("; each of the app's %d task(s) was delivered while it ran, so there is nothing to wake it for "+
		"(larger files or a slower link keep transfers going after it is suspended)", len(created))
}

// noLaunchEvents names the sessions whose events wait for the app because
// their configuration does not ask for wakes: a SessionConfig made without
// BackgroundSessionConfig has SessionSendsLaunchEvents off (R-S5).
func noLaunchEvents(sessions []simulator.SessionInfo) string {
	var s string
	for _, b := range sessions {
		if !b.SendsLaunchEvents && b.QueuedEvents > 0 {
			s += fmt.Sprintf("; session %s has %d event(s) waiting, and SessionSendsLaunchEvents off, so iOS does not wake the app "+
				"for them (R-S5): it is on in BackgroundSessionConfig, off in a zero SessionConfig", b.Identifier, b.QueuedEvents)
		}
	}
	return s
}

// wentWrong lists, for a wake that was not handled, what the trace says
// went wrong: the violations and the events the daemon keeps queued
// because the app never recreated the session (R-I6), with their times.
func wentWrong(tr []simulator.Event) string {
	var s string
	for _, e := range tr {
		if e.Kind == simulator.KindViolation || (e.Actor == simulator.ActorDaemon && e.Rule == simulator.RuleI6) {
			s += fmt.Sprintf("\n  %s %s: %s", fakes.FormatOffset(e.At), e.Rule, e.Detail)
		}
	}
	if s == "" {
		return ""
	}
	return "; on the way:" + s
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
