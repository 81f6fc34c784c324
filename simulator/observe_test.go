package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// observedRun plays the reference app's download through a memory kill
// and a background relaunch, keeping the trace as keep says, and returns
// the simulation, the events its observer saw, and whether the file each
// DidFinishDownloading handed over existed when the observer saw it (the
// location is then the event's Detail).
func observedRun(keep simulator.TraceKeep) (*simulator.Sim, []simulator.Event, []bool) {
	sim := newObservedSim(keep)
	var seen []simulator.Event
	var handedOver []bool
	sim.Observe(func(e *simulator.Event) {
		seen = append(seen, *e)
		if e.Kind == simulator.KindSessionCallback && e.Callback == simulator.CbDidFinishDownloading {
			handedOver = append(handedOver, sim.Files().Exists(e.Detail))
		}
	})
	playObservedStory(sim)
	return sim, seen, handedOver
}

// newObservedSim is the reference app with its image to download, keeping
// the trace as keep says: the run the observer specs watch.
func newObservedSim(keep simulator.TraceKeep) *simulator.Sim {
	sim := simulator.New(simulator.Config{Scenario: "observe", TraceKeep: keep})
	Expect(sim.Network().AddResource(appmodel.RefImageURL,
		fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true})).To(Succeed())
	sim.Install(appmodel.NewRefApp(appmodel.RefOptions{}))
	return sim
}

// playObservedStory plays the download through a memory kill and a
// background relaunch.
func playObservedStory(sim *simulator.Sim) {
	Expect(sim.Launch()).To(Succeed())
	Expect(sim.RunFor(2 * time.Second)).To(Succeed())
	Expect(sim.Home()).To(Succeed())
	Expect(sim.RunFor(10 * time.Second)).To(Succeed())
	Expect(sim.MemoryPressureKill()).To(Succeed())
	Expect(sim.RunFor(5 * time.Minute)).To(Succeed())
}

var _ = Describe("Observe", func() {
	It("hands an observer every event as it is emitted, the trace in order", func() {
		sim, seen, handedOver := observedRun(simulator.KeepAll)
		Expect(seen).To(Equal(sim.Trace()))
		// The observer runs while the delegate method does: the daemon's
		// file is there (it deletes what the app did not move only after).
		Expect(handedOver).To(Equal([]bool{true}))
		finish := simulator.Select(seen, simulator.Pattern{Kind: simulator.KindSessionCallback, Callback: simulator.CbDidFinishDownloading})
		Expect(finish).To(HaveLen(1))
		Expect(sim.Files().Exists(finish[0].Detail)).To(BeFalse(), "the app moved the file away")
	})

	It("sees every event of a run that keeps nothing, not even the hash", func() {
		all, want, _ := observedRun(simulator.KeepAll)
		none, seen, handedOver := observedRun(simulator.KeepNone)
		Expect(none.Trace()).To(BeEmpty())
		Expect(seen).To(Equal(want))
		Expect(none.TraceLen()).To(Equal(all.TraceLen()))
		Expect(none.TraceHash()).To(BeZero())
		Expect(handedOver).To(Equal([]bool{true}))
	})

	It("sees every event of a run that keeps only the hash", func() {
		all, want, _ := observedRun(simulator.KeepAll)
		hashed, seen, handedOver := observedRun(simulator.KeepHash)
		Expect(hashed.Trace()).To(BeEmpty())
		Expect(seen).To(Equal(want))
		Expect(hashed.TraceHash()).To(Equal(all.TraceHash()))
		Expect(handedOver).To(Equal([]bool{true}))
	})
})
