package simtest

import "github.com/bgsim/bgsim/simulator"

// Events are the trace events p matches, in order. A zero field of p
// matches anything: Pattern{Kind: simulator.KindTaskComplete, Task: 1}
// is every completion of task 1.
func (e *Env) Events(p simulator.Pattern) []simulator.Event {
	return simulator.Select(e.sim.Trace(), p)
}

// EventsWhere are the trace events p matches that keep also accepts, in
// order: for what a Pattern cannot say, such as a time window or a prefix
// of the detail.
func (e *Env) EventsWhere(p simulator.Pattern, keep func(simulator.Event) bool) []simulator.Event {
	var out []simulator.Event
	for _, ev := range e.sim.Trace() {
		if p.Matches(ev) && keep(ev) {
			out = append(out, ev)
		}
	}
	return out
}

// Logs are the log lines (app.log events: what the app wrote with App.Log,
// and the system's messages to the app's console) whose text is exactly
// text, in order. It compares the whole line, unlike Pattern.Detail, which
// matches a part of the detail: for the lines that contain a part, use
// Events(simulator.Pattern{Kind: simulator.KindLog, Detail: part}).
func (e *Env) Logs(text string) []simulator.Event {
	return e.EventsWhere(simulator.Pattern{Kind: simulator.KindLog},
		func(ev simulator.Event) bool { return ev.Detail == text })
}

// Lines are the trace events p matches, one line each (Event.String), for
// comparing a story with the lines a test expects.
func (e *Env) Lines(p simulator.Pattern) []string { return Strings(e.Events(p)) }

// Count is how many trace events p matches.
func (e *Env) Count(p simulator.Pattern) int {
	n := 0
	for _, ev := range e.sim.Trace() {
		if p.Matches(ev) {
			n++
		}
	}
	return n
}

// First is the first trace event p matches. It fails the test if there is
// none.
func (e *Env) First(p simulator.Pattern) simulator.Event {
	e.t.Helper()
	for _, ev := range e.sim.Trace() {
		if p.Matches(ev) {
			return ev
		}
	}
	e.t.Fatalf("simtest: no event %s in the trace (%d events)", p, len(e.sim.Trace()))
	return simulator.Event{}
}

// One is the only trace event p matches. It fails the test if there is
// none or more than one.
func (e *Env) One(p simulator.Pattern) simulator.Event {
	e.t.Helper()
	evs := e.Events(p)
	if len(evs) != 1 {
		e.t.Fatalf("simtest: want exactly one event %s, found %d", p, len(evs))
		return simulator.Event{}
	}
	return evs[0]
}
