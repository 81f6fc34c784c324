package scenarios_test

// Specs of the lifecycle demo: its story (R-L3, R-L6, R-L7), its
// determinism (same scenario and seed, byte-identical trace), and the trace
// formats it is written in (JSON Lines with a header, text, Mermaid).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// lcDemo runs the lifecycle demo with seed 7.
func lcDemo(persist bool) *simulator.Sim {
	GinkgoHelper()
	sim, err := scenarios.LifecycleDemo(simulator.Config{Seed: 7}, persist)
	Expect(err).NotTo(HaveOccurred())
	return sim
}

// lcOutputs are the demo's trace in both formats.
type lcOutputs struct{ jsonl, text []byte }

func lcRender(sim *simulator.Sim) lcOutputs {
	GinkgoHelper()
	var j, t bytes.Buffer
	Expect(simulator.WriteJSONL(&j, sim.Header(), sim.Trace())).To(Succeed())
	Expect(simulator.RenderText(&t, sim.Trace(), simulator.TextOptions{Narrate: true})).To(Succeed())
	return lcOutputs{j.Bytes(), t.Bytes()}
}

var _ = Describe("the lifecycle demo", func() {
	Describe("determinism", func() {
		for _, persist := range []bool{false, true} {
			It(fmt.Sprintf("DESIGN: two runs give byte-identical JSON Lines and text traces (persist=%v)", persist), func() {
				a, b := lcRender(lcDemo(persist)), lcRender(lcDemo(persist))
				Expect(a.jsonl).NotTo(BeEmpty())
				Expect(a.text).NotTo(BeEmpty())
				Expect(a.jsonl).To(Equal(b.jsonl))
				Expect(a.text).To(Equal(b.text))
			})

			It(fmt.Sprintf("DESIGN: the traces do not depend on GOMAXPROCS, 1 or 4 (persist=%v)", persist), func() {
				base := lcRender(lcDemo(persist))
				prev := runtime.GOMAXPROCS(0)
				DeferCleanup(func() { runtime.GOMAXPROCS(prev) })
				for _, n := range []int{1, 4} {
					runtime.GOMAXPROCS(n)
					got := lcRender(lcDemo(persist))
					Expect(got.jsonl).To(Equal(base.jsonl), "JSON Lines with GOMAXPROCS(%d)", n)
					Expect(got.text).To(Equal(base.text), "text with GOMAXPROCS(%d)", n)
				}
			})
		}
	})

	Describe("the story", func() {
		It("R-L3: the app is suspended 5 s after each Home, and is not running code between", func() {
			sim := lcDemo(false)
			var homes, suspensions []time.Duration
			for _, e := range sim.Trace() {
				if e.Kind == simulator.KindUserAction && e.Detail == "goes to the home screen" {
					homes = append(homes, e.At)
				}
				if e.Kind == simulator.KindTransition && e.To == "suspended" {
					suspensions = append(suspensions, e.At)
					Expect(e.From).To(Equal("background"))
				}
			}
			Expect(homes).To(Equal([]time.Duration{10 * time.Second, 40 * time.Second}))
			Expect(suspensions).To(Equal([]time.Duration{15 * time.Second, 45 * time.Second}))
		})

		It("R-L6: the in-memory counter restarts at 0 in process 2 (persist=false)", func() {
			sim := lcDemo(false)
			Expect(sim.Processes()).To(Equal(2))
			var ui []string
			for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindUI}) {
				ui = append(ui, e.Detail)
				if e.Detail == "activations: 1" && e.At == 3*time.Minute {
					Expect(e.Process).To(Equal(2))
				}
			}
			Expect(ui).To(Equal([]string{"activations: 1", "activations: 2", "activations: 1"}))
			var starts []simulator.Event
			for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindLog, Detail: "new process"}) {
				if strings.HasPrefix(e.Detail, "new process") {
					starts = append(starts, e)
				}
			}
			Expect(starts).To(HaveLen(2))
			Expect(starts[1].Process).To(Equal(2))
			Expect(starts[1].Detail).To(Equal("new process: in-memory count 0, persisted count 0"))
			Expect(sim.Defaults().Int("activations")).To(Equal(0))
		})

		It("R-L6: the count persisted in Defaults survives into process 2 (persist=true)", func() {
			sim := lcDemo(true)
			var starts []simulator.Event
			for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindLog, Detail: "new process"}) {
				if strings.HasPrefix(e.Detail, "new process") {
					starts = append(starts, e)
				}
			}
			Expect(starts).To(HaveLen(2))
			Expect(starts[1].Process).To(Equal(2))
			Expect(starts[1].Detail).To(Equal("new process: in-memory count 0, persisted count 2"))
			Expect(sim.Defaults().Int("activations")).To(Equal(3))
		})

		It("R-L7: the suspended app killed for memory gets no WillTerminate", func() {
			for _, persist := range []bool{false, true} {
				sim := lcDemo(persist)
				Expect(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindAppCallback, Callback: simulator.CbWillTerminate})).To(BeEmpty())
				for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindLog}) {
					Expect(e.Detail).NotTo(Equal("WillTerminate"))
				}
				ends := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTerminate})
				Expect(ends).To(HaveLen(1))
				Expect(ends[0].Process).To(Equal(1))
				Expect(ends[0].At).To(Equal(2 * time.Minute))
				Expect(ends[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
				Expect(sim.Violations()).To(BeEmpty())
			}
		})

		It("R-L2: the demo's lifecycle follows the table, ending active in process 2", func() {
			sim := lcDemo(false)
			var tr []string
			for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTransition}) {
				tr = append(tr, e.From+"->"+e.To)
			}
			Expect(tr).To(Equal([]string{
				"not-running->inactive", "inactive->active",
				"active->inactive", "inactive->background", "background->suspended",
				"suspended->inactive", "inactive->active",
				"active->inactive", "inactive->background", "background->suspended",
				"suspended->terminated",
				"terminated->inactive", "inactive->active",
			}))
			Expect(sim.State().String()).To(Equal("active"))
			Expect(sim.Process()).To(Equal(2))
		})
	})

	Describe("trace formats", func() {
		It("DESIGN: WriteJSONL writes a header line (format, version, seed, scenario, bgsim version) and then one event per line", func() {
			sim := lcDemo(false)
			out := lcRender(sim).jsonl
			lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			Expect(lines).To(HaveLen(1 + len(sim.Trace())))

			var h map[string]any
			Expect(json.Unmarshal([]byte(lines[0]), &h)).To(Succeed())
			Expect(h).To(Equal(map[string]any{
				"format":   simulator.TraceFormat,
				"version":  float64(simulator.TraceFormatVersion),
				"seed":     float64(7),
				"scenario": "lifecycle-demo",
				"bgsim":    simulator.Version,
			}))
			Expect(simulator.TraceFormat).To(Equal("bgsim-trace"))
			for i, l := range lines[1:] {
				var e simulator.Event
				Expect(json.Unmarshal([]byte(l), &e)).To(Succeed())
				Expect(e).To(Equal(sim.Trace()[i]))
				Expect(e.Seq).To(Equal(i + 1))
			}
		})

		It("DESIGN: ReadJSONL round-trips a trace exactly", func() {
			sim := lcDemo(true)
			out := lcRender(sim).jsonl
			h, events, err := simulator.ReadJSONL(bytes.NewReader(out))
			Expect(err).NotTo(HaveOccurred())
			Expect(h).To(Equal(sim.Header()))
			Expect(events).To(Equal(sim.Trace()))
			var again bytes.Buffer
			Expect(simulator.WriteJSONL(&again, h, events)).To(Succeed())
			Expect(again.Bytes()).To(Equal(out))
		})

		It("DESIGN: ReadJSONL reports bad input with its line number", func() {
			out := string(lcRender(lcDemo(false)).jsonl)
			lines := strings.SplitAfter(out, "\n")

			// A broken event line.
			broken := lines[0] + lines[1] + `{"seq": 2, "at": "soon"` + "\n" + strings.Join(lines[3:], "")
			_, _, err := simulator.ReadJSONL(strings.NewReader(broken))
			Expect(err).To(MatchError(ContainSubstring("line 3")))

			// Not a trace.
			_, _, err = simulator.ReadJSONL(strings.NewReader("hello\n" + strings.Join(lines[1:], "")))
			Expect(errors.Is(err, simulator.ErrNotATrace)).To(BeTrue(), "got %v", err)
			Expect(err).To(MatchError(ContainSubstring("line 1")))
			_, _, err = simulator.ReadJSONL(strings.NewReader(`{"format":"other","version":1}` + "\n"))
			Expect(errors.Is(err, simulator.ErrNotATrace)).To(BeTrue(), "got %v", err)

			// Empty input.
			_, _, err = simulator.ReadJSONL(strings.NewReader(""))
			Expect(errors.Is(err, simulator.ErrNotATrace)).To(BeTrue(), "got %v", err)

			// A version this bgsim does not read.
			future := strings.Replace(lines[0], fmt.Sprintf(`"version":%d`, simulator.TraceFormatVersion), `"version":99`, 1)
			Expect(future).NotTo(Equal(lines[0]))
			_, _, err = simulator.ReadJSONL(strings.NewReader(future + strings.Join(lines[1:], "")))
			Expect(err).To(MatchError(ContainSubstring("99")))
		})

		It("DESIGN: RenderText stamps each event with T+mm:ss.mmm and shows the suspension at T+00:15.000 (R-L3)", func() {
			sim := lcDemo(false)
			var plain bytes.Buffer
			Expect(simulator.RenderText(&plain, sim.Trace(), simulator.TextOptions{})).To(Succeed())
			lines := strings.Split(strings.TrimSuffix(plain.String(), "\n"), "\n")
			Expect(lines).To(HaveLen(len(sim.Trace())))
			stamp := regexp.MustCompile(`^T\+\d{2}:\d{2}\.\d{3} `)
			for _, l := range lines {
				Expect(l).To(MatchRegexp(stamp.String()))
			}
			Expect(lines).To(ContainElement(And(HavePrefix("T+00:15.000 "), ContainSubstring("background → suspended"), HaveSuffix("[R-L3]"))))
			Expect(lines).To(ContainElement(And(HavePrefix("T+02:00.000 "), ContainSubstring("memory-pressure"))))
			Expect(lines[len(lines)-1]).To(HavePrefix("T+03:00.000 "))

			// Narration adds indented lines; hiding logs drops the app.log lines.
			narrated := lcRender(sim).text
			Expect(bytes.Count(narrated, []byte("\n"))).To(BeNumerically(">", len(lines)))
			for _, l := range strings.Split(strings.TrimSuffix(string(narrated), "\n"), "\n") {
				Expect(stamp.MatchString(l) || strings.HasPrefix(l, "                      ")).To(BeTrue(), "line %q", l)
			}
			var quiet bytes.Buffer
			Expect(simulator.RenderText(&quiet, sim.Trace(), simulator.TextOptions{HideLogs: true})).To(Succeed())
			logs := len(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindLog}))
			Expect(logs).To(BeNumerically(">", 0))
			Expect(strings.Count(quiet.String(), "\n")).To(Equal(len(lines) - logs))
		})
	})
})
