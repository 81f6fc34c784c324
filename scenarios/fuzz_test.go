package scenarios

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary bytes: it must never panic, and
// a file it refuses must come with problems in file order, each with a
// message. The seed corpus is the catalog, the invalid files of the
// table test, and testdata/fuzz/FuzzParse (inputs that found bugs).
func FuzzParse(f *testing.F) {
	entries, err := fs.ReadDir(catalogFS, "catalog")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		src, err := fs.ReadFile(catalogFS, "catalog/"+e.Name())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, c := range invalidFiles {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("fuzz.yaml", src)
		if err == nil {
			if s == nil || s.Name == "" {
				t.Fatalf("Parse accepted a scenario without a name: %q", src)
			}
			// A file that loads runs: its Config is one the simulator
			// takes, not one every step of the run refuses.
			if err := s.SimConfig().Validate(); err != nil {
				t.Fatalf("Parse accepted a scenario whose Config the simulator refuses: %v\n%q", err, src)
			}
			return
		}
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("Parse returned %T, not *FileError: %v", err, err)
		}
		if len(fe.Problems) == 0 {
			t.Fatal("a FileError with no problems")
		}
		for i, p := range fe.Problems {
			if strings.TrimSpace(p.Message) == "" {
				t.Fatalf("problem %d has no message", i)
			}
			if i > 0 {
				a, b := fe.Problems[i-1].Pos, p.Pos
				if a.Line > b.Line || a.Line == b.Line && a.Col > b.Col {
					t.Fatalf("problems out of file order: %v then %v", a, b)
				}
			}
		}
	})
}
