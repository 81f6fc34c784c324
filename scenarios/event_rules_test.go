package scenarios

import (
	"slices"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// TestCatalogCitesOnlyEventRules holds simulator.EventRules, the rules a
// run can show (explore's "never exercised" counts among them), to the
// catalog's traces: no event of any of them cites a rule outside the set.
// The simulator's own specs hold the set to the code that makes events.
func TestCatalogCitesOnlyEventRules(t *testing.T) {
	cat, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	can := simulator.EventRules()
	cited := map[simulator.Rule]bool{}
	for _, s := range cat {
		res := s.Run(Options{})
		if res.Err != nil {
			t.Fatalf("%s: %v", s.Name, res.Err)
		}
		for _, e := range res.Trace {
			if e.Rule == "" {
				continue
			}
			cited[e.Rule] = true
			if !slices.Contains(can, e.Rule) {
				t.Errorf("%s: an event cites %s, which simulator.EventRules leaves out: %s %s", s.Name, e.Rule, e.Kind, e.Detail)
			}
		}
	}
	// The catalog shows most of the set; a catalog that showed few rules
	// would make the check above vacuous.
	if len(cited) < len(can)*2/3 {
		t.Errorf("the catalog's traces cite %d rules of the %d events can cite", len(cited), len(can))
	}
}
