package appmodel

import (
	"fmt"
	"math/rand/v2"
	"path"
	"testing"
	"time"

	"github.com/bgsim/bgsim/fakes"
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
	paths := append([]string{""}, relativePaths("", ".", "..", "a", "Documents", "monkey.png")...)
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

func TestShownTextsInOrder(t *testing.T) {
	// Texts pushed and popped in a random mix come out in the order they
	// went in, as from a plain slice, however many wait at once.
	rng := rand.New(rand.NewPCG(1, 2))
	var d refSessionDelegate
	var model []string
	for i := range 20_000 {
		if len(model) == 0 || rng.IntN(3) < 1+len(model)%2 {
			msg := percentTexts[i%len(percentTexts)]
			d.pushShown(msg)
			model = append(model, msg)
			continue
		}
		if got := d.popShown(); got != model[0] {
			t.Fatalf("step %d: popShown() = %q, want %q (%d waiting)", i, got, model[0], len(model))
		}
		model = model[1:]
	}
	for len(model) > 0 {
		if got := d.popShown(); got != model[0] {
			t.Fatalf("draining: popShown() = %q, want %q", got, model[0])
		}
		model = model[1:]
	}
	if d.oldest != "" || (d.later != nil && len(*d.later) > 0) {
		t.Fatalf("texts left after draining: %q %v", d.oldest, d.later)
	}
}

func TestSavedImageNamesTheJoinedFile(t *testing.T) {
	// A path from the container's root, as savedImage checks the first
	// image's without joining it to the home directory, names the file the
	// relative path joined to the home directory names: every path of up
	// to three elements is readable one way exactly when it is the other,
	// and fails with the same error, whatever the container and wherever
	// it moved.
	fsys := fakes.NewFS(fakes.NewClock(time.Unix(0, 0)))
	files := []string{"/Documents/monkey.png", "/Documents/a/b", "/a"}
	for _, f := range files {
		if err := fsys.Write(f, fakes.Segment{From: 0, To: 1}); err != nil {
			t.Fatal(err)
		}
	}
	paths := relativePaths("a", "b", "Documents", "monkey.png", "x")
	readable := 0
	for _, home := range []string{"", "/var/mobile/Containers/Data/Application/A1", "/var/mobile/Containers/Data/Application/B2"} {
		if home != "" {
			fsys.SetHome(home)
		}
		for _, p := range paths {
			got, want := fsys.CheckReadable("/"+p), fsys.CheckReadable(joinHome(home, p))
			if (got == nil) != (want == nil) || got != nil && got.Error() != want.Error() {
				t.Fatalf("home %q: CheckReadable(%q) = %v, joined: %v", home, p, got, want)
			}
			if got == nil {
				readable++
			}
		}
	}
	if readable != 3*len(files) { // each file from each home, and only they
		t.Fatalf("%d paths readable, want %d", readable, 3*len(files))
	}
}

func TestNewRefAppOptions(t *testing.T) {
	// The factory made once for the zero options gives what the closure
	// of the options gives: a fresh app started by the first activation.
	for _, o := range []RefOptions{{}, {Images: 2}, {Mistakes: Mistakes{DataTasks: true}}} {
		f := NewRefApp(o)
		a, b := f().(*RefApp), f().(*RefApp)
		want := o
		want.AutoStart = true
		if a.opts != want || b.opts != want {
			t.Errorf("NewRefApp(%+v) made apps with options %+v, %+v; want %+v", o, a.opts, b.opts, want)
		}
		if a == b {
			t.Errorf("NewRefApp(%+v) made the same app twice", o)
		}
	}
}

// relativePaths are the paths of one, two and three of elems joined by
// slashes, in every order.
func relativePaths(elems ...string) (paths []string) {
	for _, x := range elems {
		paths = append(paths, x)
		for _, y := range elems {
			paths = append(paths, x+"/"+y)
			for _, z := range elems {
				paths = append(paths, x+"/"+y+"/"+z)
			}
		}
	}
	return paths
}
