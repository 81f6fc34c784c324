package main

import (
	"io"
	"strings"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// formatHTML is the self-contained HTML page of a run (simulator.RenderHTML).
const formatHTML = "html"

// writeHTML writes the HTML page of a run named title, with the rules
// page's explanation beside each violation, opening with the callback
// names of --names.
func writeHTML(w io.Writer, title string, events []simulator.Event, names simulator.Names) error {
	return simulator.RenderHTML(w, events, simulator.HTMLOptions{Title: title, Explain: explainViolation, Names: names})
}

// explainViolation is what a violated rule or mistake means, in the rules
// page's words: for a mistake, what a device does and the fix; for a rule,
// what iOS does.
func explainViolation(id simulator.Rule) string {
	b := scenarios.ReadRulebook()
	if m, ok := b.Mistake(id); ok {
		var parts []string
		if m.Device != "" {
			parts = append(parts, "On a device: "+m.Device)
		}
		if m.Fix != "" {
			parts = append(parts, "Fix: "+m.Fix)
		}
		return strings.Join(parts, "\n\n")
	}
	if r, ok := b.Rule(id); ok {
		return r.Text
	}
	return ""
}
