package simulator_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

var _ = Describe("R-L7: WillTerminate", func() {
	It("R-L7: WillTerminate runs while the app still runs in its state, before the transition to terminated", func() {
		sim, r := lcNew(simulator.Config{}, nil)
		lcLaunchToHome(sim, 10*lcSec)
		lcAt(sim, 12*lcSec, sim.MemoryPressureKill)

		wt := r.of("WillTerminate")
		Expect(wt).To(HaveLen(1))
		Expect(wt[0].State).To(Equal(appmodel.Background))
		toTerminated := func(e simulator.Event) bool { return e.Kind == simulator.KindTransition && e.To == "terminated" }
		Expect(lcIndexOf(sim, toTerminated)).To(BeNumerically(">", lcIndexOf(sim, lcIsCallback("WillTerminate"))))
	})

	It("R-L7: a panic in WillTerminate is reported, and the process still ends for the system's reason", func() {
		sim, _ := lcNew(simulator.Config{}, &lcHooks{WillTerminate: func(appmodel.App) { panic("boom in WillTerminate") }})
		lcLaunchToHome(sim, 10*lcSec)
		lcAt(sim, 12*lcSec, sim.MemoryPressureKill)

		Expect(lcSelect(sim, lcKind(simulator.KindCrash))).To(HaveLen(1))
		ends := lcTerminations(sim)
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
		Expect(sim.State()).To(Equal(appmodel.Terminated))
		Expect(sim.Launch()).To(Succeed(), "the simulator goes on")
	})
})
