package scenarios_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

func runCatalog(t *testing.T, name string) []simulator.Event {
	t.Helper()
	s, ok := scenarios.Lookup(name)
	if !ok {
		t.Fatalf("no catalog scenario %q", name)
	}
	return s.Run(scenarios.Options{}).Trace
}

func TestSummaryOfCatalogRuns(t *testing.T) {
	type counts struct{ delivered, failed, cancelled, waiting, lost, filesLost int }
	tests := []struct {
		scenario                    string
		counts                      counts
		processes, wakes, violation int
		text                        []string
		absent                      []string
	}{
		{"walkthrough", counts{delivered: 1}, 2, 1, 0, []string{
			"Outcome: 1 of 1 transfer delivered, 0 failed, 0 waiting; 2 processes, 1 wake, 0 violations.\n",
			`task 1 "image-1" (download): delivered to the app (30000000 bytes)` + "\n"}, nil},
		{"forget-completion-handler", counts{delivered: 1}, 2, 1, 1, []string{
			"R-D4 at T+00:45.050",
			// M4 is made in three ways: an item each, under the heading.
			"      on a device:\n        - Never called: the app is kept awake until its time runs out",
			"\n        - Called early: iOS takes the snapshot at once",
			"\n        - Called twice, or off the main thread: the handler is UIKit's",
			"fix (bgsim explain M4): Keep the handler"}, nil},
		{"start-in-background", counts{waiting: 1}, 2, 0, 0, []string{
			`task 1 "image-1" (download): still waiting: is discretionary: waits for Wi-Fi and power`}, nil},
		// The word of expectations' task outcomes: cancelled, not failed.
		// What did not happen spans the force-quit to the user's launch,
		// which lifts the ban on background launches (R-E3).
		{"force-quit-to-test-relaunch", counts{cancelled: 1}, 2, 0, 0, []string{
			"Outcome: 0 of 1 transfer delivered, 0 failed, 1 cancelled, 0 waiting;",
			`task 1 "image-1" (download): cancelled with -999 (userForceQuit)` + "\n",
			"Did not happen: in the 4m56s from the force-quit at T+00:04.000 to the user's launch at\n      T+05:00.000, iOS did not launch the app in the background"},
			[]string{"failed with"}},
		// R-D8 with the default drop: the events the watchdog's kill
		// dropped never come; the next launch finds none waiting.
		{"slow-did-finish-downloading", counts{lost: 3}, 3, 1, 1, []string{
			"Outcome: 0 of 3 transfers delivered, 0 failed, 0 waiting, 3 lost;",
			`task 1 "image-1" (download): lost: the app got its file in DidFinishDownloading, but its` +
				"\n      DidCompleteWithError was dropped when the app was killed (R-D8)\n",
			`task 2 "image-2" (download): lost: its events were dropped when the app was killed (R-D8)` + "\n"},
			[]string{"still wait"}},
		{"blocking-work-at-wake", counts{lost: 3}, 2, 1, 1, []string{
			`task 2 "photo-2" (download): lost: its file was deleted before the app moved it (R-D6), and`}, nil},
		// R-D6: delivered, but not kept.
		{"read-file-after-return", counts{delivered: 1, filesLost: 1}, 2, 1, 0, []string{
			"Outcome: 1 of 1 transfer delivered (1 file lost), 0 failed, 0 waiting;",
			`task 1 "image-1" (download): delivered to the app (30000000 bytes), but the file was deleted` +
				"\n      before the app moved it (R-D6)\n"}, nil},
		{"memory-only-state", counts{delivered: 1, filesLost: 1}, 2, 1, 0, []string{"but the file was deleted"}, nil},
		{"several-sessions", counts{delivered: 2}, 2, 2, 0, []string{
			"Outcome: 2 of 2 transfers delivered, 0 failed, 0 waiting; 2 processes, 2 wakes (1 deferred), 0\n    violations.\n"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			s := scenarios.Summarize(runCatalog(t, tc.scenario))
			got := counts{s.Delivered, s.Failed, s.Cancelled, s.Waiting, s.Lost, s.FilesLost}
			if got != tc.counts {
				t.Errorf("counts = %+v, want %+v", got, tc.counts)
			}
			if s.Processes != tc.processes || s.Wakes != tc.wakes || len(s.Violations) != tc.violation {
				t.Errorf("processes/wakes/violations = %d/%d/%d, want %d/%d/%d", s.Processes, s.Wakes, len(s.Violations), tc.processes, tc.wakes, tc.violation)
			}
			var b strings.Builder
			if err := s.WriteText(&b, 100); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, want := range tc.text {
				if !strings.Contains(out, want) {
					t.Errorf("summary lacks %q:\n%s", want, out)
				}
			}
			for _, bad := range tc.absent {
				if strings.Contains(out, bad) {
					t.Errorf("summary says %q:\n%s", bad, out)
				}
			}
			for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if n := len([]rune(l)); n > 100 && strings.Contains(strings.TrimSpace(l), " ") {
					t.Errorf("line of %d columns, over 100: %q", n, l)
				}
				if i > 0 && !strings.HasPrefix(l, "  ") {
					t.Errorf("line %d is not indented under the outcome: %q", i+1, l)
				}
			}
		})
	}
}

// R-D8 with UndeliveredOnKill requeue: the events the kill did not
// deliver stay queued for a later wake, so the tasks wait rather than
// being lost.
func TestSummaryR_D8RequeuedEventsWait(t *testing.T) {
	sc, ok := scenarios.Lookup("slow-did-finish-downloading")
	if !ok {
		t.Fatal("no slow-did-finish-downloading")
	}
	res := sc.Run(scenarios.Options{Unchecked: true, Config: func(c *simulator.Config) { c.UndeliveredOnKill = simulator.UndeliveredRequeue }})
	s := scenarios.Summarize(res.Trace)
	if s.Lost != 0 {
		t.Errorf("%d tasks lost with requeue: %+v", s.Lost, s.Tasks)
	}
	for _, tk := range s.Tasks {
		if tk.State == scenarios.TaskLost || tk.Dropped {
			t.Errorf("task %d is %s (dropped %v) with requeue", tk.ID, tk.State, tk.Dropped)
		}
	}
}

// A task that the daemon finishes after a drop was not among the dropped
// events (R-D8): it waits, while the one finished before is lost.
func TestSummaryR_D8DropsOnlyTasksFinishedBefore(t *testing.T) {
	const sess = "com.example.s"
	s := scenarios.Summarize([]simulator.Event{
		{Kind: simulator.KindTaskCreate, Session: sess, Task: 1, Detail: "download https://x"},
		{Kind: simulator.KindTaskCreate, Session: sess, Task: 2, Detail: "download https://y"},
		{Kind: simulator.KindTaskComplete, Session: sess, Task: 1, Bytes: 10},
		{Kind: simulator.KindSystem, Actor: simulator.ActorDaemon, Session: sess, Rule: simulator.RuleD8,
			Detail: "1 undelivered events of session com.example.s are dropped: the app was killed during their wake"},
		{Kind: simulator.KindTaskComplete, Session: sess, Task: 2, Bytes: 10},
		{Kind: simulator.KindTaskComplete, Session: "other", Task: 1, Bytes: 10},
	})
	if s.Lost != 1 || s.Waiting != 2 {
		t.Fatalf("lost/waiting = %d/%d, want 1/2: %+v", s.Lost, s.Waiting, s.Tasks)
	}
	if s.Tasks[0].State != scenarios.TaskLost || s.Tasks[1].State != scenarios.TaskWaiting || s.Tasks[2].State != scenarios.TaskWaiting {
		t.Errorf("states %q %q %q, want lost waiting waiting", s.Tasks[0].State, s.Tasks[1].State, s.Tasks[2].State)
	}
}

// R-E3: "did not happen" is said only when the force-quit cancelled a
// transfer, and with no user launch after it, it names the force-quit's
// time rather than a span to the trace's last event.
func TestSummaryR_E3DidNotHappen(t *testing.T) {
	quit := simulator.Event{At: 4 * time.Second, Kind: simulator.KindTerminate, Reason: string(simulator.TermUserForceQuit)}
	cancel := simulator.Event{At: 4 * time.Second, Kind: simulator.KindTaskComplete, Session: "s", Task: 1,
		Code: int(appmodel.ErrCancelled), Reason: appmodel.ReasonUserForceQuit.String()}
	delivered := []simulator.Event{
		{At: time.Second, Kind: simulator.KindTaskComplete, Session: "s", Task: 1, Bytes: 5},
		{At: time.Second, Kind: simulator.KindSessionCallback, Callback: simulator.CbDidCompleteWithError, Session: "s", Task: 1},
	}
	tests := []struct {
		name  string
		trace []simulator.Event
		want  string // "" for no line
	}{
		{"cancelled, never reopened", []simulator.Event{quit, cancel},
			"after the force-quit at T+00:04.000, iOS did not launch the app in the background"},
		{"cancelled, reopened", []simulator.Event{quit, cancel, {At: time.Minute, Kind: simulator.KindLaunch, Reason: "user"}},
			"in the 56s from the force-quit at T+00:04.000 to the user's launch at T+01:00.000, iOS did not launch"},
		{"nothing to cancel", append(delivered, quit), ""},
		{"launched in the background after all", []simulator.Event{quit, cancel, {At: time.Minute, Kind: simulator.KindLaunch, Reason: "url-session"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := scenarios.Summarize(tc.trace)
			switch {
			case tc.want == "" && len(s.DidNotHappen) > 0:
				t.Errorf("did not happen: %q, want none", s.DidNotHappen)
			case tc.want != "" && (len(s.DidNotHappen) != 1 || !strings.HasPrefix(s.DidNotHappen[0], tc.want)):
				t.Errorf("did not happen: %q, want one starting %q", s.DidNotHappen, tc.want)
			}
		})
	}
}

// A violation is explained by the mistake of the rules page that cites its
// rule, so the summary says what a device does and how to fix it.
func TestSummaryExplainsViolationsFromTheRulebook(t *testing.T) {
	s := scenarios.Summarize([]simulator.Event{{Kind: simulator.KindViolation, Rule: simulator.RuleS2, Detail: "boom"}})
	if len(s.Violations) != 1 {
		t.Fatalf("violations = %v", s.Violations)
	}
	v := s.Violations[0]
	m, ok := scenarios.ReadRulebook().Mistake(v.Mistake)
	if !ok || v.OnDevice != m.Device || v.Fix != m.Fix {
		t.Errorf("violation %+v is not explained by its mistake %+v", v, m)
	}
}
