package simulator_test

// simulator.EventRules against the code that makes events: a rule the
// simulator's code names is one an event can cite, and a rule it never
// names is one no event cites. The scenarios package checks the same set
// against the catalog's traces (event_rules_test.go there).

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/simulator"
)

// erNamedRules lists the rules the simulator's non-test code names by
// their constant (RuleD4), outside rule.go, which declares them: every
// event that cites a rule is made in this package, with its constant.
func erNamedRules() []simulator.Rule {
	byName := map[string]simulator.Rule{}
	fset := token.NewFileSet()
	decl, err := parser.ParseFile(fset, "rule.go", nil, 0)
	Expect(err).NotTo(HaveOccurred())
	ast.Inspect(decl, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == len(vs.Names) {
			for i, name := range vs.Names {
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && strings.HasPrefix(name.Name, "Rule") {
					byName[name.Name] = simulator.Rule(strings.Trim(lit.Value, `"`))
				}
			}
		}
		return true
	})
	Expect(byName).To(HaveLen(len(simulator.Rules())), "rule.go declares every rule as RuleXN")
	entries, err := os.ReadDir(".")
	Expect(err).NotTo(HaveOccurred())
	seen := map[simulator.Rule]bool{}
	files := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == "rule.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		Expect(err).NotTo(HaveOccurred())
		files++
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if r, ok := byName[id.Name]; ok {
					seen[r] = true
				}
			}
			return true
		})
	}
	Expect(files).To(BeNumerically(">", 10), "the package's files were read")
	var out []simulator.Rule
	for _, r := range simulator.Rules() {
		if seen[r] {
			out = append(out, r)
		}
	}
	return out
}

var _ = Describe("the rules events cite", func() {
	It("EventRules is every rule the simulator's code names, and no other", func() {
		Expect(simulator.EventRules()).To(Equal(erNamedRules()))
	})

	It("EventRules leaves out R-E6 (a reboot is not modelled) and R-E1 (no event names it), keeps R-D4, in the order of Rules", func() {
		rules := simulator.EventRules()
		Expect(rules).NotTo(ContainElements(simulator.RuleE6, simulator.RuleE1))
		Expect(rules).To(ContainElement(simulator.RuleD4))
		Expect(slices.IsSortedFunc(rules, func(a, b simulator.Rule) int {
			return slices.Index(simulator.Rules(), a) - slices.Index(simulator.Rules(), b)
		})).To(BeTrue())
	})
})
