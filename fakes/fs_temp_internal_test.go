package fakes

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFSTempTableIsInvisible drives an FS with random writes, appends,
// renames and removals over names TempName handed out, look-alikes it
// never handed out and ordinary paths, and checks after each step that it
// agrees with a plain map of paths: the table that keeps the temporary
// files must change nothing anyone can see, also once its blocks are let
// go and their names are written again.
func TestFSTempTableIsInvisible(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	fsys := NewFS(NewClock(time.Unix(0, 0)))
	want := map[string]int64{} // path: size
	const steps = 30_000
	var names []string
	pick := func() string {
		switch r := rng.IntN(10); {
		case r < 6 && len(names) > 0:
			// mostly recent names, as a daemon's are
			return names[max(0, len(names)-1-rng.IntN(min(len(names), 3000)))]
		case r < 7:
			return tempName("/tmp/CFNetworkDownload_", 1+rng.IntN(len(names)+10)) // may never have been handed out
		case r < 8:
			return tempName("/other/x_", 1+rng.IntN(len(names)+10)) // a number handed out, another prefix
		}
		return "/Documents/f" + string(rune('a'+rng.IntN(20)))
	}
	for step := range steps {
		switch op := rng.IntN(10); {
		case op < 3:
			prefix := "/tmp/CFNetworkDownload_"
			if rng.IntN(10) == 0 {
				prefix = "tmp/relative_" // not a resolved path: kept in the map
			}
			p := fsys.TempName(prefix)
			names = append(names, rooted(p))
			size := int64(1 + rng.IntN(100))
			if err := fsys.WriteDownload(p, size, "https://example.com/x", `"v1"`); err != nil {
				t.Fatalf("step %d: write %s: %v", step, p, err)
			}
			want[rooted(p)] = size
		case op < 4:
			p := pick()
			size := int64(rng.IntN(50))
			if err := fsys.Write(p, Segment{From: 0, To: size, Source: "w"}); err != nil {
				t.Fatalf("step %d: write %s: %v", step, p, err)
			}
			want[p] = size
		case op < 5:
			p := pick()
			size, ok := want[p]
			err := fsys.Append(p, Segment{From: size, To: size + 5, Source: "a"})
			if ok != (err == nil) {
				t.Fatalf("step %d: append %s: %v, want it to succeed: %t", step, p, err, ok)
			}
			if ok {
				want[p] = size + 5
			}
		case op < 8:
			from, to := pick(), pick()
			size, ok := want[from]
			err := fsys.Rename(from, to)
			if ok != (err == nil) {
				t.Fatalf("step %d: rename %s %s: %v, want it to succeed: %t", step, from, to, err, ok)
			}
			if ok && from != to {
				delete(want, from)
				want[to] = size
			}
		default:
			p := pick()
			_, ok := want[p]
			err := fsys.Remove(p)
			if ok != (err == nil) || !ok && !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("step %d: remove %s: %v, want it to succeed: %t", step, p, err, ok)
			}
			delete(want, p)
		}
		if step%500 == 0 || step == steps-1 {
			checkFS(t, step, fsys, want, names)
		}
	}
	inTable := 0
	for range fsys.tmp.all() {
		inTable++
	}
	if inTable == 0 || fsys.files.len() == 0 {
		t.Fatalf("%d files in the table, %d in the map: the test does not exercise both", inTable, fsys.files.len())
	}
	// Moved away or deleted, as the daemon's files all are in the end: the
	// table lets its full blocks go, and their names are plain paths again.
	for _, p := range names {
		if _, ok := want[p]; ok {
			if err := fsys.Rename(p, "/Documents/kept"); err != nil {
				t.Fatal(err)
			}
			if fsys.Exists(p) { // asked again at once, its block perhaps let go
				t.Fatalf("%s is still there, moved away", p)
			}
			delete(want, p)
			want["/Documents/kept"] = 1
		}
	}
	for k, b := range fsys.tmp.blocks {
		if len(b.slots) == tempBlock {
			t.Fatalf("block %d of temporary names was not let go", k)
		}
	}
	for _, p := range names[:3] {
		if err := fsys.Write(p, Segment{From: 0, To: 3, Source: "again"}); err != nil {
			t.Fatal(err)
		}
		want[p] = 3
	}
	checkFS(t, -1, fsys, want, names[:3])
}

func checkFS(t *testing.T, step int, fsys *FS, want map[string]int64, names []string) {
	t.Helper()
	if got, w := fsys.List("/"), slices.Sorted(maps.Keys(want)); !slices.Equal(got, w) {
		for _, p := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("step %d: List has %s, which is not there", step, p)
			}
		}
		for _, p := range w {
			if !slices.Contains(got, p) {
				t.Errorf("step %d: List lacks %s", step, p)
			}
		}
		t.Fatalf("step %d: List gives %d files, want %d", step, len(got), len(w))
	}
	for _, p := range names[max(0, len(names)-200):] {
		size, ok := want[p]
		f, err := fsys.Stat(p)
		if ok != (err == nil) || ok && f.Size != size || fsys.Exists(p) != ok {
			t.Fatalf("step %d: stat %s: %+v, %v; want size %d, there: %t", step, p, f, err, size, ok)
		}
	}
}

// TestFSTempNamesStillDirectoryRules checks that a file at a temporary
// name is a file to the directory rules too: nothing can be written under
// it, and its directory is not empty while it is there.
func TestFSTempNamesStillDirectoryRules(t *testing.T) {
	fsys := NewFS(NewClock(time.Unix(0, 0)))
	p := fsys.TempName("/tmp/CFNetworkDownload_")
	if err := fsys.WriteDownload(p, 10, "https://example.com/x", ""); err != nil {
		t.Fatal(err)
	}
	if err := fsys.Write(p+"/below", Segment{From: 0, To: 1, Source: "x"}); !errors.Is(err, ErrNotDir) {
		t.Fatalf("write under a temporary file: %v, want ErrNotDir", err)
	}
	if err := fsys.Remove("/tmp"); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("remove its directory: %v, want ErrNotEmpty", err)
	}
	if err := fsys.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := fsys.Remove("/tmp"); err != nil {
		t.Fatalf("remove the emptied directory: %v", err)
	}
}

// TestFSTempNamesTakenApart checks that the table finds every name it was
// handed, by its number (every digit appears in a place of them), and
// takes apart no other spelling of a number: a leading zero past six
// digits, too few digits, something else than a digit, more than 18.
func TestFSTempNamesTakenApart(t *testing.T) {
	fsys := NewFS(NewClock(time.Unix(0, 0)))
	for n := 1; n <= 3_000; n++ {
		p := fsys.TempName("/tmp/CFNetworkDownload_")
		if err := fsys.WriteDownload(p, 1, "https://example.com/x", ""); err != nil { // so that no block is let go
			t.Fatal(err)
		}
		if s, got := fsys.tmp.slot(p); s == nil || got != n {
			t.Fatalf("slot(%q) = %v, %d; want name %d", p, s, got, n)
		}
	}
	for _, c := range []struct {
		s    string
		n    int
		isNo bool
	}{
		{"000001", 1, false}, {"123456", 123456, false}, {"9876543", 9876543, false},
		{"999999999999999999", 999999999999999999, false},
		{"00001", 0, true}, {"0000001", 0, true}, {"00000a", 0, true}, {"00/001", 0, true},
		{"000000", 0, true}, {"1000000000000000000", 0, true}, {"", 0, true},
	} {
		if n, ok := tempNumber(c.s); ok == c.isNo || n != c.n && ok {
			t.Errorf("tempNumber(%q) = %d, %t; want %d, %t", c.s, n, ok, c.n, !c.isNo)
		}
	}
}

// TestTempNamesAcrossInit: an FS made anew with Init, run after run,
// hands out the names a new FS would, whatever prefixes each run uses,
// as the names it kept from the runs before give strings back (prefixes
// of the same length among them, and past the kept numbers).
func TestTempNamesAcrossInit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	prefixes := []string{"/tmp/CFNetworkDownload_", "/tmp/CFNetworkDownloaX_", "/daemon/partial/CFNetworkDownload_", "/tmp/x_", "/tmp/y_", ""}
	c := NewClock(time.Unix(0, 0))
	var fsys FS
	reused := 0
	for run := range 300 {
		fsys.Init(c)
		var before [maxKeptNames]string
		if fsys.kept != nil {
			before = fsys.kept.names
		}
		for n := 1; n <= 1+rng.IntN(2*maxKeptNames); n++ {
			prefix := prefixes[rng.IntN(len(prefixes))]
			if rng.IntN(3) > 0 {
				prefix = prefixes[run%2] // mostly the same prefix as a run before
			}
			got := fsys.TempName(prefix)
			if want := tempName(prefix, n); got != want {
				t.Fatalf("run %d: name %d with prefix %q is %q, want %q", run, n, prefix, got, want)
			}
			if n <= len(before) && before[n-1] == got {
				reused++
			}
		}
	}
	if reused == 0 {
		t.Fatal("no name came from the memo")
	}
}

// TestFSKeptRecordsAreFree plays runs of random file operations on an
// FS made anew with Init run after run, which takes up the file records
// of the runs before, and on a new FS, and checks after each step that
// both hold the same files: a record handed to two files at once (a
// stale copy in the temporary names' first array, a file moved) would
// change one file as the other is written. The runs write up to a dozen
// files, past the arrays inside the FS, and land downloads past the
// temporary names' first array.
func TestFSKeptRecordsAreFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 31))
	c := NewClock(time.Unix(0, 0))
	var kept FS
	took := 0
	for run := range 2_000 {
		kept.Init(c)
		fresh := NewFS(c)
		if kept.kept != nil {
			took += len(kept.kept.recs)
		}
		var temps []string
		path := func() string {
			if len(temps) > 0 && rng.IntN(2) == 0 {
				return temps[rng.IntN(len(temps))]
			}
			return fmt.Sprintf("/Documents/f%d", rng.IntN(12))
		}
		for step := range 1 + rng.IntN(40) {
			var errK, errF error
			switch op := rng.IntN(6); op {
			case 0:
				name := kept.TempName("/tmp/CFNetworkDownload_")
				if fresh.TempName("/tmp/CFNetworkDownload_") != name {
					t.Fatalf("run %d: the names differ", run)
				}
				temps = append(temps, name)
				size := int64(rng.IntN(100))
				errK, errF = kept.WriteDownload(name, size, "https://example.com/a", ""), fresh.WriteDownload(name, size, "https://example.com/a", "")
			case 1:
				p, seg := path(), Segment{From: 0, To: int64(rng.IntN(50)), Source: "w"}
				errK, errF = kept.Write(p, seg), fresh.Write(p, seg)
			case 2:
				p := path()
				f, err := fresh.Stat(p)
				if err != nil {
					break
				}
				seg := Segment{From: f.Size, To: f.Size + 1 + int64(rng.IntN(9)), Source: "a"}
				errK, errF = kept.Append(p, seg), fresh.Append(p, seg)
			case 3:
				from, to := path(), path()
				errK, errF = kept.Rename(from, to), fresh.Rename(from, to)
			case 4:
				p := path()
				errK, errF = kept.Remove(p), fresh.Remove(p)
			}
			if fmt.Sprint(errK) != fmt.Sprint(errF) {
				t.Fatalf("run %d, step %d: %v, on a new FS %v", run, step, errK, errF)
			}
			if a, b := fsDump(&kept), fsDump(fresh); a != b {
				t.Fatalf("run %d, step %d: the FS holds\n%s\na new one\n%s", run, step, a, b)
			}
		}
	}
	if took == 0 {
		t.Fatal("no run took up a record")
	}
}

// fsDump is every file of fsys, its size and segments, in path order.
func fsDump(fsys *FS) string {
	var b strings.Builder
	for _, p := range fsys.List("/") {
		f, err := fsys.Stat(p)
		fmt.Fprintln(&b, p, f.Size, f.Segments, f.ModTime.UnixNano(), err)
	}
	return b.String()
}
