package simulator_test

import (
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

func TestPatternMatches(t *testing.T) {
	ev := simulator.Event{Kind: simulator.KindSessionCallback, Actor: simulator.ActorApp, Process: 2,
		Callback: simulator.CbDidFinishDownloading, Session: "s", Task: 1, Desc: "photo",
		Rule: simulator.RuleD2, Queue: "delegate", Detail: "file tmp/1 moved"}
	tests := []struct {
		name string
		p    simulator.Pattern
		want bool
	}{
		{"zero pattern matches anything", simulator.Pattern{}, true},
		{"every field set and equal", simulator.Pattern{Kind: simulator.KindSessionCallback, Actor: simulator.ActorApp,
			Process: 2, Callback: simulator.CbDidFinishDownloading, Session: "s", Task: 1, Desc: "photo",
			Rule: simulator.RuleD2, Queue: "delegate", Detail: "tmp/1"}, true},
		{"other kind", simulator.Pattern{Kind: simulator.KindAppCallback}, false},
		{"other callback", simulator.Pattern{Callback: simulator.CbDidCompleteWithError}, false},
		{"other process", simulator.Pattern{Process: 1}, false},
		{"other task", simulator.Pattern{Task: 2}, false},
		{"other description", simulator.Pattern{Desc: "manifest"}, false},
		{"other rule", simulator.Pattern{Rule: simulator.RuleD4}, false},
		{"detail not a substring", simulator.Pattern{Detail: "tmp/2"}, false},
		{"other session", simulator.Pattern{Session: "t"}, false},
		{"code set, event has none", simulator.Pattern{Code: -999}, false},
	}
	for _, tt := range tests {
		if got := tt.p.Matches(ev); got != tt.want {
			t.Errorf("%s: %v.Matches = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}

func TestMatchInOrder(t *testing.T) {
	cb := func(c simulator.Callback) simulator.Event {
		return simulator.Event{Kind: simulator.KindSessionCallback, Callback: c}
	}
	trace := []simulator.Event{cb(simulator.CbDidWriteData), cb(simulator.CbDidFinishDownloading),
		cb(simulator.CbDidWriteData), cb(simulator.CbDidCompleteWithError)}
	p := func(c simulator.Callback) simulator.Pattern { return simulator.Pattern{Callback: c} }

	matched, missing := simulator.MatchInOrder(trace, p(simulator.CbDidFinishDownloading), p(simulator.CbDidCompleteWithError))
	if missing != -1 || len(matched) != 2 || matched[0] != 1 || matched[1] != 3 {
		t.Errorf("subsequence: matched %v, missing %d; want [1 3], -1", matched, missing)
	}
	matched, missing = simulator.MatchInOrder(trace, p(simulator.CbDidCompleteWithError), p(simulator.CbDidFinishDownloading))
	if missing != 1 || len(matched) != 1 || matched[0] != 3 {
		t.Errorf("out of order: matched %v, missing %d; want [3], 1", matched, missing)
	}
	if got := len(simulator.Select(trace, p(simulator.CbDidWriteData))); got != 2 {
		t.Errorf("Select found %d DidWriteData, want 2", got)
	}
	if got := (simulator.Pattern{Kind: simulator.KindSessionCallback, Callback: simulator.CbDidResume, Task: 3}).String(); got != "session.callback DidResume task=3" {
		t.Errorf("String = %q", got)
	}
}
