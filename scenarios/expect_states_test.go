package scenarios

import "testing"

// TestStateExpectationWithinTheRun: a state is checked at a time the run
// reached; one past the run's end is unknown and fails, saying so, where
// the last state seen used to pass for it.
func TestStateExpectationWithinTheRun(t *testing.T) {
	for _, c := range []struct {
		name, state string
		fails       string // "" if the run meets the expectation
	}{
		{"active at 1s", "{at: 1s, state: active}", ""},
		{"suspended at the end", "{at: 1m2s, state: suspended}", ""},
		{"background at 3s, wrongly", "{at: 3s, state: suspended}", "bad.yaml:13:7: at T+00:03.000 the app is background, not suspended"},
		{"after the run", "{at: 10m, state: suspended}", "bad.yaml:13:7: the app's state at T+10:00.000 is unknown: the run ended at T+01:02.000; run that long, or check the state at the end with end: {state: suspended}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range failuresOf(t, "bad.yaml", okHead+"  - {at: 2s, do: home}\n  - {do: run-for, for: 1m}\nexpect:\n  states:\n    - "+c.state+"\n") {
				got = append(got, f.Error())
			}
			switch {
			case c.fails == "" && len(got) > 0:
				t.Errorf("failures %q, want none", got)
			case c.fails != "" && (len(got) != 1 || got[0] != c.fails):
				t.Errorf("failures %q, want %q", got, c.fails)
			}
		})
	}
}
