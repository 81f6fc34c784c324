package main

import (
	"io"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// runExplainer explains the violations of a run of scenario (a built-in
// name, or "" for a user's file) with the reference app's mistake
// switches: by the mistakes the run plants, since a violation in such a
// run is their doing (scenarios.ExplainRun), else as the rules page does.
func runExplainer(scenario string, switches []string) simulator.Explainer {
	return scenarios.ExplainRun(scenarios.PlantedMistakes(scenario, switches)...)
}

// formatHTML is the self-contained HTML page of a run (simulator.RenderHTML).
const formatHTML = "html"

// writeHTML writes the HTML page of a run named title, with explain's
// words beside each violation (the rules page's, by the mistakes the run
// plants: runExplainer), opening with the callback names of --names.
func writeHTML(w io.Writer, title string, events []simulator.Event, names simulator.Names, explain simulator.Explainer) error {
	return simulator.RenderHTML(w, events, simulator.HTMLOptions{Title: title, Explain: explain, Names: names})
}
