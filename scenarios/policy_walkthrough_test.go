package scenarios

import (
	"bytes"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// TestPolicyWalkthroughMatchesReference runs the walkthrough twice, once
// with the reference app (Go code) and once with the same app written as
// a policy (no Go), and requires the same trace, event for event.
func TestPolicyWalkthroughMatchesReference(t *testing.T) {
	ref, ok := Lookup("walkthrough")
	if !ok {
		t.Fatal("no walkthrough in the catalog")
	}
	pol, ok := Lookup("walkthrough-policy")
	if !ok {
		t.Fatal("no walkthrough-policy in the catalog")
	}
	if pol.App.Policy == nil || ref.App.Reference == nil {
		t.Fatal("walkthrough-policy must use the policy app and walkthrough the reference app")
	}
	a, b := ref.Run(Options{}), pol.Run(Options{})
	if a.Err != nil || b.Err != nil {
		t.Fatalf("runs failed: reference %v, policy %v", a.Err, b.Err)
	}
	var ta, tb bytes.Buffer
	if err := simulator.WriteJSONL(&ta, simulator.Header{}, a.Trace); err != nil {
		t.Fatal(err)
	}
	if err := simulator.WriteJSONL(&tb, simulator.Header{}, b.Trace); err != nil {
		t.Fatal(err)
	}
	if len(a.Trace) < 40 {
		t.Fatalf("the walkthrough's trace has only %d events", len(a.Trace))
	}
	if ta.String() != tb.String() {
		var ra, rb bytes.Buffer
		_ = simulator.RenderText(&ra, a.Trace, simulator.TextOptions{})
		_ = simulator.RenderText(&rb, b.Trace, simulator.TextOptions{})
		t.Errorf("the policy app's trace differs from the reference app's:\n--- reference\n%s\n--- policy\n%s", ra.String(), rb.String())
	}
}
