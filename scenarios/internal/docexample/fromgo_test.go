// Package docexample_test runs the "From Go" example of
// docs/scenario-format.md as it is written there, so that the page shows
// code that compiles and passes. It is a package of its own because the
// example registers a Go app model, which would show in the registry of
// the scenarios package's own tests.
package docexample_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// myapp stands for the team's package of the example: its NewModel is
// the reference app, a background download done right.
var myapp = struct{ NewModel appmodel.Factory }{NewModel: appmodel.NewRefApp(appmodel.RefOptions{})}

// The example, from "func init" to the end of TestMyPhotoSync, is the
// page's Go block verbatim (TestTheDocShowsThisExample).

func init() {
	scenarios.Register("my-model", myapp.NewModel) // an appmodel.Factory
}

func TestMyPhotoSync(t *testing.T) {
	s, err := scenarios.Load("testdata/my-photo-sync.yaml")
	if err != nil {
		t.Fatal(err) // a *scenarios.FileError: every problem with its line
	}
	seed := uint64(7)
	res := s.Run(scenarios.Options{
		Seed:   &seed,
		Config: func(c *simulator.Config) { c.MainThreadPolicy = simulator.PolicyReport },
	})
	for _, task := range res.Tasks {
		t.Log(task.Desc, task.Outcome)
	}
	// The error that stopped the run (res.Err: a run-until limit, the
	// event budget), or every expectation it missed (res.Failures), each
	// as file:line:col: message.
	if err := res.Error(); err != nil {
		t.Fatal(err)
	}
}

// TestTheDocShowsThisExample checks that the Go block of the page's
// "From Go" section is the example above, character for character.
func TestTheDocShowsThisExample(t *testing.T) {
	page, err := os.ReadFile("../../../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\n## From Go\n.*?```go\n(.*?)```").FindSubmatch(page)
	if m == nil {
		t.Fatal("docs/scenario-format.md has no Go block under ## From Go")
	}
	self, err := os.ReadFile("fromgo_test.go")
	if err != nil {
		t.Fatal(err)
	}
	src := string(self)
	start := strings.Index(src, "\nfunc init() {")
	end := strings.Index(src, "\n// TestTheDocShowsThisExample")
	if start < 0 || end < start {
		t.Fatal("fromgo_test.go lost its markers")
	}
	want := strings.TrimSpace(src[start:end])
	if got := strings.TrimSpace(string(m[1])); got != want {
		t.Errorf("the page's From Go block differs from the example that runs here; the page shows\n%s\n\nthe example is\n%s", got, want)
	}
}
