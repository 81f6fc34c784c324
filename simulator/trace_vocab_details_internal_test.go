package simulator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestDetailWordsAreFoundWithoutTheTable(t *testing.T) {
	// A detail's fixed text is named by its word's id, found by address,
	// and never added to the run's table; a copy of it, at other bytes,
	// is a string of the run's own, which reads back the same.
	var tbl stringTable
	for _, w := range detailWords() {
		want, ok := vocabulary.ids[w]
		if !ok {
			t.Fatalf("%q is not in the vocabulary", w)
		}
		if got := tbl.textID(w); got != want {
			t.Fatalf("textID(%q) = %d, want the word's %d", w, got, want)
		}
	}
	if tbl.n != 0 {
		t.Fatalf("the table stored %d of the detail words as its own", tbl.n)
	}
	for _, w := range detailWords() {
		c := strings.Clone(w)
		id := tbl.textID(c)
		if uint64(id) <= vocabulary.size() || tbl.at(uint64(id)) != w {
			t.Fatalf("a copy of %q has id %d (%q), want one of the run's own", w, id, tbl.at(uint64(id)))
		}
	}
}

func TestDetailLiteralsAreWords(t *testing.T) {
	// The literal text the package's emits give a detail (a format, a
	// string or count argument, how the daemon wakes the app) is one of
	// detailWords: else it is stored right, but as a string of each run's
	// own, and this test says which to add.
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// The literal arguments of calls to these functions, by position.
	args := map[string][]int{
		"emitf": {1}, "emitfEvent": {1}, "strArg": {0}, "countArg": {1, 2}, "emitWake": {2},
	}
	words, found := detailWords(), 0
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			for _, k := range args[name] {
				if k >= len(call.Args) {
					continue
				}
				lit, ok := call.Args[k].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				found++
				if !slices.Contains(words, s) {
					t.Errorf("%s: %s's %q is not in detailWords", fset.Position(lit.Pos()), name, s)
				}
			}
			return true
		})
	}
	if found < 10 {
		t.Fatalf("found %d literal details' words, want the package's (at least 10)", found)
	}
}
