package bdd_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGuideQuotesTheExample keeps docs/testing-your-app.md honest: every
// line of its Go code blocks is a line of the PhotoSync example, which CI
// compiles and runs.
func TestGuideQuotesTheExample(t *testing.T) {
	guide, err := os.ReadFile("../../docs/testing-your-app.md")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../../docs/examples/photosync/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example sources: %v", err)
	}
	lines := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(src), "\n") {
			lines[strings.TrimSpace(l)] = true
		}
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(guide), -1)
	if len(blocks) < 5 {
		t.Fatalf("the guide has %d Go blocks; expected the walk-through's", len(blocks))
	}
	for _, b := range blocks {
		for _, l := range strings.Split(b[1], "\n") {
			if l = strings.TrimSpace(l); l != "" && !lines[l] {
				t.Errorf("the guide quotes a line the example does not have:\n\t%s", l)
			}
		}
	}
}
