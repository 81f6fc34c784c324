package scenarios

import (
	"regexp"
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
