package scenarios_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// catalogSpecs reads the catalog once, when RunSpecs builds the tree:
// one spec per catalog file, located at the file's name line and labelled
// with its labels, so `ginkgo --label-filter` and editors' jump-to-location
// work. Not at init: the package's benchmarks, run alone (-run '^$'),
// would hold the parsed catalog, about 0.9 MB for the collector to scan at
// each of its cycles (half the test binary's live heap).
var catalogSpecs = sync.OnceValue(func() []*scenarios.Scenario {
	list, err := scenarios.Catalog()
	if err != nil {
		panic(err) // a broken catalog file is a bug of bgsim: fail loudly at start
	}
	return list
})

// catalogLocation is the spec's code location: the YAML file and the line
// of its name.
func catalogLocation(s *scenarios.Scenario) types.CodeLocation {
	abs, err := filepath.Abs(s.File())
	if err != nil {
		abs = s.File()
	}
	p, _ := s.PositionOf("$.name")
	return types.CodeLocation{FileName: abs, LineNumber: p.Line}
}

// renderGolden is a catalog trace as its golden file holds it: the text
// timeline, without narration (the narration is tested elsewhere).
func renderGolden(tr []simulator.Event) []byte {
	var b bytes.Buffer
	Expect(simulator.RenderText(&b, tr, simulator.TextOptions{})).To(Succeed())
	return b.Bytes()
}

var _ = Describe("The built-in catalog", Label("catalog"), func() {
	for _, s := range catalogSpecs() {
		It(fmt.Sprintf("%s: %s", s.Name, s.OneLine()), Label(s.Labels...), catalogLocation(s), func() {
			res := s.Run(scenarios.Options{})
			Expect(res.Err).NotTo(HaveOccurred(), "the run of %s stopped", s.File())
			var msgs []string
			for _, f := range res.Failures {
				msgs = append(msgs, f.Error())
			}
			Expect(msgs).To(BeEmpty(), "expectations of %s failed", s.File())
			golden := filepath.Join("testdata", "catalog", s.Name+".txt")
			got := renderGolden(res.Trace)
			if *update {
				Expect(os.MkdirAll(filepath.Dir(golden), 0o755)).To(Succeed())
				Expect(os.WriteFile(golden, got, 0o644)).To(Succeed())
			}
			want, err := os.ReadFile(golden)
			Expect(err).NotTo(HaveOccurred(), "no golden trace for %s: run go test ./scenarios -args -update", s.Name)
			Expect(string(got)).To(Equal(string(want)), "the trace of %s differs from %s (-update rewrites it)", s.File(), golden)
		})
	}
})

var _ = Describe("A broken expectation in a scenario file", func() {
	It("fails naming the file and the line of the expectation", func() {
		src, err := os.ReadFile("catalog/walkthrough.yaml")
		Expect(err).NotTo(HaveOccurred())
		// The walkthrough's app calls the completion handler; expecting
		// it never to is wrong, and the failure must point at this line.
		broken := strings.Replace(string(src), "  violations: none\n",
			"  violations: none\n  absent:\n    - {kind: app.completion-handler}\n", 1)
		Expect(broken).NotTo(Equal(string(src)))
		path := filepath.Join(GinkgoT().TempDir(), "my-walkthrough.yaml")
		Expect(os.WriteFile(path, []byte(broken), 0o644)).To(Succeed())
		line := 1 + strings.Count(broken[:strings.Index(broken, "    - {kind: app.completion-handler}")], "\n")

		s, err := scenarios.Load(path)
		Expect(err).NotTo(HaveOccurred())
		res := s.Run(scenarios.Options{})
		Expect(res.Err).NotTo(HaveOccurred())
		Expect(res.Failures).To(HaveLen(1))
		Expect(res.Failures[0].Error()).To(HavePrefix(fmt.Sprintf("%s:%d:7: app.completion-handler must not occur", path, line)))
	})
})
