package simulator_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// explainM4 is an Explainer that knows one rule, R-D4.
func explainM4(r simulator.Rule) simulator.Explanation {
	if r != simulator.RuleD4 {
		return simulator.Explanation{}
	}
	return simulator.Explanation{Mistake: simulator.MistakeM4,
		Device: "the app stays awake until the budget runs out and its snapshot is stale",
		Fix:    "call the handler once, on the main thread, from DidFinishEventsForBackgroundSession"}
}

// TestViolationNarrationExplained pins that a violation's narration in the
// text timeline says what its rule's breach does on a device and how to
// fix it, when the options carry an Explainer, and keeps the generic
// sentence otherwise.
func TestViolationNarrationExplained(t *testing.T) {
	violation := func(r simulator.Rule) []simulator.Event {
		return []simulator.Event{{Seq: 1, Actor: simulator.ActorSystem, Kind: simulator.KindViolation, Rule: r,
			Detail: "the completion handler was never called"}}
	}
	render := func(events []simulator.Event, opts simulator.TextOptions) string {
		t.Helper()
		var b bytes.Buffer
		if err := simulator.RenderText(&b, events, opts); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	const generic = "The app broke a rule of the platform: on a device this is a crash"

	got := render(violation(simulator.RuleD4), simulator.TextOptions{Narrate: true, Width: 100, Explain: explainM4,
		Names: simulator.NamesSwift})
	for _, want := range []string{
		"\n                      The app broke a rule of the platform, as developers do in mistake M4.\n",
		"\n                      On a device: the app stays awake until the budget runs out and its snapshot is\n",
		"\n                      Fix: call the handler once, on the main thread, from\n",
		"urlSessionDidFinishEvents(forBackgroundURLSession:)", // the Swift name, as Names asks
	} {
		if !strings.Contains(got, want) {
			t.Errorf("R-D4: the explained narration lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, generic) {
		t.Errorf("the explained narration still has the generic sentence:\n%s", got)
	}

	// A rule the Explainer does not know, and no Explainer: the generic sentence.
	for name, opts := range map[string]simulator.TextOptions{
		"unknown rule": {Narrate: true, Explain: explainM4},
		"no explainer": {Narrate: true},
	} {
		r := simulator.RuleD5
		if name == "no explainer" {
			r = simulator.RuleD4
		}
		if got := render(violation(r), opts); !strings.Contains(got, generic) || strings.Contains(got, "On a device:") {
			t.Errorf("%s: want the generic sentence only:\n%s", name, got)
		}
	}
	// Without narration, no explanation either.
	if got := render(violation(simulator.RuleD4), simulator.TextOptions{Explain: explainM4}); strings.Contains(got, "On a device") {
		t.Errorf("Narrate off, yet the explanation is shown:\n%s", got)
	}
}

// TestNarrateWith pins the string form: the explanation's paragraphs, one
// a line; other kinds narrate as Narrate does.
func TestNarrateWith(t *testing.T) {
	v := simulator.Event{Kind: simulator.KindViolation, Rule: simulator.RuleD4}
	want := "The app broke a rule of the platform, as developers do in mistake M4.\n" +
		"On a device: the app stays awake until the budget runs out and its snapshot is stale\n" +
		"Fix: call the handler once, on the main thread, from DidFinishEventsForBackgroundSession"
	if got := simulator.NarrateWith(v, explainM4); got != want {
		t.Errorf("NarrateWith = %q, want %q", got, want)
	}
	noMistake := func(simulator.Rule) simulator.Explanation { return simulator.Explanation{Device: "it is gone"} }
	if got := simulator.NarrateWith(v, noMistake); got != "The app broke a rule of the platform.\nOn a device: it is gone" {
		t.Errorf("NarrateWith without a mistake = %q", got)
	}
	launch := simulator.Event{Kind: simulator.KindLaunch, Process: 1}
	if simulator.NarrateWith(launch, explainM4) != simulator.Narrate(launch) {
		t.Error("NarrateWith changes the narration of a launch")
	}
}

// TestExplanationWays pins that a mistake made in several ways (Device
// has a line for each) is explained as a list, an item a way, whose
// wrapped lines stay under the item's text: in the text timeline, in
// NarrateWith's string and in the diagram's note.
func TestExplanationWays(t *testing.T) {
	ways := func(simulator.Rule) simulator.Explanation {
		return simulator.Explanation{Mistake: simulator.MistakeM4,
			Device: "Never called: the app is kept awake until its time runs out, then suspended (R-D4).\nCalled early: iOS may suspend it at once (R-D4).",
			Fix:    "call it once"}
	}
	v := simulator.Event{Seq: 1, Actor: simulator.ActorSystem, Kind: simulator.KindViolation, Rule: simulator.RuleD4, Detail: "never called"}
	want := "The app broke a rule of the platform, as developers do in mistake M4.\nOn a device:\n" +
		"- Never called: the app is kept awake until its time runs out, then suspended (R-D4).\n" +
		"- Called early: iOS may suspend it at once (R-D4).\nFix: call it once"
	if got := simulator.NarrateWith(v, ways); got != want {
		t.Errorf("NarrateWith = %q, want %q", got, want)
	}

	var b bytes.Buffer
	if err := simulator.RenderText(&b, []simulator.Event{v}, simulator.TextOptions{Narrate: true, Width: 80, Explain: ways}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	at := strings.Index(out, "On a device:")
	if at < 0 {
		t.Fatalf("no On a device: in\n%s", out)
	}
	in := out[strings.LastIndexByte(out[:at], '\n')+1 : at] // the narration's indent
	for _, line := range []string{
		in + "On a device:\n",
		in + "- Never called: the app is kept awake until its time runs\n" +
			in + "  out, then suspended (R-D4).\n",
		in + "- Called early: iOS may suspend it at once (R-D4).\n" + in + "Fix: call it once\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("the timeline lacks %q:\n%s", line, out)
		}
	}

	b.Reset()
	if err := simulator.RenderMermaidWith(&b, []simulator.Event{v}, simulator.MermaidOptions{Explain: ways}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ": On a device:<br/>- Never called: ") || !strings.Contains(b.String(), "<br/>- Called early: ") {
		t.Errorf("the diagram's note does not list the ways:\n%s", b.String())
	}
}
