package main

import (
	"io"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// formatHTML is the self-contained HTML page of a run (simulator.RenderHTML).
const formatHTML = "html"

// writeHTML writes the HTML page of a run named title, with the rules
// page's explanation beside each violation, opening with the callback
// names of --names.
func writeHTML(w io.Writer, title string, events []simulator.Event, names simulator.Names) error {
	return simulator.RenderHTML(w, events, simulator.HTMLOptions{Title: title, Explain: scenarios.Explain, Names: names})
}
