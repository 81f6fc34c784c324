package simulator_test

// The Rule constants against what people read: the rules page lists the
// rules in the order of simulator.Rules, and every rule or mistake ID
// written in the docs or in a Go comment anywhere in the module is one of
// the constants, so a typo (a zero-padded number) or a rule the page
// dropped cannot hide in prose. Strings are not checked: a spec may write
// a wrong ID on purpose to show it is refused. coverage_test.go checks the
// page's rows against the constants and the specs against the page.

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/simulator"
)

// riID matches a rule or mistake ID as a whole word: R-D4, M12.
var riID = regexp.MustCompile(`(^|[^A-Za-z0-9-])(R-[A-Z]\d+|M\d+)($|[^A-Za-z0-9])`)

// riIDs lists the IDs text writes, with the line of each.
func riIDs(text string) (ids []string, lines []int) {
	for n, line := range strings.Split(text, "\n") {
		for _, m := range riID.FindAllStringSubmatch(line, -1) {
			ids = append(ids, m[2])
			lines = append(lines, n+1)
		}
	}
	return ids, lines
}

// riModuleRoot is the module's root, one level above this package.
var riModuleRoot = ".."

var _ = Describe("rule IDs in the docs and the code", func() {
	It("the rules page lists the rules in the order of simulator.Rules and the mistakes in the order of simulator.Mistakes", func() {
		var rules, mistakes []string
		for _, r := range simulator.Rules() {
			rules = append(rules, r.String())
		}
		for _, m := range simulator.Mistakes() {
			mistakes = append(mistakes, m.String())
		}
		Expect(rlRuleIDs(rlRulesDoc)).To(Equal(rules))
		Expect(rlMistakeIDs(rlRulesDoc)).To(Equal(mistakes))
	})

	It("every ID written in docs/, the README or a Go comment of the module is a Rule constant", func() {
		var unknown []string
		check := func(path, text string, lineOffset int) {
			ids, lines := riIDs(text)
			for i, id := range ids {
				if !simulator.Rule(id).Known() {
					unknown = append(unknown, path+":"+strconv.Itoa(lines[i]+lineOffset)+": "+id)
				}
			}
		}
		docs, files := 0, 0
		err := filepath.WalkDir(riModuleRoot, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); path != riModuleRoot && (strings.HasPrefix(name, ".") || name == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			switch {
			case strings.HasSuffix(path, ".md"):
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				docs++
				check(path, string(b), 0)
			case strings.HasSuffix(path, ".go"):
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				files++
				for n, line := range strings.Split(string(b), "\n") {
					if i := strings.Index(line, "//"); i >= 0 {
						check(path, line[i:], n)
					}
				}
			}
			return nil
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(docs).To(BeNumerically(">", 1), "docs/ios-rules.md and the README were read")
		Expect(files).To(BeNumerically(">", 50), "the module's Go files were read")
		Expect(unknown).To(BeEmpty(), "IDs that are no Rule constant (a typo, or a rule the vocabulary lacks)")
	})

	It("riIDs finds whole IDs only", func() {
		ids, _ := riIDs("R-D4 and M12, not XM1, R-D4x or GRR-D4; (R-S10)")
		Expect(ids).To(Equal([]string{"R-D4", "M12", "R-S10"}))
	})
})
