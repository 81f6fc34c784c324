package simulator

// Internal specs of the trace vocabulary: every Kind constant of the
// package has a row in kindTable, and every row a text line, a diagram
// form and a decision about narration. Ginkgo and Gomega are imported by
// name, as in the other internal spec files.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	gk "github.com/onsi/ginkgo/v2"
	gm "github.com/onsi/gomega"
)

// kdDeclaredKinds parses the package's non-test files and returns the value
// of every constant declared with type Kind, with the file it is in.
func kdDeclaredKinds() map[Kind]string {
	gk.GinkgoHelper()
	out := map[Kind]string{}
	for v, file := range kdDeclared("Kind") {
		out[Kind(v)] = file
	}
	return out
}

// kdDeclared parses the package's non-test files and returns the value of
// every string constant declared with the named type, with its file.
func kdDeclared(typeName string) map[string]string {
	gk.GinkgoHelper()
	paths, err := filepath.Glob("*.go")
	gm.Expect(err).NotTo(gm.HaveOccurred())
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		gm.Expect(err).NotTo(gm.HaveOccurred(), "parse %s", p)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typeName {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					gm.Expect(ok).To(gm.BeTrue(), "%s: a %s constant is a string literal", p, typeName)
					s, err := strconv.Unquote(lit.Value)
					gm.Expect(err).NotTo(gm.HaveOccurred())
					out[s] = p
				}
			}
		}
	}
	return out
}

// kdTeaching are the kinds a learner needs explained: each must have a
// narration, not only a text line.
var kdTeaching = []Kind{
	KindLaunch, KindTerminate, KindTransition, KindAppCallback, KindViolation,
	KindBGTaskExpire, KindSnapshot, KindConnect, KindSessionCallback, KindTransferStart,
	KindFile, KindRelaunch, KindRelaunchDeferred, KindHandlerCall,
}

var _ = gk.Describe("the trace vocabulary (kinds.go)", func() {
	gk.It("declares every kind in kinds.go and lists each once in Kinds()", func() {
		declared := kdDeclaredKinds()
		gm.Expect(len(declared)).To(gm.BeNumerically(">=", 31), "the kinds were found")
		for k, file := range declared {
			gm.Expect(file).To(gm.Equal("kinds.go"), "kind %s is declared in %s: every kind lives in kinds.go", k, file)
		}
		listed := Kinds()
		gm.Expect(listed).To(gm.HaveLen(len(declared)), "Kinds() lists every declared kind once")
		for _, k := range listed {
			gm.Expect(declared).To(gm.HaveKey(k), "Kinds() lists %s, which is not a constant", k)
			gm.Expect(k.Known()).To(gm.BeTrue())
		}
		sorted := slices.Clone(listed)
		slices.Sort(sorted)
		gm.Expect(slices.Compact(sorted)).To(gm.HaveLen(len(listed)), "no kind is listed twice")
		gm.Expect(Kind("no.such-kind").Known()).To(gm.BeFalse())
	})

	gk.It("gives every kind an actor, a text line, a diagram form and a decision about narration", func() {
		for _, row := range kindTable {
			gm.Expect(row.actor).NotTo(gm.BeEmpty(), "%s has no actor", row.kind)
			gm.Expect(row.kind.Actor()).To(gm.Equal(row.actor))
			gm.Expect(row.text).NotTo(gm.BeNil(), "%s has no text line", row.kind)
			gm.Expect(row.diagram.valid()).To(gm.BeTrue(), "%s has no diagram form: %+v", row.kind, row.diagram)
			gm.Expect(row.narrate != nil).NotTo(gm.Equal(row.quiet),
				"%s must either narrate or be marked quiet (not both, not neither)", row.kind)
		}
	})

	gk.It("narrates every kind that teaches", func() {
		for _, k := range kdTeaching {
			gm.Expect(kindSpecs[k].narrate).NotTo(gm.BeNil(), "%s teaches: it needs a narration", k)
		}
	})

	gk.It("renders every kind through its row: text, diagram and narration", func() {
		for _, k := range Kinds() {
			e := Event{Kind: k, Actor: k.Actor(), Process: 2, Session: "s", Task: 3, Detail: "detail-text",
				Callback: CbHandleEventsForBackgroundURL, Queue: QueueMain, From: "a", To: "b", Bytes: 0}
			text := Describe(e)
			gm.Expect(text).NotTo(gm.BeEmpty(), "%s", k)
			gm.Expect(text).NotTo(gm.HavePrefix(string(k)+" "), "%s is rendered by the fallback, not its row", k)
			line := mermaidLine(e)
			gm.Expect(line).To(gm.HaveSuffix(": "+mermaidText(DescribeNamed(e, NamesXamarin), "")), "%s: the diagram shows the text line", k)
			f := kindSpecs[k].diagram
			if f.arrow != "" {
				gm.Expect(line).To(gm.HavePrefix(f.from+f.arrow+f.to+": "), "%s", k)
			} else {
				gm.Expect(line).To(gm.HavePrefix("Note "+f.note+": "), "%s", k)
			}
		}
		gm.Expect(Describe(Event{Kind: "future.kind", Detail: "x"})).To(gm.Equal("future.kind x"),
			"a kind from another version falls back to kind and detail")
		gm.Expect(mermaidLine(Event{Kind: "future.kind", Actor: ActorDaemon, Detail: "x"})).To(
			gm.Equal("Note over nsurlsessiond: future.kind x"))
		gm.Expect(Narrate(Event{Kind: "future.kind"})).To(gm.BeEmpty())
	})

	gk.It("lists every termination reason and narrates each; lists every launch reason", func() {
		declared := kdDeclared("TerminationReason")
		gm.Expect(len(declared)).To(gm.BeNumerically(">=", 6), "the reasons were found")
		var listed []string
		for _, r := range TerminationReasons() {
			listed = append(listed, r.String())
			gm.Expect(Narrate(Event{Kind: KindTerminate, Reason: string(r)})).NotTo(gm.BeEmpty(), "%s teaches: it needs a narration", r)
		}
		gm.Expect(listed).To(gm.ConsistOf(slices.Collect(maps.Keys(declared))), "TerminationReasons() lists every constant once")

		var launches []string
		for _, r := range LaunchReasons() {
			launches = append(launches, r.String())
		}
		gm.Expect(launches).To(gm.HaveExactElements(gm.Equal("user"), gm.Equal("url-session"), gm.Equal("extension")), "a new reason is added here too")
	})

	gk.It("names callbacks by their constants in the package's code, never by a string", func() {
		paths, err := filepath.Glob("*.go")
		gm.Expect(err).NotTo(gm.HaveOccurred())
		fset := token.NewFileSet()
		var bare []string
		isCallback := func(e ast.Expr) bool {
			switch x := e.(type) {
			case *ast.Ident:
				return x.Name == "Callback"
			case *ast.SelectorExpr:
				return x.Sel.Name == "Callback"
			}
			return false
		}
		isString := func(e ast.Expr) bool {
			lit, ok := e.(*ast.BasicLit)
			return ok && lit.Kind == token.STRING && lit.Value != `""`
		}
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			gm.Expect(err).NotTo(gm.HaveOccurred())
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.KeyValueExpr:
					if isCallback(x.Key) && isString(x.Value) {
						bare = append(bare, fset.Position(x.Pos()).String())
					}
				case *ast.BinaryExpr:
					compare := x.Op == token.EQL || x.Op == token.NEQ
					if compare && (isCallback(x.X) && isString(x.Y) || isCallback(x.Y) && isString(x.X)) {
						bare = append(bare, fset.Position(x.Pos()).String())
					}
				}
				return true
			})
		}
		gm.Expect(bare).To(gm.BeEmpty(), "use the Cb... constants")
		for _, c := range Callbacks() {
			gm.Expect(c.Known()).To(gm.BeTrue())
		}
		gm.Expect(Callback("DidFinishDownloadingg").Known()).To(gm.BeFalse())
	})
})
