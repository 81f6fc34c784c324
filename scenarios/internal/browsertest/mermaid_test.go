package browsertest_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// mermaidJS is Mermaid's browser bundle, installed by npm ci in
// testdata/mermaid (.ci/run does it; the version is pinned there).
const mermaidJS = "testdata/mermaid/node_modules/mermaid/dist/mermaid.min.js"

// mermaidPage writes a local page that loads Mermaid and returns its URL.
func mermaidPage(t *testing.T) string {
	t.Helper()
	js, err := filepath.Abs(mermaidJS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(js); err != nil {
		msg := "no Mermaid bundle at " + mermaidJS + ": run npm ci in scenarios/internal/browsertest/testdata/mermaid"
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s (.ci/run does it)", msg)
		}
		t.Skip("skipping the Mermaid parse test: " + msg)
	}
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="` +
		(&url.URL{Scheme: "file", Path: js}).String() + `"></script></head><body></body></html>`
	path := filepath.Join(t.TempDir(), "mermaid.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

func TestMermaidDiagramsParse(t *testing.T) {
	pageURL := mermaidPage(t)
	ctx := browser(t)
	do(t, ctx, "load Mermaid", chromedp.Navigate(pageURL))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof mermaid === "object" && typeof mermaid.parse === "function"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("Mermaid did not load: %v", err)
	}
	parse := func(diagram string) string {
		t.Helper()
		arg, err := json.Marshal(diagram)
		if err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
			try { await mermaid.parse(`+string(arg)+`); return ""; }
			catch (e) { return String((e && e.message) || e) || "error"; }
		})()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluate mermaid.parse: %v", err)
		}
		return v
	}

	// The parser is really there and says no to a broken diagram.
	if parse("sequenceDiagram\n    A->>B: hello\n") != "" {
		t.Fatal("Mermaid rejects a valid diagram: the check cannot be trusted")
	}
	if parse("sequenceDiagram\n    A->>: hello\n    end\n") == "" {
		t.Fatal("Mermaid accepts a broken diagram: the check cannot be trusted")
	}

	render := func(events []simulator.Event, names simulator.Names) string {
		var b bytes.Buffer
		if err := simulator.RenderMermaidWith(&b, events, simulator.MermaidOptions{Names: names, Explain: scenarios.Explain}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, b := range scenarios.Builtins() {
		sim, err := b.Run(simulator.Config{}, appmodel.Mistakes{})
		if sim == nil {
			t.Errorf("run %s: %v", b.Name, err)
			continue
		}
		// With Xamarin names, and with both (Swift names have parentheses
		// and colons).
		for _, names := range []simulator.Names{simulator.NamesXamarin, simulator.NamesBoth} {
			d := render(sim.Trace(), names)
			if msg := parse(d); msg != "" {
				t.Errorf("the diagram of %s (names %s) does not parse: %s\n%s", b.Name, names, msg, firstLines(d, 40))
			}
		}
	}

	// Strings from a scenario that look like Mermaid syntax stay text.
	hostile := []string{"end", "alt x", "Note over App: x", "a;b", "#35;", "<br>", "%%{init: {}}%%",
		"App->>iOS: x", "x\ny", "participant X", "}}", "[x]", "{x}", "opt", "loop", "rect rgb(0,0,0)", "#gt;", "&amp;", `"q"`, ":"}
	var evs []simulator.Event
	for i, h := range hostile {
		evs = append(evs,
			simulator.Event{Seq: 3*i + 1, At: time.Duration(i) * time.Second, Actor: simulator.ActorUser, Kind: simulator.KindNote, Detail: h},
			simulator.Event{Seq: 3*i + 2, At: time.Duration(i) * time.Second, Actor: simulator.ActorApp, Kind: simulator.KindLog, Process: 1, Queue: "main", Detail: h},
			simulator.Event{Seq: 3*i + 3, At: time.Duration(i) * time.Second, Actor: simulator.ActorDaemon, Kind: simulator.KindTaskComplete,
				Session: h, Task: 1, Desc: h, Process: 1})
	}
	if d := render(evs, simulator.NamesXamarin); parse(d) != "" {
		t.Errorf("a diagram of hostile strings does not parse: %s\n%s", parse(d), d)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
