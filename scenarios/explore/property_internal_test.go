package explore

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/fakes"
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

// The files property, fed the file a DidFinishDownloading hands over and
// the files the app kept: whole files of one published version pass; a
// file of two versions, one cut short, one of a content never published
// break it. The simulator never makes such a file (its own tests say so),
// so the files are written by hand into a real simulation's file system.
func TestFilesPropertyJudgesEachFile(t *testing.T) {
	const (
		u   = "https://cdn.example.com/a.bin"
		tmp = "/tmp/CFNetworkDownload_000001.tmp"
		v1  = u + `#"v1"`
		v2  = u + `#"v2"`
	)
	sc := &scenarios.Scenario{
		Network: scenarios.Network{Resources: []scenarios.Resource{{URL: "HTTPS://cdn.example.com/a.bin", Size: 100, ETag: `"v1"`, Ranges: true}}},
		Steps:   []scenarios.Step{{Do: "update-resource", Resource: &scenarios.Resource{URL: u, Size: 80, ETag: `"v2"`}}},
	}
	events := func(status int) []simulator.Event {
		return []simulator.Event{
			{Kind: simulator.KindConnect, Process: 1, Session: "s"},
			{Kind: simulator.KindTaskCreate, Session: "s", Task: 1, Detail: "download " + u},
			{Kind: simulator.KindTransferResponse, Session: "s", Task: 1, Code: 206},
			{Kind: simulator.KindTransferResponse, Session: "s", Task: 1, Code: status},
			{Kind: simulator.KindFile, Session: "s", Task: 1, Detail: "downloaded file written to " + tmp},
			{Kind: simulator.KindSessionCallback, Process: 1, Session: "s", Task: 1, Callback: simulator.CbDidFinishDownloading, Detail: tmp},
		}
	}
	seg := func(from, to int64, src string) fakes.Segment { return fakes.Segment{From: from, To: to, Source: src} }
	tests := []struct {
		name   string
		status int
		temp   []fakes.Segment // the file handed over
		kept   []fakes.Segment // the file the app kept, at /Documents/a.bin
		want   string          // in the message; "" for no break
	}{
		{"whole, first version", 200, []fakes.Segment{seg(0, 100, v1)}, nil, ""},
		{"whole, second version, resumed", 206, []fakes.Segment{seg(0, 40, v2), seg(40, 80, v2)}, nil, ""},
		{"two versions across a resume", 206, []fakes.Segment{seg(0, 40, v1), seg(40, 80, v2)}, nil, "mixes bytes of " + v1 + " and of " + v2 + " (from byte 40)"},
		{"cut short", 200, []fakes.Segment{seg(0, 99, v1)}, nil, "has 99 bytes of " + v1 + ", which has 100"},
		{"a content never published", 200, []fakes.Segment{seg(0, 100, u+`#"v9"`)}, nil, "a content the server never published"},
		{"empty", 200, nil, nil, "is empty"},
		{"an error's body is not judged", 500, []fakes.Segment{seg(0, 7, u)}, nil, ""},
		{"kept whole", 200, []fakes.Segment{seg(0, 100, v1)}, []fakes.Segment{seg(0, 80, v2)}, ""},
		{"kept stitched", 200, []fakes.Segment{seg(0, 100, v1)}, []fakes.Segment{seg(0, 50, v1), seg(50, 80, v2)}, "at the end of the run, the file /Documents/a.bin mixes bytes of"},
		{"an app's own file is not judged", 200, []fakes.Segment{seg(0, 100, v1)}, []fakes.Segment{seg(0, 5, "camera"), seg(5, 6, "app")}, ""},
	}
	for _, tt := range tests {
		sim := simulator.New(simulator.Config{})
		if err := sim.Files().Write(tmp, tt.temp...); err != nil {
			t.Fatal(err)
		}
		if tt.kept != nil {
			if err := sim.Files().Write("/Documents/a.bin", tt.kept...); err != nil {
				t.Fatal(err)
			}
		}
		sp := newSpec(sc)
		m := newMonitor(sp, func() versions { return sp.vers.withSteps(sc.Steps) })
		m.sim = sim
		for _, e := range events(tt.status) {
			m.event(&e, nil)
		}
		m.finish(&scenarios.Result{Sim: sim})
		b := m.first(true)
		switch {
		case tt.want == "" && b != nil:
			t.Errorf("%s: broke %s: %s", tt.name, b.property, b.message)
		case tt.want != "" && (b == nil || b.property != PropFiles || !strings.Contains(b.message, tt.want)):
			t.Errorf("%s: got %+v, want %s with %q", tt.name, b, PropFiles, tt.want)
		}
		if tt.status == 200 && m.cov.files.Checked != 1 {
			t.Errorf("%s: %d files checked, want 1", tt.name, m.cov.files.Checked)
		}
	}
}
