package simulator_test

import (
	"bytes"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/simulator"
)

var _ = Describe("Sim.Events", func() {
	It("yields what Trace returns, whatever is kept", func() {
		for _, keep := range []simulator.TraceKeep{simulator.KeepAll, simulator.KeepHash, simulator.KeepLast, simulator.KeepNone} {
			sim := sinkRun(simulator.Config{TraceKeep: keep, TraceLast: 7}, nil)
			got := slices.Collect(sim.Events())
			Expect(got).To(Equal(sim.Trace()), "keeping %s", keep)
			if keep == simulator.KeepAll {
				Expect(got).To(HaveLen(sim.TraceLen()))
			}
		}
	})

	It("yields the same events before and after Trace has decoded some of them", func() {
		fresh := slices.Collect(sinkRun(simulator.Config{}, nil).Events())
		sim := sinkRun(simulator.Config{}, nil)
		_ = sim.Trace()
		Expect(slices.Collect(sim.Events())).To(Equal(fresh))
	})

	It("stops where the loop stops", func() {
		sim := sinkRun(simulator.Config{}, nil)
		var seqs []int
		for e := range sim.Events() {
			if e.Seq > 3 {
				break
			}
			seqs = append(seqs, e.Seq)
		}
		Expect(seqs).To(Equal([]int{1, 2, 3}))
	})

	It("writes through WriteJSONLSeq what WriteJSONL writes of Trace", func() {
		sim := sinkRun(simulator.Config{}, nil)
		var seq, all bytes.Buffer
		Expect(simulator.WriteJSONLSeq(&seq, sim.Header(), sim.Events())).To(Succeed())
		Expect(simulator.WriteJSONL(&all, sim.Header(), sim.Trace())).To(Succeed())
		Expect(seq.Len()).To(BeNumerically(">", 1000))
		Expect(seq.String()).To(Equal(all.String()))
	})
})
