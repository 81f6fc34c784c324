package simulator_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// TestSimulator is the single Ginkgo bootstrap for the simulator test
// binary. Specs in package simulator_test and in the internal package
// simulator all register into this one suite.
func TestSimulator(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "simulator")
}
