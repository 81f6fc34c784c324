package simulator_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

var _ = Describe("R-L7: WillTerminate", func() {
	It("R-L7: WillTerminate runs while the app still runs in its state, before the transition to terminated", func() {
		env := simtest.New(GinkgoTB())
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.At(12*lcSec, sim.MemoryPressureKill)

		wt := env.CallsOf(simulator.CbWillTerminate)
		Expect(wt).To(HaveLen(1))
		Expect(wt[0].State).To(Equal(appmodel.Background))
		toTerminated := env.First(simulator.Pattern{Kind: simulator.KindTransition, To: "terminated"})
		Expect(toTerminated.Seq).To(BeNumerically(">", env.First(simulator.Pattern{Kind: simulator.KindAppCallback, Callback: simulator.CbWillTerminate}).Seq))
	})

	It("R-L7: a panic in WillTerminate is reported, and the process still ends for the system's reason", func() {
		env := simtest.New(GinkgoTB(), simtest.WithAppPanics(simulator.PanicsReport),
			simtest.WithHooks(simtest.Hooks{WillTerminate: func(appmodel.App) { panic("boom in WillTerminate") }}))
		sim := env.Sim()
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(10*lcSec, sim.Home)
		env.At(12*lcSec, sim.MemoryPressureKill)

		Expect(env.Events(simulator.Pattern{Kind: simulator.KindCrash})).To(HaveLen(1))
		ends := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(ends).To(HaveLen(1))
		Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
		Expect(sim.State()).To(Equal(appmodel.Terminated))
		Expect(sim.Launch()).To(Succeed(), "the simulator goes on")
	})
})
