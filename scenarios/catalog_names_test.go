package scenarios

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// callbackLike is a word that reads as a delegate method's name.
var callbackLike = regexp.MustCompile(`\b(?:Did|Will|Handle|On)[A-Z][A-Za-z]*\b`)

// TestCatalogTextsNameCallbacksWhole: a catalog summary or description
// names a callback by its whole name, which --names then shows as Xamarin's
// or Swift's; a short form ("HandleEvents") is neither, and stays as it is
// beside the Swift names of a --names swift timeline.
func TestCatalogTextsNameCallbacksWhole(t *testing.T) {
	list, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		for _, text := range []string{s.Summary, s.Description} {
			for _, w := range callbackLike.FindAllString(text, -1) {
				if _, ok := simulator.ParseCallback(w); !ok {
					t.Errorf("%s: %q is no callback's name", s.Name, w)
				}
			}
		}
	}
}

// TestCatalogSummariesKeepR_D5sHedge: no source says iOS kills every app
// that updates its UI off the main thread (R-D5: the Xamarin walkthrough
// warns it may; MainThreadPolicy terminate is bgsim's default), so a
// summary, the one line bgsim list shows, does not state it as iOS's
// doing.
func TestCatalogSummariesKeepR_D5sHedge(t *testing.T) {
	list, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if slices.Contains(s.Rules, "R-D5") && strings.Contains(s.Summary, "iOS terminates") {
			t.Errorf("%s: the summary %q states as iOS's what R-D5 hedges", s.Name, s.Summary)
		}
	}
}
