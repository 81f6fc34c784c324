package explore_test

// Seeds that explore: with Config.Jitter the timings iOS does not document
// are drawn from the seed, so different seeds give different interleavings
// while the same seed stays byte-identical, and every property holds.

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
	"github.com/bgsim/bgsim/simulator"
)

// walkthroughTimeline runs the seed walkthrough with seed and jitter, and
// renders its timeline (which, unlike the JSON Lines header, does not name
// the seed: two seeds with the same story give the same bytes).
func walkthroughTimeline(seed uint64, jitter bool) (*simulator.Sim, string) {
	GinkgoHelper()
	sim, err := scenarios.Walkthrough(simulator.Config{Seed: seed, Jitter: jitter}, appmodel.RefOptions{})
	Expect(err).NotTo(HaveOccurred(), "seed %d", seed)
	var b bytes.Buffer
	Expect(simulator.RenderText(&b, sim.Trace(), simulator.TextOptions{})).To(Succeed())
	return sim, b.String()
}

var _ = Describe("Config.Jitter: seeds that explore", Label("chaos"), func() {
	It(fmt.Sprintf("keeps every chaos property over %d seeds with jitter on", chaosSeeds), func() {
		start := time.Now()
		outs := runChaosSeeds(1, chaosSeeds, func(seed uint64) explore.ChaosOptions {
			o := chaosOptionsFor(seed)
			o.Jitter = true
			return o
		})
		events := 0
		for _, o := range outs {
			events += o.events
		}
		AddReportEntry("chaos with jitter", fmt.Sprintf("%d seeds, %d trace events, %s wall", chaosSeeds, events, time.Since(start).Round(time.Millisecond)))
		Expect(failing(outs)).To(BeEmpty(), describeFailures(outs))
	})

	It("gives byte-identical JSON Lines traces for the same seed with jitter on", func() {
		jsonl := func(seed uint64) []byte {
			o := explore.AllChaos()
			o.Jitter = true
			sim, _, err := explore.Chaos(seed, o)
			Expect(err).NotTo(HaveOccurred())
			var b bytes.Buffer
			Expect(simulator.WriteJSONL(&b, sim.Header(), sim.Trace())).To(Succeed())
			return b.Bytes()
		}
		seeds := []uint64{1, 2, 3, 42, 506, 999, 1 << 40}
		first := map[uint64][]byte{}
		for _, seed := range seeds {
			first[seed] = jsonl(seed)
		}
		for _, seed := range slices.Backward(seeds) {
			Expect(jsonl(seed)).To(Equal(first[seed]), "seed %d", seed)
		}
	})

	It("100 seeds of the walkthrough with jitter give more than one distinct trace, each seed the same every time, and the walkthrough's rules hold in every one", func() {
		distinct := map[string]bool{}
		for seed := uint64(1); seed <= 100; seed++ {
			sim, text := walkthroughTimeline(seed, true)
			distinct[text] = true
			Expect(sim.Violations()).To(BeEmpty(), "seed %d", seed)
			Expect(sim.State()).To(Equal(appmodel.Active), "seed %d", seed)
			f, err := sim.Files().Stat(appmodel.RefImagePath)
			Expect(err).NotTo(HaveOccurred(), "seed %d: the image arrived", seed)
			Expect(f.Size).To(Equal(int64(scenarios.WalkthroughImageSize)))
			// R-D2: the wake's order, whatever the timings.
			var order []simulator.Callback
			for _, e := range sim.Trace() {
				if e.Process == 2 && (e.Kind == simulator.KindAppCallback || e.Kind == simulator.KindSessionCallback) &&
					e.Callback != simulator.CbDidWriteData {
					order = append(order, e.Callback)
				}
			}
			Expect(len(order)).To(BeNumerically(">=", 5), "seed %d: %v", seed, order)
			Expect(order[:5]).To(Equal([]simulator.Callback{simulator.CbFinishedLaunching, simulator.CbHandleEventsForBackgroundURL,
				simulator.CbDidFinishDownloading, simulator.CbDidCompleteWithError, simulator.CbDidFinishEventsForBackgroundSession}), "seed %d", seed)
		}
		AddReportEntry("walkthrough with jitter", fmt.Sprintf("%d distinct traces in 100 seeds", len(distinct)))
		Expect(len(distinct)).To(BeNumerically(">", 1))
		for _, seed := range []uint64{7, 42} {
			_, a := walkthroughTimeline(seed, true)
			_, b := walkthroughTimeline(seed, true)
			Expect(b).To(Equal(a), "seed %d twice", seed)
		}
	})

	It("with jitter off (the default) the seed changes nothing in the walkthrough: teaching stories and goldens stay put", func() {
		_, want := walkthroughTimeline(0, false)
		for seed := uint64(1); seed <= 20; seed++ {
			_, got := walkthroughTimeline(seed, false)
			Expect(got).To(Equal(want), "seed %d", seed)
		}
	})

	It("draws each timing from its own stream: the streams are named and distinct", func() {
		names := []string{simulator.JitterWake.Stream, simulator.JitterLaunch.Stream, simulator.JitterOrder.Stream,
			simulator.JitterLatencyStream, simulator.JitterProgressStream}
		seen := map[string]bool{}
		for _, n := range names {
			Expect(n).To(HavePrefix("jitter."))
			Expect(seen[n]).To(BeFalse(), "stream %s used twice", n)
			seen[n] = true
		}
		Expect(simulator.JitterWake.Max).To(BeNumerically(">", simulator.JitterWake.Min))
		Expect(simulator.JitterLaunch.Min).To(BeNumerically(">", 0))
	})
})
