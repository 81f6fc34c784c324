package scenarios_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

var _ = Describe("mistakes of the reference app added to a scenario (bgsim run --mistake)", func() {
	forget := appmodel.Mistakes{ForgetCompletionHandler: true}
	catalog := func(name string) *scenarios.Scenario {
		s, ok := scenarios.Lookup(name)
		Expect(ok).To(BeTrue(), name)
		return s
	}

	It("names the app each scenario runs as its app key does", func() {
		Expect(catalog("walkthrough").AppKind()).To(Equal("reference"))
		Expect(catalog("crash-relaunch").AppKind()).To(Equal("policy"))
		Expect(catalog("lifecycle").AppKind()).To(Equal("go: counter"))
	})

	It("are refused for a scenario of another app, naming it, and never for none", func() {
		Expect(catalog("walkthrough").CheckMistakes(forget)).To(Succeed())
		Expect(catalog("crash-relaunch").CheckMistakes(appmodel.Mistakes{})).To(Succeed())
		Expect(catalog("crash-relaunch").CheckMistakes(forget)).To(MatchError(
			"scenarios: crash-relaunch does not run the reference app (app: policy); mistakes apply to app: reference only"))
		_, err := catalog("lifecycle").Builtin().Run(simulator.Config{}, forget)
		Expect(err).To(MatchError(ContainSubstring("lifecycle does not run the reference app (app: go: counter)")))
	})

	It("R-D4: leave the file's expectations unchecked: the walkthrough expects no violation, and with the handler forgotten the run still passes", func() {
		sim, err := catalog("walkthrough").Builtin().Run(simulator.Config{}, forget)
		Expect(err).NotTo(HaveOccurred())
		Expect(simulator.Select(sim.Trace(), simulator.Pattern{Rule: simulator.RuleD4, Kind: simulator.KindViolation})).NotTo(BeEmpty())
	})
})
