package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Test code is the simulation's driver, but Ginkgo runs each node on a
// goroutine of its own: an It that calls the app's objects after a
// BeforeEach drove the Sim must claim it with Sim.Own, and the refusal
// says so.
var _ = Describe("a Sim driven from Ginkgo nodes", func() {
	var (
		sim *simulator.Sim
		h   *hApp
	)

	BeforeEach(func() {
		h = &hApp{}
		sim = hNew(simulator.Config{}, h)
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.RunFor(time.Second)).To(Succeed())
	})

	It("refuses the It's call without Sim.Own, and the violation tells test code what to do", func() {
		h.app.InvokeOnMainThread(func() { h.app.Log("tapped") })
		Expect(sim.RunFor(0)).To(Succeed())
		vs := hViolations(sim, "another goroutine")
		Expect(vs).To(HaveLen(1))
		Expect(vs[0].Detail).To(ContainSubstring("an app model must not start goroutines"))
		Expect(vs[0].Detail).To(ContainSubstring("Ginkgo node"))
		Expect(vs[0].Detail).To(ContainSubstring("call Sim.Own there first"))
		Expect(vs[0].Detail).To(ContainSubstring("simtest's Env"))
	})

	It("accepts the It's calls once it called Sim.Own", func() {
		sim.Own()
		h.app.Defaults().SetInt("taps", 1)
		h.app.InvokeOnMainThread(func() { h.app.Log("tapped") })
		Expect(sim.RunFor(0)).To(Succeed())
		Expect(sim.Violations()).To(BeEmpty())
		Expect(h.app.Defaults().Int("taps")).To(Equal(1))
		Expect(hKinds(sim, simulator.KindLog)).To(HaveLen(1))
		Expect(h.app.State()).To(Equal(appmodel.Active))
	})
})
