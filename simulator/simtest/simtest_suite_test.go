package simtest_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// TestSimtestSpecs is the Ginkgo bootstrap for the specs of an Env driven
// from Ginkgo nodes; the package's plain tests run beside it.
func TestSimtestSpecs(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "simulator/simtest")
}
