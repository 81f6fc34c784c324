package bench_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestBinaryHoldsNoTestFramework keeps this package's test binary lean:
// the benchmarks here measure a walkthrough's memory, whose price grows
// with what the program holds (package doc), so a Ginkgo suite or Gomega
// matchers belong in the scenarios package's tests, not here.
func TestBinaryHoldsNoTestFramework(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps -test: %v", err)
	}
	pkgs := strings.Fields(string(out))
	for _, heavy := range []string{"github.com/onsi/", "github.com/google/go-cmp/"} {
		if i := slices.IndexFunc(pkgs, func(p string) bool { return strings.HasPrefix(p, heavy) }); i >= 0 {
			t.Errorf("the benchmark binary links %s: keep specs and matchers out of package bench", pkgs[i])
		}
	}
}
