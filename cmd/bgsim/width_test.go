package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// loneTag is a line that holds nothing but a rule tag.
var loneTag = regexp.MustCompile(`^\s*\[(R-[A-Z]\d+|M\d+)\]$`)

// What bgsim run prints of every catalog scenario, its title included,
// fits the 100 columns it is laid out in, and no rule tag stands alone on
// a line: it takes the last word of its event down with it.
func TestRunOutputFitsItsWidth(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/catalog/*.yaml")
	if err != nil || len(files) < 50 {
		t.Fatalf("catalog files: %d, %v", len(files), err)
	}
	for _, f := range files {
		out, errs, code := run(t, "run", f)
		if code != exitOK && code != exitFailed {
			t.Fatalf("%s: exit %d: %s", f, code, errs)
		}
		for i, l := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(l); n > textWidth {
				t.Errorf("%s: line %d has %d columns: %q", filepath.Base(f), i+1, n, l)
			}
			if loneTag.MatchString(l) {
				t.Errorf("%s: line %d is a rule tag alone: %q", filepath.Base(f), i+1, l)
			}
		}
	}
}
