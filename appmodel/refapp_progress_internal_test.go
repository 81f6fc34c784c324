package appmodel

import (
	"fmt"
	"path"
	"testing"
)

func TestProgressText(t *testing.T) {
	// The texts of the table of percentages and those built on the spot
	// read the same as the plain formula.
	for _, c := range []struct {
		n, of int64
		want  string
	}{
		{0, 100, "progress 0%"},
		{42, 100, "progress 42%"},
		{1, 3, "progress 33%"},
		{2048, 2048, "progress 100%"},
		{300, 200, "progress 150%"}, // more than expected: past the table
		{1024, 0, "progress 1024 bytes"},
		{1024, -1, "progress 1024 bytes"},
	} {
		if got := progressText(c.n, c.of); got != c.want {
			t.Errorf("progressText(%d, %d) = %q, want %q", c.n, c.of, got, c.want)
		}
	}
}

func TestSmallTexts(t *testing.T) {
	// Texts from the tables made once and those built on the spot read
	// as fmt writes them, on both sides of the tables' end.
	for n := -2; n <= 12; n++ {
		if got, want := formatShown(n), fmt.Sprintf("shows %d downloaded image(s)", n); got != want {
			t.Errorf("formatShown(%d) = %q, want %q", n, got, want)
		}
		if got, want := imageDescOf(n), fmt.Sprintf("image-%d", n); got != want {
			t.Errorf("imageDescOf(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestJoinHomeIsJoin(t *testing.T) {
	// Every path of up to three elements from a set with the ones Clean
	// changes, rooted or not, joined to every other: joinHome gives what
	// path.Join gives.
	elems := []string{"", ".", "..", "a", "Documents", "monkey.png"}
	paths := []string{""}
	for _, x := range elems {
		paths = append(paths, x)
		for _, y := range elems {
			paths = append(paths, x+"/"+y)
			for _, z := range elems {
				paths = append(paths, x+"/"+y+"/"+z)
			}
		}
	}
	for _, p := range paths[1:] {
		paths = append(paths, "/"+p)
	}
	for _, h := range paths {
		for _, p := range paths {
			if got, want := joinHome(h, p), path.Join(h, p); got != want {
				t.Fatalf("joinHome(%q, %q) = %q, want path.Join's %q", h, p, got, want)
			}
		}
	}
	if got := joinHome("/var/mobile/Containers/Data/Application/A1", "Documents/monkey.png"); got != "/var/mobile/Containers/Data/Application/A1/Documents/monkey.png" {
		t.Errorf("joinHome of a container and a saved path = %q", got)
	}
}
