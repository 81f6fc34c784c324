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
	"unsafe"
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
	// detailWords, and an event's literal text (an Event's Detail, what
	// the user does, a transition's cause) one of textWords: else it is
	// stored right, but as a string of each run's own, or inline, and this
	// test says which to add.
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// The literal arguments of calls to these functions, by position: a
	// detail's (detailWords), an event's text (textWords).
	args := map[string][]int{
		"emitf": {1}, "emitfEvent": {1}, "strArg": {0}, "countArg": {1, 2}, "emitWake": {2},
		"fire": {1}, "launch": {2}, "terminate": {2}, "systemAct": {3}, "userAct": {1, 3},
	}
	words, found := append(detailWords(), textWords()...), 0
	fset := token.NewFileSet()
	check := func(what string, e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		found++
		if !slices.Contains(words, s) {
			t.Errorf("%s: %s's %q is not in detailWords or textWords", fset.Position(lit.Pos()), what, s)
		}
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok {
				if typ, ok := lit.Type.(*ast.Ident); ok && typ.Name == "Event" {
					for _, el := range lit.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Detail" {
								check("an Event's Detail", kv.Value)
							}
						}
					}
				}
				return true
			}
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
				if k < len(call.Args) {
					check(name, call.Args[k])
				}
			}
			return true
		})
	}
	if found < 30 {
		t.Fatalf("found %d literal details and texts, want the package's (at least 30)", found)
	}
}

func TestTextWordsAreStoredAsTheirIDs(t *testing.T) {
	// An event's fixed text takes its word's id, two bytes, not its
	// length and bytes, in each kind of event that has one, and reads
	// back the same; a copy of it, at other bytes, is written inline.
	kinds := map[string]func(st *traceStore, text string){
		"line": func(st *traceStore, text string) { st.addLine(&userLine, 0, "", text, nil, 0) },
		"transition": func(st *traceStore, text string) {
			st.addTransition(1, stateWords[0], stateWords[1], eventWords[0], text, "", 0)
		},
		"event": func(st *traceStore, text string) {
			st.add(&Event{Actor: ActorSystem, Kind: KindSystem, Detail: text}, nil)
		},
		"callback": func(st *traceStore, text string) {
			st.addCallback(KindAppCallback, &callbackEvent{cb: CbOnActivated, detail: text}, 0)
		},
	}
	for _, w := range textWords() {
		for _, text := range []string{w, strings.Clone(w)} {
			word := unsafe.StringData(text) == unsafe.StringData(w)
			for kind, store := range kinds {
				var st traceStore
				store(&st, text)
				// An event with its text inline takes more bytes than the
				// text; with its word's id, fewer (the shortest is 14).
				if inline := st.w > len(w); inline == word {
					t.Fatalf("a %s with %q (the word's own bytes: %v) took %d bytes", kind, w, word, st.w)
				}
				if got := st.events()[0].Detail; got != w {
					t.Fatalf("a %s with %q reads back %q", kind, w, got)
				}
			}
		}
	}
}
