package scenarios_test

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// R-D4, R-D6: when the app calls a wake's completion handler, iOS takes a
// snapshot of its UI; the reference app and the policy apps show "the
// downloaded image" in it only if the wake moved a downloaded file into
// the container. A file the app did not move is gone, a failed, uploaded
// or challenged task brings no image: then the UI says it shows none.
func TestWakeUIShowsAnImageOnlyIfOneWasMoved(t *testing.T) {
	all, err := scenarios.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	shown, none := 0, 0
	for _, sc := range all {
		res := sc.Run(scenarios.Options{Unchecked: true})
		moved := false
		for _, e := range res.Trace {
			switch {
			case e.Kind == simulator.KindAppCallback && e.Callback == simulator.CbHandleEventsForBackgroundURL:
				moved = false
			case e.Kind == simulator.KindLog && strings.HasPrefix(e.Detail, "moved the download"):
				moved = true
			case e.Kind == simulator.KindUI && e.Detail == "shows the downloaded image":
				shown++
				if !moved {
					t.Errorf("%s at %v: the UI shows the downloaded image, but the wake moved no file", sc.Name, e.At)
				}
				moved = false
			case e.Kind == simulator.KindUI && e.Detail == "shows no new image":
				none++
				if moved {
					t.Errorf("%s at %v: the UI shows no new image, but the wake moved a file", sc.Name, e.At)
				}
			}
		}
	}
	// Both kinds of wake are in the catalog (read-file-after-return,
	// upload-from-file; the walkthrough): the check above saw each.
	if shown == 0 || none == 0 {
		t.Errorf("the catalog's wakes showed an image %d times and none %d times; want both", shown, none)
	}
}
