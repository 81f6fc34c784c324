package explore_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios/explore"
	"github.com/bgsim/bgsim/simulator"
)

// chaosSeeds is how many seeds the property spec runs.
const chaosSeeds = 1000

// chaosOutcome is one seed's run, checked.
type chaosOutcome struct {
	seed     uint64
	err      error
	problems []explore.ChaosProblem
	tail     string // the last lines of the timeline, when something broke
	events   int
}

// runChaosSeed runs and checks one seed; it never panics.
func runChaosSeed(seed uint64, opts explore.ChaosOptions) (out chaosOutcome) {
	out.seed = seed
	var sim *simulator.Sim
	defer func() {
		if p := recover(); p != nil {
			out.err = fmt.Errorf("panic while checking seed %d: %v", seed, p)
		}
		if sim != nil && (out.err != nil || len(out.problems) > 0) {
			out.tail = chaosTail(sim.Trace(), 30)
		}
	}()
	sim, rep, err := explore.Chaos(seed, opts)
	out.err, out.events = err, len(sim.Trace())
	if err == nil {
		out.problems = explore.CheckChaos(sim.Trace(), sim.Files(), rep)
	}
	return out
}

// chaosTail renders the last n lines of the timeline of events.
func chaosTail(events []simulator.Event, n int) string {
	var b strings.Builder
	_ = simulator.RenderText(&b, events, simulator.TextOptions{})
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// runChaosSeeds runs seeds from..to on one worker per CPU: simulations are
// independent, so they may run side by side: parallelism lives above a
// simulation, never inside one.
func runChaosSeeds(from, to uint64, opts func(uint64) explore.ChaosOptions) []chaosOutcome {
	out := make([]chaosOutcome, to-from+1)
	next := make(chan uint64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range next {
				out[seed-from] = runChaosSeed(seed, opts(seed))
			}
		}()
	}
	for seed := from; seed <= to; seed++ {
		next <- seed
	}
	close(next)
	wg.Wait()
	return out
}

// chaosOptionsFor varies the options with the seed: most seeds get every
// kind of trouble; some force two sessions, some are calm, so that a
// property broken only without trouble shows too.
func chaosOptionsFor(seed uint64) explore.ChaosOptions {
	o := explore.AllChaos()
	switch seed % 10 {
	case 3:
		o.Sessions = 2
	case 7:
		o = explore.ChaosOptions{Sessions: 2, Kills: true}
	}
	return o
}

// describeFailures formats the failing outcomes, the first few in full.
func describeFailures(outs []chaosOutcome) string {
	var b strings.Builder
	shown := 0
	for _, o := range outs {
		if o.err == nil && len(o.problems) == 0 {
			continue
		}
		if shown == 3 {
			fmt.Fprintf(&b, "seed %d: also broken\n", o.seed)
			continue
		}
		shown++
		fmt.Fprintf(&b, "\nseed %d (reproduce: explore.Chaos(%d, ...)):\n", o.seed, o.seed)
		if o.err != nil {
			fmt.Fprintf(&b, "  error: %v\n", o.err)
		}
		for i, p := range o.problems {
			if i == 10 {
				fmt.Fprintf(&b, "  ... and %d more\n", len(o.problems)-i)
				break
			}
			fmt.Fprintf(&b, "  %s\n", p)
		}
		fmt.Fprintf(&b, "  last trace lines:\n%s\n", o.tail)
	}
	return b.String()
}

func failing(outs []chaosOutcome) []uint64 {
	var seeds []uint64
	for _, o := range outs {
		if o.err != nil || len(o.problems) > 0 {
			seeds = append(seeds, o.seed)
		}
	}
	return seeds
}

// chaosRun runs one seed for the specs that doctor its results.
func chaosRun(seed uint64, opts explore.ChaosOptions) (*simulator.Sim, explore.ChaosReport) {
	sim, rep, err := explore.Chaos(seed, opts)
	Expect(err).NotTo(HaveOccurred())
	Expect(explore.CheckChaos(sim.Trace(), sim.Files(), rep)).To(BeEmpty())
	return sim, rep
}

// propertiesOf lists the numbers of the broken properties.
func propertiesOf(problems []explore.ChaosProblem) []int {
	var ps []int
	for _, p := range problems {
		if !slices.Contains(ps, p.Property) {
			ps = append(ps, p.Property)
		}
	}
	slices.Sort(ps)
	return ps
}

// firstEvent finds the first event matching f.
func firstEvent(events []simulator.Event, f func(simulator.Event) bool) int {
	for i, e := range events {
		if f(e) {
			return i
		}
	}
	Fail("no event matches")
	return -1
}

var _ = Describe("Chaos", Label("chaos"), func() {
	It(fmt.Sprintf("keeps every property over %d seeds", chaosSeeds), func() {
		start := time.Now()
		outs := runChaosSeeds(1, chaosSeeds, chaosOptionsFor)
		events := 0
		for _, o := range outs {
			events += o.events
		}
		AddReportEntry("chaos", fmt.Sprintf("%d seeds, %d trace events, %s wall", chaosSeeds, events, time.Since(start).Round(time.Millisecond)))
		Expect(failing(outs)).To(BeEmpty(), describeFailures(outs))
	})

	It("gives byte-identical JSON Lines traces for the same seed", func() {
		jsonl := func(seed uint64) []byte {
			sim, _, err := explore.Chaos(seed, explore.AllChaos())
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
		for _, seed := range slices.Backward(seeds) { // another order: no state shared between runs
			Expect(jsonl(seed)).To(Equal(first[seed]), "seed %d", seed)
		}
		Expect(first[1]).NotTo(Equal(first[2]), "different seeds, different stories")
	})

	It("reports the run's scenario and seed in the trace header", func() {
		sim, rep, err := explore.Chaos(77, explore.AllChaos())
		Expect(err).NotTo(HaveOccurred())
		Expect(sim.Header().Scenario).To(Equal(explore.ChaosScenario))
		Expect(sim.Header().Seed).To(BeEquivalentTo(77))
		Expect(rep.Seed).To(BeEquivalentTo(77))
		Expect(rep.Finished).To(BeTrue())
		Expect(rep.Steps[len(rep.Steps)-1].Name).To(Equal("the user opens the app"))
	})

	// Each property must be able to fail: these specs break a finished
	// run's trace, files or report the way a defect would, and expect the
	// property to say so.
	Describe("the properties catch defects", func() {
		var (
			sim *simulator.Sim
			rep explore.ChaosReport
		)
		BeforeEach(func() {
			// Seed 3 forces two sessions (chaosOptionsFor), with trouble.
			sim, rep = chaosRun(3, chaosOptionsFor(3))
			Expect(rep.Sessions).To(HaveLen(2))
		})
		check := func(events []simulator.Event) []int {
			return propertiesOf(explore.CheckChaos(events, sim.Files(), rep))
		}
		isCallback := func(name simulator.Callback) func(simulator.Event) bool {
			return func(e simulator.Event) bool {
				return e.Kind == simulator.KindSessionCallback && e.Callback == name
			}
		}

		It("1: a DidCompleteWithError delivered twice", func() {
			events := slices.Clone(sim.Trace())
			i := firstEvent(events, isCallback("DidCompleteWithError"))
			events = slices.Insert(events, i+1, events[i])
			Expect(check(events)).To(ContainElement(1))
		})

		It("1: a task the daemon completes twice", func() {
			events := slices.Clone(sim.Trace())
			i := firstEvent(events, func(e simulator.Event) bool { return e.Kind == simulator.KindTaskComplete })
			events = append(events, events[i])
			Expect(check(events)).To(ContainElement(1))
		})

		It("1: a task never delivered", func() {
			events := slices.DeleteFunc(slices.Clone(sim.Trace()), isCallback("DidCompleteWithError"))
			Expect(check(events)).To(ContainElement(1))
		})

		It("1: a run that did not finish", func() {
			rep.Finished = false
			Expect(check(sim.Trace())).To(ContainElement(1))
		})

		It("2: a file holding bytes of two contents", func() {
			d := rep.Downloads[0]
			f, err := sim.Files().Stat(d.Path)
			Expect(err).NotTo(HaveOccurred())
			half := f.Size / 2
			Expect(sim.Files().Write(d.Path,
				fakes.Segment{From: 0, To: half, Source: d.URL + `#"stale"`},
				fakes.Segment{From: half, To: f.Size, Source: f.Segments[0].Source})).To(Succeed())
			Expect(check(sim.Trace())).To(Equal([]int{2}))
		})

		It("2: a file cut short", func() {
			d := rep.Downloads[0]
			f, err := sim.Files().Stat(d.Path)
			Expect(err).NotTo(HaveOccurred())
			Expect(sim.Files().Write(d.Path, fakes.Segment{From: 0, To: f.Size - 1, Source: f.Segments[0].Source})).To(Succeed())
			Expect(check(sim.Trace())).To(Equal([]int{2}))
		})

		It("2: a file that never reached the container", func() {
			Expect(sim.Files().Remove(rep.Downloads[0].Path)).To(Succeed())
			Expect(check(sim.Trace())).To(Equal([]int{2}))
		})

		It("2: a download that failed for good", func() {
			rep.App.Final = maps.Clone(rep.App.Final)
			rep.App.Final[0] = "failed: NSURLErrorDomain -1003 cannot find host"
			Expect(check(sim.Trace())).To(ContainElement(2))
		})

		It("2: but not when a violation explains the file", func() {
			d := rep.Downloads[0]
			Expect(sim.Files().Remove(d.Path)).To(Succeed())
			events := append(slices.Clone(sim.Trace()), simulator.Event{Kind: simulator.KindViolation, Rule: simulator.RuleD6,
				Detail: "the app read " + d.Path + " after it was gone"})
			// The violation still breaks property 5 (a correct app breaks no
			// rule), but property 2 accepts the explanation.
			Expect(check(events)).To(Equal([]int{5}))
		})

		It("3: a delivery to the other session", func() {
			events := slices.Clone(sim.Trace())
			i := firstEvent(events, isCallback("DidFinishDownloading"))
			for _, s := range rep.Sessions {
				if s.Identifier != events[i].Session {
					events[i].Session = s.Identifier
					break
				}
			}
			Expect(check(events)).To(ContainElement(3))
		})

		It("3: a file handed over for another task", func() {
			events := slices.Clone(sim.Trace())
			i := firstEvent(events, isCallback("DidFinishDownloading"))
			events[i].Detail = "/tmp/CFNetworkDownload_999999.tmp"
			Expect(check(events)).To(ContainElement(3))
		})

		It("3: the app handed a task of another session", func() {
			rep.App.Wrong = []string{"DidCompleteWithError of task x/1: delivered to the delegate of y"}
			Expect(check(sim.Trace())).To(Equal([]int{3}))
		})

		It("4: the app model panicking", func() {
			events := append(slices.Clone(sim.Trace()), simulator.Event{Kind: simulator.KindCrash, Detail: "panic: boom"})
			Expect(check(events)).To(ContainElement(4))
		})

		It("4: a run that exhausts its event budget is an error", func() {
			// A budget far below what the run needs stands for a runaway
			// model: the run must stop with the budget's error, not hang.
			o := explore.AllChaos()
			o.Downloads, o.EventBudget = 8, 5
			_, _, err := explore.Chaos(3, o)
			Expect(errors.Is(err, fakes.ErrBudgetExhausted)).To(BeTrue(), "%v", err)
		})
	})
})
