package bdd_test

import (
	"path/filepath"
	"runtime"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios/bdd"
)

var _ = Describe("where a failure is reported", func() {
	It("is the line of the user's Expect, not a line of the matcher", func() {
		var file string
		var line int
		g := NewGomega(func(_ string, skip ...int) {
			_, file, line, _ = runtime.Caller(skip[0] + 1)
		})
		sim := refSim(appmodel.RefOptions{})
		_, _, want, _ := runtime.Caller(0)
		g.Expect(sim).To(bdd.HaveRelaunched(3)) // want+1
		Expect(filepath.Base(file)).To(Equal("location_test.go"))
		Expect(line).To(Equal(want + 1))
	})
})
