package simulator

import (
	"fmt"
	"strings"
)

// Pattern describes the trace events a check is about, by the fields that
// matter to it. A zero field matches any value, so Pattern{} matches every
// event and Pattern{Callback: CbDidFinishDownloading, Task: 1} matches the
// DidFinishDownloading of task 1 whatever its time, process or queue.
//
// Patterns are plain values: the harness (simtest), the Gomega matchers
// (scenarios/bdd) and the expect block of scenario files all compile to
// them, so a check reads the same in Go and in YAML.
type Pattern struct {
	Kind     Kind     // what happened (KindSessionCallback, KindViolation, ...)
	Actor    Actor    // who acted (ActorApp, ActorDaemon, ...)
	Process  int      // the process number (1 is the first launch)
	Callback Callback // the delegate method, for app and session callbacks
	Session  string   // the session identifier
	Task     int      // the transfer task's id within its session
	BGTask   int      // the background-task assertion's id (bgtask.* events)
	Desc     string   // the task's TaskDescription (task.create has none: the app describes a task after making it)
	Rule     Rule     // the rule that decided the event, or that a violation breaks
	From, To string   // the states or conditions of a change
	Queue    string   // the queue a callback ran on (QueueMain, QueueDelegate)
	Code     int      // an error code (-999) or HTTP status; 0 matches any
	Reason   string   // a launch, termination or cancellation reason
	Detail   string   // a substring of the event's detail (simtest's Env.Logs compares a log line whole)
}

// Matches reports whether e has every field that p sets.
func (p Pattern) Matches(e Event) bool {
	return (p.Kind == "" || p.Kind == e.Kind) &&
		(p.Actor == "" || p.Actor == e.Actor) &&
		(p.Process == 0 || p.Process == e.Process) &&
		(p.Callback == "" || p.Callback == e.Callback) &&
		(p.Session == "" || p.Session == e.Session) &&
		(p.Task == 0 || p.Task == e.Task) &&
		(p.BGTask == 0 || p.BGTask == e.BGTask) &&
		(p.Desc == "" || p.Desc == e.Desc) &&
		(p.Rule == "" || p.Rule == e.Rule) &&
		(p.From == "" || p.From == e.From) &&
		(p.To == "" || p.To == e.To) &&
		(p.Queue == "" || p.Queue == e.Queue) &&
		(p.Code == 0 || p.Code == e.Code) &&
		(p.Reason == "" || p.Reason == e.Reason) &&
		(p.Detail == "" || strings.Contains(e.Detail, p.Detail))
}

// String describes the pattern by the fields it sets, for failure messages:
// "session.callback DidFinishDownloading task=1".
func (p Pattern) String() string {
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	if p.Kind != "" {
		parts = append(parts, string(p.Kind))
	}
	if p.Callback != "" {
		parts = append(parts, string(p.Callback))
	}
	add("actor", string(p.Actor))
	add("process", itoaNonZero(p.Process))
	add("session", p.Session)
	add("task", itoaNonZero(p.Task))
	add("bgtask", itoaNonZero(p.BGTask))
	add("desc", quoteNonEmpty(p.Desc))
	add("rule", string(p.Rule))
	add("from", p.From)
	add("to", p.To)
	add("queue", p.Queue)
	add("code", itoaNonZero(p.Code))
	add("reason", p.Reason)
	add("detail", quoteNonEmpty(p.Detail))
	if len(parts) == 0 {
		return "any event"
	}
	return strings.Join(parts, " ")
}

func itoaNonZero(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

func quoteNonEmpty(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf("%q", s)
}

// Select returns the events of trace that p matches, in trace order.
func Select(trace []Event, p Pattern) []Event {
	var out []Event
	for _, e := range trace {
		if p.Matches(e) {
			out = append(out, e)
		}
	}
	return out
}

// MatchInOrder looks for the patterns as an ordered subsequence of trace:
// the first event matching patterns[0], then the first after it matching
// patterns[1], and so on; other events may come between. It returns the
// indexes into trace of the events it matched and, when a pattern was not
// found, the index of that pattern (-1 when all were found).
func MatchInOrder(trace []Event, patterns ...Pattern) (matched []int, missing int) {
	i := 0
	for pi, p := range patterns {
		for i < len(trace) && !p.Matches(trace[i]) {
			i++
		}
		if i == len(trace) {
			return matched, pi
		}
		matched = append(matched, i)
		i++
	}
	return matched, -1
}
