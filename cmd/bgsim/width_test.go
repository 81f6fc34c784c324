package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// loneTag is a line that holds nothing but a rule tag.
var loneTag = regexp.MustCompile(`^\s*\[(R-[A-Z]\d+|M\d+)\]$`)

// What bgsim run prints of every catalog scenario, its title included,
// fits the columns it is laid out in (the default 100, and --width down to
// the narrowest), and no rule tag stands alone on a line: it takes the
// last word of its event down with it (at 80 and wider: at 60 a URL and
// its tag can be wider than the line, and the tag goes under it).
func TestRunOutputFitsItsWidth(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/catalog/*.yaml")
	if err != nil || len(files) < 50 {
		t.Fatalf("catalog files: %d, %v", len(files), err)
	}
	for _, width := range []int{defaultWidth, 80, minWidth} {
		for _, f := range files {
			args := []string{"run", f}
			if width != defaultWidth {
				args = append(args, "--width", strconv.Itoa(width), "--names", "both")
			}
			out, errs, code := run(t, args...)
			if code != exitOK && code != exitFailed {
				t.Fatalf("%s: exit %d: %s", f, code, errs)
			}
			for i, l := range strings.Split(out, "\n") {
				if n := utf8.RuneCountInString(l); n > width {
					t.Errorf("%s at %d: line %d has %d columns: %q", filepath.Base(f), width, i+1, n, l)
				}
				if width >= 80 && loneTag.MatchString(l) {
					t.Errorf("%s at %d: line %d is a rule tag alone: %q", filepath.Base(f), width, i+1, l)
				}
			}
		}
	}
}

// fit keeps text that fits byte for byte, folds prose again as a whole,
// and folds the items of a list or a table under their own text.
func TestFit(t *testing.T) {
	for _, c := range []struct {
		name, text string
		width      int
		want       string
	}{
		{"fits", "a  b\n  c\n\nd", 4, "a  b\n  c\n\nd"},
		{"prose", "one two three\nfour five six seven", 11, "one two\nthree four\nfive six\nseven"},
		{"paragraphs", "\none two three four\n\nfive\n", 11, "\none two\nthree four\n\nfive\n"},
		{"table", "Codes:\n  1  one two three\n     four\n  2  five", 16, "Codes:\n  1  one two\n     three four\n  2  five"},
		{"bullets", "List:\n- one two three four", 12, "List:\n- one two\n  three four"},
		{"indented", "Head:\n    one two three four", 14, "Head:\n    one two\n    three four"},
	} {
		if got := fit(c.text, c.width); got != c.want {
			t.Errorf("%s: fit(%q, %d) = %q, want %q", c.name, c.text, c.width, got, c.want)
		}
	}
}

// hanging folds a line under an indent, and keeps one that fits as it is.
func TestHanging(t *testing.T) {
	if got, want := hanging("seed 1 broke run: a b c d e f", 14, "  "), "seed 1 broke\n  run: a b c d\n  e f"; got != want {
		t.Errorf("hanging = %q, want %q", got, want)
	}
	// The line's own indent stays; a line one column too wide for its
	// words to need the indent's room folds, and leaves no empty line.
	if got, want := hanging("  seed 2 broke run", 14, "    "), "  seed 2 broke\n    run"; got != want {
		t.Errorf("hanging = %q, want %q", got, want)
	}
	if got, want := hanging("  123456789012", 13, "    "), "  123456789012"; got != want {
		t.Errorf("hanging = %q, want %q", got, want)
	}
	if got := hanging("a  b", 14, "  "); got != "a  b" {
		t.Errorf("hanging changed a line that fits: %q", got)
	}
}

// An example too wide for its width has its comment above it and the
// commands it joins with && one under the other; one that fits is kept.
func TestFitExamples(t *testing.T) {
	in := "  bgsim explore walkthrough --shard 0/1 --out shards/ && bgsim explore merge shards/  # one shard"
	want := "  # one shard\n  bgsim explore walkthrough --shard 0/1 --out shards/ &&\n    bgsim explore merge shards/"
	if got := fitExamples(in, 60); got != want {
		t.Errorf("fitExamples = %q, want %q", got, want)
	}
	if got := fitExamples(in, 1000); got != in {
		t.Errorf("fitExamples changed an example that fits: %q", got)
	}
}
