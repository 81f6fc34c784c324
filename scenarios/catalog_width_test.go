package scenarios_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// The narrated timeline of every catalog scenario fits the 100 columns the
// CLI lays it out in, hours of virtual time and container paths included.
func TestCatalogTimelinesFitTheirWidth(t *testing.T) {
	const width = 100
	for _, s := range catalogSpecs() {
		res := s.Run(scenarios.Options{})
		var b strings.Builder
		if err := simulator.RenderText(&b, res.Trace, simulator.TextOptions{Narrate: true, Width: width, Explain: scenarios.ExplainRun(s.Planted(nil)...)}); err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		for i, l := range strings.Split(b.String(), "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Errorf("%s: line %d has %d columns: %q", s.Name, i+1, n, l)
			}
		}
	}
}
