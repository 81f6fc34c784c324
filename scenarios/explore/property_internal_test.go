package explore

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// Each property, fed a trace that breaks it and one that keeps it. The
// traces are made by hand: the simulator itself keeps the platform's
// invariants, so only a made-up trace can show the check catching a break.
func TestPropertiesCatchWhatBreaksThem(t *testing.T) {
	const s = "com.example.s"
	conn := func(p int) simulator.Event {
		return simulator.Event{Kind: simulator.KindConnect, Process: p, Session: s}
	}
	cb := func(p int, c simulator.Callback, task int) simulator.Event {
		return simulator.Event{Kind: simulator.KindSessionCallback, Process: p, Session: s, Callback: c, Task: task}
	}
	app := func(p int, c simulator.Callback) simulator.Event {
		return simulator.Event{Kind: simulator.KindAppCallback, Process: p, Session: s, Callback: c}
	}
	term := simulator.Event{Kind: simulator.KindTerminate, Process: 1}
	handler := simulator.Event{Kind: simulator.KindHandlerCall, Process: 1, Session: s}
	viol := simulator.Event{Kind: simulator.KindViolation, Rule: simulator.RuleD4, Process: 1}
	done := simulator.Event{Kind: simulator.KindTaskComplete, Session: s, Task: 1}
	absent := scenarios.EventPattern{Kind: string(simulator.KindViolation), Rule: "R-D6"}
	d6 := simulator.Event{Kind: simulator.KindViolation, Rule: simulator.RuleD6}
	tests := []struct {
		property string
		expect   scenarios.Expect
		broken   []simulator.Event
		kept     []simulator.Event
		tasks    []scenarios.TaskOutcome
	}{
		{PropNoViolation, scenarios.Expect{}, []simulator.Event{viol}, []simulator.Event{done}, nil},
		{PropNoViolation, scenarios.Expect{Violations: &scenarios.ViolationList{Rules: []string{"R-D4"}}},
			[]simulator.Event{viol, d6}, []simulator.Event{viol}, nil},
		{PropAbsent, scenarios.Expect{Absent: []scenarios.EventPattern{absent}, Violations: &scenarios.ViolationList{Rules: []string{"R-D6"}}},
			[]simulator.Event{d6}, []simulator.Event{done}, nil},
		{PropExactlyOnce, scenarios.Expect{}, []simulator.Event{done, done}, []simulator.Event{done}, nil},
		{PropExactlyOnce, scenarios.Expect{}, []simulator.Event{conn(1), cb(1, simulator.CbDidCompleteWithError, 1), cb(1, simulator.CbDidCompleteWithError, 1)},
			[]simulator.Event{conn(1), cb(1, simulator.CbDidCompleteWithError, 1), cb(1, simulator.CbDidCompleteWithError, 2)}, nil},
		{PropDeadProcess, scenarios.Expect{}, []simulator.Event{conn(1), term, cb(1, simulator.CbDidWriteData, 1)},
			[]simulator.Event{conn(1), cb(1, simulator.CbDidWriteData, 1), term}, nil},
		{PropSessions, scenarios.Expect{}, []simulator.Event{conn(1), cb(2, simulator.CbDidWriteData, 1)},
			[]simulator.Event{conn(2), cb(2, simulator.CbDidWriteData, 1)}, nil},
		{PropHandler, scenarios.Expect{}, []simulator.Event{app(1, simulator.CbHandleEventsForBackgroundURL)},
			[]simulator.Event{app(1, simulator.CbHandleEventsForBackgroundURL), handler}, nil},
		{PropHandler, scenarios.Expect{}, []simulator.Event{app(1, simulator.CbHandleEventsForBackgroundURL), {Kind: simulator.KindHandlerCall, Process: 2, Session: s}},
			[]simulator.Event{app(1, simulator.CbHandleEventsForBackgroundURL), term}, nil},
		{PropDelivered, scenarios.Expect{}, nil, nil, []scenarios.TaskOutcome{{ID: 1, Session: s, Outcome: "unfinished"}}},
	}
	for _, tt := range tests {
		sc := &scenarios.Scenario{Expect: tt.expect}
		if tt.tasks != nil {
			b := check(sc, &scenarios.Result{Tasks: tt.tasks}, false)
			if b == nil || b.property != tt.property {
				t.Errorf("%s: tasks %+v broke %v, want %s", tt.property, tt.tasks, b, tt.property)
			}
			if b := check(sc, &scenarios.Result{Tasks: tt.tasks}, true); b != nil {
				t.Errorf("%s: safety only, yet %s broke", tt.property, b.property)
			}
			continue
		}
		if b := check(sc, &scenarios.Result{Trace: tt.broken}, false); b == nil || b.property != tt.property {
			t.Errorf("%s: trace %v broke %v, want %s", tt.property, tt.broken, b, tt.property)
		}
		if b := check(sc, &scenarios.Result{Trace: tt.kept}, false); b != nil {
			t.Errorf("%s: trace %v broke %s: %s", tt.property, tt.kept, b.property, b.message)
		}
	}
}
