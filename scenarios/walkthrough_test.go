package scenarios_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// update rewrites the golden files instead of comparing with them:
//
//	go test ./scenarios -run TestScenarios -args -update
//
// Read the rewritten files before committing them: they are the story the
// walkthrough tells, checked against the rules page (docs/ios-rules.md) by
// a person.
var update = flag.Bool("update", false, "rewrite golden files")

// walkthroughOutputs runs the seed walkthrough with the reference app done
// right and renders its trace as the narrated timeline and as JSON Lines.
func walkthroughOutputs() (*simulator.Sim, []byte, []byte) {
	GinkgoHelper()
	sim, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{})
	Expect(err).NotTo(HaveOccurred())
	var text, jsonl bytes.Buffer
	Expect(simulator.RenderText(&text, sim.Trace(), simulator.TextOptions{Narrate: true})).To(Succeed())
	Expect(simulator.WriteJSONL(&jsonl, sim.Header(), sim.Trace())).To(Succeed())
	return sim, text.Bytes(), jsonl.Bytes()
}

// expectGolden compares got with testdata/name byte for byte, or rewrites
// the file under -update.
func expectGolden(name string, got []byte) {
	GinkgoHelper()
	path := filepath.Join("testdata", name)
	if *update {
		Expect(os.MkdirAll("testdata", 0o755)).To(Succeed())
		Expect(os.WriteFile(path, got, 0o644)).To(Succeed())
		return
	}
	want, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred(), "no golden file %s: run go test ./scenarios -args -update and read it", path)
	Expect(string(got)).To(Equal(string(want)), "%s differs from the run; if the change is intended, rewrite it with -update and read the diff", path)
}

// walkSig names the events of the relaunch story, "" for the others.
func walkSig(e simulator.Event) string {
	switch e.Kind {
	case simulator.KindRelaunch:
		return "wake"
	case simulator.KindLaunch:
		return "launch(" + e.Reason + ")"
	case simulator.KindTransition:
		return "→" + e.To
	case simulator.KindAppCallback:
		if e.Reason != "" {
			return string(e.Callback) + "(" + e.Reason + ")"
		}
		return string(e.Callback)
	case simulator.KindConnect:
		return "connect"
	case simulator.KindSessionCallback:
		if e.Callback != "DidWriteData" {
			return string(e.Callback)
		}
	case simulator.KindHandlerCall:
		return "handler(" + e.Queue + ")"
	case simulator.KindSnapshot:
		return "snapshot"
	case simulator.KindViolation:
		return "violation(" + string(e.Rule) + ")"
	}
	return ""
}

var _ = Describe("the seed walkthrough", func() {
	It("matches the golden narrated timeline", func() {
		_, text, _ := walkthroughOutputs()
		expectGolden("walkthrough.golden.txt", text)
	})

	It("matches the golden JSON Lines trace", func() {
		_, _, jsonl := walkthroughOutputs()
		expectGolden("walkthrough.golden.jsonl", jsonl)
	})

	It("R-D2: relaunches the app into the background and delivers in the documented order, then R-D4: snapshot and suspension", func() {
		sim, _, _ := walkthroughOutputs()
		var story []string
		from := -1
		for _, e := range sim.Trace() {
			if e.Kind == simulator.KindRelaunch && from < 0 {
				from = e.Seq
			}
			if from >= 0 {
				if s := walkSig(e); s != "" {
					story = append(story, s)
				}
			}
		}
		Expect(from).To(BeNumerically(">", 0), "the daemon woke the app")
		Expect(story).To(Equal([]string{
			"wake", "launch(url-session)", "→background", "FinishedLaunching(url-session)", "connect",
			"HandleEventsForBackgroundURL", "DidFinishDownloading", "DidCompleteWithError",
			"DidFinishEventsForBackgroundSession", "handler(main)", "snapshot", "→suspended",
			// the user opens the app again
			"→inactive", "WillEnterForeground", "→active", "OnActivated",
		}))
	})

	It("R-E2: the daemon finishes the download after the memory-pressure kill, at size/bandwidth + latency", func() {
		sim, _, _ := walkthroughOutputs()
		var term, done, launch []simulator.Event
		for _, e := range sim.Trace() {
			switch e.Kind {
			case simulator.KindTerminate:
				term = append(term, e)
			case simulator.KindTaskComplete:
				done = append(done, e)
			case simulator.KindLaunch:
				launch = append(launch, e)
			}
		}
		Expect(term).To(HaveLen(1))
		Expect(term[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
		Expect(done).To(HaveLen(1))
		// 30 MB at the default 2 MB/s, plus the 50 ms round trip.
		Expect(done[0].At).To(Equal(15*time.Second + simulator.DefaultLink.Latency))
		Expect(done[0].At).To(BeNumerically(">", term[0].At))
		Expect(launch).To(HaveLen(2))
		Expect(launch[1].Reason).To(Equal("url-session"))
		Expect(launch[1].At).To(Equal(done[0].At))
	})

	It("R-D6: leaves the image in /Documents/monkey.png with every one of its 30,000,000 bytes, and no violation", func() {
		sim, _, _ := walkthroughOutputs()
		Expect(sim.Violations()).To(BeEmpty())
		f, err := sim.Files().Stat(appmodel.RefImagePath)
		Expect(err).NotTo(HaveOccurred())
		Expect(f.Size).To(Equal(int64(scenarios.WalkthroughImageSize)))
		Expect(f.Segments).NotTo(BeEmpty())
		Expect(f.Segments[0].From).To(BeZero())
		for i := 1; i < len(f.Segments); i++ {
			Expect(f.Segments[i].From).To(Equal(f.Segments[i-1].To))
		}
		Expect(f.Segments[len(f.Segments)-1].To).To(Equal(int64(scenarios.WalkthroughImageSize)))
		Expect(sim.Files().List("/tmp")).To(BeEmpty(), "the daemon's temporary file was moved, not left behind")
		Expect(sim.State()).To(Equal(appmodel.Active))
	})

	It("is deterministic: the same bytes on every run, whatever GOMAXPROCS", func() {
		_, text, jsonl := walkthroughOutputs()
		_, text2, jsonl2 := walkthroughOutputs()
		Expect(text2).To(Equal(text))
		Expect(jsonl2).To(Equal(jsonl))

		prev := runtime.GOMAXPROCS(0)
		DeferCleanup(func() { runtime.GOMAXPROCS(prev) })
		for _, n := range []int{1, 4} {
			runtime.GOMAXPROCS(n)
			_, t, j := walkthroughOutputs()
			Expect(t).To(Equal(text), "timeline with GOMAXPROCS(%d)", n)
			Expect(j).To(Equal(jsonl), "JSON Lines with GOMAXPROCS(%d)", n)
		}
	})
})
