package simulator_test

// Coverage of the rules by the specs: every rule (R-..) and every mistake
// (M1..M17) of docs/ios-rules.md must be named by the description of at
// least one spec, so that `grep -rn R-D2` finds the spec that pins a rule;
// and the page must list exactly the IDs of simulator.Rules and
// simulator.Mistakes.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/simulator"
)

// rlRulesDoc is the page that lists every modelled rule, and rlSpecDirs
// the packages whose specs count, relative to this package's directory.
var (
	rlRulesDoc = filepath.Join("..", "docs", "ios-rules.md")
	rlSpecDirs = []string{filepath.Join("..", "simulator"), filepath.Join("..", "scenarios"),
		filepath.Join("..", "appmodel"), filepath.Join("..", "fakes")}
)

// rlRuleRow matches a rule's row in a table of ios-rules.md: "| R-D2 | ...",
// and rlMistakeRow a mistake's: "| M12 | ...".
var (
	rlRuleRow    = regexp.MustCompile(`(?m)^\|\s*(R-[A-Z]\d+)\s*\|`)
	rlMistakeRow = regexp.MustCompile(`(?m)^\|\s*(M\d+)\s*\|`)
)

// rlPending are IDs of the rules page whose specs are still being written
// in another branch: the coverage check skips them until that branch lands
// its specs and empties this list. Empty since both halves of issue 9 (the
// rules page version 2) landed; nothing else belongs here.
var rlPending []string

// rlRuleIDs are the rule IDs of the rows of the rules page, in page order.
func rlRuleIDs(path string) []string { return rlRowIDs(path, rlRuleRow) }

// rlMistakeIDs are the mistake IDs of the rows of the rules page.
func rlMistakeIDs(path string) []string { return rlRowIDs(path, rlMistakeRow) }

func rlRowIDs(path string, row *regexp.Regexp) []string {
	GinkgoHelper()
	b, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred())
	var ids []string
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		if !slices.Contains(ids, m[1]) {
			ids = append(ids, m[1])
		}
	}
	return ids
}

// rlSpecFuncs are the Ginkgo functions whose first argument is a
// description, with their focused (F), pending (P) and excluded (X) forms.
var rlSpecFuncs = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range []string{"Describe", "Context", "When", "It", "Specify", "Entry", "DescribeTable", "DescribeTableSubtree"} {
		for _, p := range []string{"", "F", "P", "X"} {
			m[p+f] = true
		}
	}
	return m
}()

// rlDescriptions are the spec descriptions written as string literals in
// the *_test.go files of dirs: the first argument of It, Entry, Describe,
// Context, ... (a literal, a sum of literals, or the format of a
// fmt.Sprintf), with the file each came from.
func rlDescriptions(dirs ...string) (descs []string, files int) {
	GinkgoHelper()
	fset := token.NewFileSet()
	for _, dir := range dirs {
		paths, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		Expect(err).NotTo(HaveOccurred())
		for _, p := range paths {
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			Expect(err).NotTo(HaveOccurred(), "parse %s", p)
			files++
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 || !rlSpecFuncs[rlFuncName(call.Fun)] {
					return true
				}
				if s, ok := rlLiteral(call.Args[0]); ok {
					descs = append(descs, s)
				}
				return true
			})
		}
	}
	return descs, files
}

// rlFuncName is the name of a called function: It, or gk.It.
func rlFuncName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// rlLiteral is the text of a string literal, of a sum of expressions some
// of which are literals, or of the format of a fmt.Sprintf call.
func rlLiteral(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		l, lok := rlLiteral(x.X)
		r, rok := rlLiteral(x.Y)
		return l + " " + r, lok || rok
	case *ast.ParenExpr:
		return rlLiteral(x.X)
	case *ast.CallExpr:
		if rlFuncName(x.Fun) == "Sprintf" && len(x.Args) > 0 {
			return rlLiteral(x.Args[0])
		}
	}
	return "", false
}

// rlNames reports whether text names id as a whole word: R-S1 is not
// named by R-S10, M1 not by M11.
func rlNames(text, id string) bool {
	re := regexp.MustCompile(`(^|[^A-Za-z0-9])` + regexp.QuoteMeta(id) + `($|[^0-9])`)
	return re.MatchString(text)
}

var _ = Describe("coverage of the rules by the specs", func() {
	It("the rules page lists every rule and mistake of the vocabulary (v2: R-L1..R-G4 with R-X1..R-X3, M1..M17), and nothing else", func() {
		var want []string
		for _, r := range simulator.Rules() {
			want = append(want, r.String())
		}
		Expect(rlRuleIDs(rlRulesDoc)).To(ConsistOf(want))
		want = want[:0]
		for _, m := range simulator.Mistakes() {
			want = append(want, m.String())
		}
		Expect(rlMistakeIDs(rlRulesDoc)).To(ConsistOf(want))
	})

	It("every rule of docs/ios-rules.md (R-L1..R-G4) and every mistake M1..M17 is named by at least one spec description", func() {
		rules := rlRuleIDs(rlRulesDoc)
		Expect(rules).To(ContainElements("R-L1", "R-S10", "R-I6", "R-D6", "R-E6", "R-R1", "R-G4", "R-D7", "R-X3"),
			"the rules page was parsed: %v", rules)
		Expect(len(rules)).To(BeNumerically(">=", 50), "the rules page lists the 50 rules of version 2: %v", rules)
		mistakes := rlMistakeIDs(rlRulesDoc)
		Expect(mistakes).To(HaveLen(17), "the rules page lists M1..M17: %v", mistakes)
		var ids []string
		for _, id := range append(slices.Clone(rules), mistakes...) {
			if !slices.Contains(rlPending, id) {
				ids = append(ids, id)
			}
		}

		descs, files := rlDescriptions(rlSpecDirs...)
		Expect(files).To(BeNumerically(">", 0))
		Expect(descs).NotTo(BeEmpty())
		var missing []string
		for _, id := range ids {
			found := false
			for _, d := range descs {
				if rlNames(d, id) {
					found = true
					break
				}
			}
			if !found {
				missing = append(missing, id)
			}
		}
		Expect(missing).To(BeEmpty(), "IDs that no spec description names (%d descriptions in %d spec files): %s",
			len(descs), files, strings.Join(missing, ", "))
		AddReportEntry("coverage", fmt.Sprintf("%d of %d rule and mistake IDs each named by a spec (pending elsewhere: %v): %d descriptions in %d spec files",
			len(ids), len(rules)+len(mistakes), rlPending, len(descs), files))
	})

	It("rlNames matches whole IDs only", func() {
		Expect(rlNames("R-S10: client certificates", "R-S1")).To(BeFalse())
		Expect(rlNames("R-S10: client certificates", "R-S10")).To(BeTrue())
		Expect(rlNames("M11 UIOffMainThread", "M1")).To(BeFalse())
		Expect(rlNames("M1, M6: twins", "M1")).To(BeTrue())
		Expect(rlNames("(R-E2, R-D2)", "R-D2")).To(BeTrue())
		Expect(rlNames("XM1", "M1")).To(BeFalse())
	})
})
