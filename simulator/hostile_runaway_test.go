package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// hRunawayStop is the system note of a runaway stop.
func hRunawayStop(sim *simulator.Sim) []simulator.Event {
	return hSelect(sim, func(e simulator.Event) bool {
		return e.Kind == simulator.KindSystem && len(e.Detail) > 16 && e.Detail[:16] == "runaway stopped "
	})
}

var _ = Describe("hostile app models: runaways", func() {
	It("defect 1: a model re-creating a failing task from DidCompleteWithError is stopped by the trace limit, named, killed, and stays stopped", func() {
		const limit = 3000
		sim := hTwice(func() *simulator.Sim {
			sim := simulator.New(simulator.Config{MaxTraceEvents: limit})
			sim.Install(func() appmodel.AppDelegate { return &recreator{} })
			Expect(sim.Launch()).To(Succeed())
			err := sim.RunUntilIdle()
			Expect(err).To(MatchError(simulator.ErrTraceFull))
			Expect(err.Error()).To(ContainSubstring("DidCompleteWithError"))
			return sim
		})
		n := len(sim.Trace())
		Expect(n).To(BeNumerically("<=", limit+16), "the trace is bounded")
		stops := hRunawayStop(sim)
		Expect(stops).To(HaveLen(1))
		Expect(stops[0].Detail).To(ContainSubstring("kept scheduling from DidCompleteWithError"))
		Expect(stops[0].Detail).To(ContainSubstring("MaxTraceEvents"))
		Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
		Expect(sim.State()).To(Equal(appmodel.Terminated))

		Expect(sim.RunFor(time.Hour)).To(MatchError(simulator.ErrTraceFull), "later runs do not resume the loop")
		Expect(sim.Launch()).To(MatchError(simulator.ErrTraceFull))
		Expect(sim.Trace()).To(HaveLen(n))
	})

	It("defect 1: a model that only logs in a loop is stopped by the event budget, named, and killed so the loop does not resume", func() {
		sim := hTwice(func() *simulator.Sim {
			sim := simulator.New(simulator.Config{EventBudget: 5000})
			sim.Install(func() appmodel.AppDelegate { return logLooper{} })
			err := sim.Launch() // the loop runs at T+0: the launch's own run stops it
			Expect(err).To(MatchError(fakes.ErrBudgetExhausted))
			Expect(err.Error()).To(ContainSubstring("FinishedLaunching"))
			return sim
		})
		stops := hRunawayStop(sim)
		Expect(stops).To(HaveLen(1))
		Expect(stops[0].Detail).To(ContainSubstring("kept scheduling from FinishedLaunching"))
		Expect(stops[0].Detail).To(ContainSubstring("EventBudget"))
		Expect(sim.LastTermination()).To(Equal(simulator.TermWatchdog))
		n := len(sim.Trace())
		Expect(sim.RunFor(time.Hour)).To(Succeed(), "the loop died with the process")
		Expect(sim.Trace()).To(HaveLen(n))
	})

	It("a loop inside one callback that never returns is bounded by the trace limit while it runs", func() {
		var held int
		sim := simulator.New(simulator.Config{MaxTraceEvents: 500})
		sim.Install(func() appmodel.AppDelegate {
			return &hApp{launch: func(app appmodel.App) {
				for range 100_000 {
					app.Log("spam")
				}
			}}
		})
		Expect(sim.Launch()).To(MatchError(simulator.ErrTraceFull))
		held = len(sim.Trace())
		Expect(held).To(BeNumerically("<=", 500+16))
		Expect(hRunawayStop(sim)).To(HaveLen(1))
		Expect(hRunawayStop(sim)[0].Detail).To(ContainSubstring("dropped"))
	})
})
