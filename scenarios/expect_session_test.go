package scenarios

import (
	"strings"
	"testing"
)

// TestTaskExpectationBySession: task ids count from 1 in each session, so
// an expectation names a task of an app with several sessions by id and
// session, and matches that session's task, not the first with the id.
func TestTaskExpectationBySession(t *testing.T) {
	for _, c := range []struct {
		name, expect string
		fails        string // "" if the run meets the expectation
	}{
		{"the photos session's task 1", "{task: 1, session: com.example.photos, outcome: succeeded, status: 200}", ""},
		{"the docs session's task 1", "{task: 1, session: com.example.docs, outcome: succeeded, status: 404}", ""},
		{"the photos session's task 1, wrongly", "{task: 1, session: com.example.photos, outcome: succeeded, status: 404}", "task 1 of session com.example.photos got HTTP status 200, not 404"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range failuresOf(t, "two.yaml", twoSessions+"expect:\n  tasks:\n    - "+c.expect+"\n") {
				got = append(got, f.Message)
			}
			switch {
			case c.fails == "" && len(got) > 0:
				t.Errorf("failures %q, want none", got)
			case c.fails != "" && (len(got) != 1 || !strings.Contains(got[0], c.fails)):
				t.Errorf("failures %q, want one containing %q", got, c.fails)
			}
		})
	}
}

// TestTaskExpectationAmbiguousAtRun: a Go model's sessions are known only
// once it runs, so task: that matches tasks of several sessions fails
// the check rather than matching the first.
func TestTaskExpectationAmbiguousAtRun(t *testing.T) {
	c := &checker{s: &Scenario{}}
	outcomes := []TaskOutcome{
		{Session: "a", ID: 1, Outcome: "succeeded"},
		{Session: "b", ID: 1, Outcome: "failed"},
	}
	c.task(TaskExpect{Task: 1, Outcome: "succeeded"}, outcomes)
	if len(c.out) != 1 || !strings.Contains(c.out[0].Message, "task 1 is ambiguous: sessions a, b each have a task 1; add session:") {
		t.Fatalf("failures %v, want one saying task 1 is ambiguous", c.out)
	}
	c.out = nil
	c.task(TaskExpect{Task: 1, Session: "b", Outcome: "failed"}, outcomes)
	if len(c.out) != 0 {
		t.Fatalf("failures %v, want none: session b's task 1 failed", c.out[0])
	}
}
