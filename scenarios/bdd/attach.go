package bdd

import (
	"github.com/onsi/ginkgo/v2"
)

// AttachTraceOnFailure arranges for the rendered trace of t to be attached
// to the current spec's report if the spec fails: it shows under the
// failure in the console and in the JUnit and JSON reports. Call it where
// the simulation is made, in a BeforeEach or an It:
//
//	BeforeEach(func() {
//		sim = simulator.New(simulator.Config{})
//		bdd.AttachTraceOnFailure(sim)
//	})
//
// It uses ginkgo.DeferCleanup, so it must be called from a setup or
// subject node; called from a container, Ginkgo's error names the line
// that called it.
func AttachTraceOnFailure(t Tracer) {
	ginkgo.DeferCleanup(func() {
		if ginkgo.CurrentSpecReport().Failed() {
			ginkgo.AddReportEntry("trace", RenderTrace(t.Trace()), ginkgo.ReportEntryVisibilityFailureOrVerbose)
		}
	}, ginkgo.Offset(1))
}
