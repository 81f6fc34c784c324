package simulator_test

import (
	"bytes"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// sinkRun plays the reference app's story (download, home, memory kill,
// background relaunch) keeping the trace as cfg says, streaming it to out
// when out is not nil.
func sinkRun(cfg simulator.Config, out *bytes.Buffer) *simulator.Sim {
	cfg.Scenario = "sinks"
	sim := simulator.New(cfg)
	Expect(sim.Network().AddResource(appmodel.RefImageURL,
		fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true})).To(Succeed())
	sim.Install(appmodel.NewRefApp(appmodel.RefOptions{}))
	if out != nil {
		Expect(sim.StreamJSONL(out)).To(Succeed())
	}
	Expect(sim.Launch()).To(Succeed())
	Expect(sim.RunFor(2 * time.Second)).To(Succeed())
	Expect(sim.Home()).To(Succeed())
	Expect(sim.RunFor(10 * time.Second)).To(Succeed())
	Expect(sim.MemoryPressureKill()).To(Succeed())
	Expect(sim.RunFor(5 * time.Minute)).To(Succeed())
	Expect(sim.FlushStream()).To(Succeed())
	return sim
}

var _ = Describe("Trace sinks", func() {
	var all *simulator.Sim
	BeforeEach(func() { all = sinkRun(simulator.Config{}, nil) })

	It("keep every event by default, and count and hash them", func() {
		Expect(all.TraceLen()).To(Equal(len(all.Trace())))
		Expect(all.TraceLen()).To(BeNumerically(">", 50))
		for i, e := range all.Trace() {
			Expect(e.Seq).To(Equal(i + 1))
		}
	})

	It("KeepHash keeps no event and gives the same count and hash as keeping all", func() {
		h := sinkRun(simulator.Config{TraceKeep: simulator.KeepHash}, nil)
		Expect(h.Trace()).To(BeEmpty())
		Expect(h.TraceLen()).To(Equal(all.TraceLen()))
		Expect(h.TraceHash()).To(Equal(all.TraceHash()))
	})

	It("KeepLast keeps the last TraceLast events, with their sequence numbers", func() {
		l := sinkRun(simulator.Config{TraceKeep: simulator.KeepLast, TraceLast: 10}, nil)
		full := all.Trace()
		Expect(l.Trace()).To(Equal(full[len(full)-10:]))
		Expect(l.TraceLen()).To(Equal(all.TraceLen()))
		Expect(l.TraceHash()).To(Equal(all.TraceHash()))
	})

	It("hashes a different run differently", func() {
		other := sinkRun(simulator.Config{Seed: 2, ProgressInterval: 2 * time.Second}, nil)
		Expect(other.TraceHash()).NotTo(Equal(all.TraceHash()))
	})

	It("StreamJSONL writes what WriteJSONL writes of the whole trace, whatever is kept", func() {
		var want bytes.Buffer
		Expect(simulator.WriteJSONL(&want, all.Header(), all.Trace())).To(Succeed())
		for _, keep := range []simulator.TraceKeep{simulator.KeepAll, simulator.KeepHash, simulator.KeepLast, simulator.KeepNone} {
			var got bytes.Buffer
			sinkRun(simulator.Config{TraceKeep: keep}, &got)
			Expect(got.String()).To(Equal(want.String()), "keeping %s", keep)
		}
	})
})
