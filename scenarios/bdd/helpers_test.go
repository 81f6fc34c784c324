package bdd_test

import (
	"time"

	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// refSim is the reference app with opts, its 30 MB image served resumable,
// launched by the user (which starts the download).
func refSim(opts appmodel.RefOptions) *simulator.Sim {
	sim := simulator.New(simulator.Config{})
	Expect(sim.Network().AddResource(appmodel.RefImageURL,
		fakes.Resource{Size: 30_000_000, ETag: `"monkey-v1"`, AcceptRanges: true})).To(Succeed())
	sim.Install(appmodel.NewRefApp(opts))
	Expect(sim.Launch()).To(Succeed())
	return sim
}

// killedWhileSuspended: the user goes home 2 s in, the suspended app is
// killed for memory, the daemon finishes the download and wakes the app.
func killedWhileSuspended(opts appmodel.RefOptions) *simulator.Sim {
	sim := refSim(opts)
	Expect(sim.RunFor(2 * time.Second)).To(Succeed())
	Expect(sim.Home()).To(Succeed())
	Expect(sim.RunFor(10 * time.Second)).To(Succeed())
	Expect(sim.MemoryPressureKill()).To(Succeed())
	Expect(sim.RunFor(time.Hour)).To(Succeed())
	return sim
}

// failureOf runs m on actual, expects it not to match, and returns the
// failure message.
func failureOf(m types.GomegaMatcher, actual any) string {
	ok, err := m.Match(actual)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	ExpectWithOffset(1, ok).To(BeFalse(), "the matcher matched")
	return m.FailureMessage(actual)
}

// negatedFailureOf runs m on actual, expects it to match, and returns the
// message a NotTo would fail with.
func negatedFailureOf(m types.GomegaMatcher, actual any) string {
	ok, err := m.Match(actual)
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	ExpectWithOffset(1, ok).To(BeTrue(), "the matcher did not match: %s", m.FailureMessage(actual))
	return m.NegatedFailureMessage(actual)
}
