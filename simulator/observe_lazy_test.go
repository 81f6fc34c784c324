package simulator_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/simulator"
)

// lazyRun plays observedRun's story with a lazy observer (and, if eager,
// an Observe observer added before it); render says whether the lazy one
// asks for every detail. It returns the simulation, what the lazy observer
// saw, and the order the observers were called in, for the first event.
func lazyRun(keep simulator.TraceKeep, render, eager bool) (*simulator.Sim, []simulator.Event, []string) {
	sim := newObservedSim(keep)
	var seen []simulator.Event
	var order []string
	if eager {
		sim.Observe(func(e *simulator.Event) {
			if e.Seq == 1 {
				order = append(order, "eager")
			}
		})
	}
	sim.ObserveLazily(func(e *simulator.Event, d *simulator.LazyDetail) {
		if e.Seq == 1 {
			order = append(order, "lazy")
		}
		if render {
			text := d.Text()
			Expect(e.Detail).To(Equal(text), "Text sets the lent event's Detail")
		}
		seen = append(seen, *e)
	})
	playObservedStory(sim)
	return sim, seen, order
}

var _ = Describe("ObserveLazily", func() {
	for _, keep := range []simulator.TraceKeep{simulator.KeepAll, simulator.KeepHash, simulator.KeepNone} {
		It("hands every event, its detail rendered when asked, the trace unchanged (keep "+keep.String()+")", func() {
			all, want, _ := observedRun(simulator.KeepAll)
			sim, seen, _ := lazyRun(keep, true, false)
			Expect(seen).To(Equal(want))
			Expect(sim.TraceLen()).To(Equal(all.TraceLen()))
			if keep != simulator.KeepNone {
				Expect(sim.TraceHash()).To(Equal(all.TraceHash()))
			}
		})
	}

	It("renders no detail nobody asks for, and changes nothing else of the event", func() {
		_, want, _ := observedRun(simulator.KeepAll)
		sim, seen, _ := lazyRun(simulator.KeepAll, false, false)
		Expect(seen).To(HaveLen(len(want)))
		unrendered := 0
		for i := range seen {
			if seen[i].Detail == "" && want[i].Detail != "" {
				unrendered++
				seen[i].Detail = want[i].Detail
			}
		}
		Expect(unrendered).To(BeNumerically(">", 0), "every detail was rendered anyway")
		Expect(seen).To(Equal(want))
		Expect(sim.Trace()).To(Equal(want), "the kept trace still has every detail")
	})

	It("calls the observers in the order they were added, each detail there for both when one is eager", func() {
		_, want, _ := observedRun(simulator.KeepAll)
		_, seen, order := lazyRun(simulator.KeepNone, false, true)
		Expect(order).To(Equal([]string{"eager", "lazy"}))
		Expect(seen).To(Equal(want))
	})
})
