package bdd_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// TestBDD is the Ginkgo bootstrap for the bdd test binary.
func TestBDD(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "scenarios/bdd")
}
