package simulator_test

// Specs of the Mermaid sequence diagram renderer (render_mermaid.go).
// Unexported names start with mm so as not to clash with other spec files.

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// mmRender renders events and returns the diagram.
func mmRender(events []simulator.Event) string {
	GinkgoHelper()
	var b bytes.Buffer
	Expect(simulator.RenderMermaid(&b, events)).To(Succeed())
	return b.String()
}

// mmWalkthrough runs the seed walkthrough and returns its trace.
func mmWalkthrough() []simulator.Event {
	GinkgoHelper()
	sim, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{})
	Expect(err).NotTo(HaveOccurred())
	return sim.Trace()
}

type mmFailingWriter struct{}

func (mmFailingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

var _ = Describe("RenderMermaid", func() {
	// A statement of a sequence diagram: a participant, a note, or a message.
	mmStatement := regexp.MustCompile(`^    ((create )?participant \w+( as App \(process \d+\))?|destroy \w+|Note (over|left of|right of) \w+(,\w+)?: .+|\w+(->>|-->>|-x|--x)\w+: .+|rect rgb\(\d+, \d+, \d+\)|end)$`)

	mmTimeNote := regexp.MustCompile(`^    Note over User,\w+: (T\+[\d:.]+)$`)

	Describe("the seed walkthrough's diagram", func() {
		var diagram string
		var lines []string
		BeforeEach(func() {
			diagram = mmRender(mmWalkthrough())
			lines = strings.Split(strings.TrimSuffix(diagram, "\n"), "\n")
		})

		It("R-L6: is a sequenceDiagram with User, iOS, Network and nsurlsessiond, then a participant per process, created at its launch", func() {
			Expect(lines[0]).To(Equal("sequenceDiagram"))
			Expect(lines[1:5]).To(Equal([]string{
				"    participant User",
				"    participant iOS",
				"    participant Network",
				"    participant nsurlsessiond",
			}))
			Expect(diagram).To(ContainSubstring("    User->>iOS: taps the app icon\n" +
				"    create participant App as App (process 1)\n" +
				"    iOS->>App: launches process 1 (reason: user) [R-L6]\n"))
			Expect(diagram).To(ContainSubstring("    create participant App2 as App (process 2)\n" +
				"    iOS->>App2: launches process 2 (reason: url-session)"))
			Expect(strings.Count(diagram, "create participant")).To(Equal(2))
		})

		It("R-L6: destroys a process's participant where the process ends, so the relaunched one is another lane", func() {
			destroy := slices.Index(lines, "    destroy App")
			Expect(destroy).To(BeNumerically(">", 0))
			Expect(lines[destroy+1]).To(HavePrefix("    iOS-xApp: process 1 ends: memory-pressure"))
			Expect(slices.Index(lines, "    create participant App2 as App (process 2)")).To(BeNumerically(">", destroy))
			Expect(diagram).NotTo(ContainSubstring("destroy App2"), "process 2 is still alive at the end")
		})

		It("has one valid statement per line, with no statement separator in the text", func() {
			entity := regexp.MustCompile(`#\w+;`)
			for _, l := range lines[1:] {
				Expect(l).To(MatchRegexp(mmStatement.String()))
				Expect(entity.ReplaceAllString(l, "")).NotTo(ContainSubstring(";"), "outside an entity code")
			}
			Expect(diagram).To(ContainSubstring("are done#59; 2 events wait [R-D1]"))
		})

		It("shows the relaunch for session events as messages between the participants (R-D1, R-D2)", func() {
			Expect(diagram).To(ContainSubstring("    User->>iOS: goes to the home screen\n"))
			Expect(diagram).To(ContainSubstring("    nsurlsessiond->>iOS: launches the app into the background: all tasks of session com.SimpleBackgroundTransfer.BackgroundSession are done"))
			Expect(diagram).To(ContainSubstring("    iOS->>App2: HandleEventsForBackgroundUrl session com.SimpleBackgroundTransfer.BackgroundSession on main [R-D2]\n"))
			Expect(diagram).To(ContainSubstring("    nsurlsessiond->>App2: DidFinishEventsForBackgroundSession session com.SimpleBackgroundTransfer.BackgroundSession on delegate [R-D3]\n"))
			Expect(diagram).To(ContainSubstring("    App2->>iOS: calls the completion handler of session com.SimpleBackgroundTransfer.BackgroundSession on main [R-D4]\n"))
			Expect(diagram).To(ContainSubstring("    App->>nsurlsessiond: creates task 1: download https://images.example.com/monkey.png\n"))
			Expect(diagram).To(ContainSubstring("    nsurlsessiond->>Network: task 1 \"image-1\" starts: GET https://images.example.com/monkey.png [R-S1]\n"))
		})

		It("puts lifecycle transitions in notes over the App and the virtual time in notes across all lanes so far", func() {
			Expect(diagram).To(ContainSubstring("    Note over App: background → suspended (suspend) [R-L3]\n"))
			Expect(diagram).To(ContainSubstring("    Note over User,App2: T+01:30.000\n"))
			Expect(lines[5]).To(Equal("    Note over User,nsurlsessiond: T+00:00.000"), "before the first launch")
			Expect(diagram).To(ContainSubstring("    Note over User,App: T+00:04.000\n"))
		})

		It("gives each instant one time note, in order", func() {
			var times []string
			for _, l := range lines {
				if m := mmTimeNote.FindStringSubmatch(l); m != nil {
					times = append(times, m[1])
				}
			}
			Expect(times).To(ContainElements("T+00:04.000", "T+00:09.000", "T+00:12.000", "T+01:30.000"))
			for i := 1; i < len(times); i++ { // same width: string order is time order
				Expect(times[i] > times[i-1]).To(BeTrue(), "%s after %s", times[i], times[i-1])
			}
		})
	})

	It("is deterministic: the same run gives the same bytes", func() {
		first := mmRender(mmWalkthrough())
		for range 3 {
			Expect(mmRender(mmWalkthrough())).To(Equal(first))
		}
	})

	It("escapes what Mermaid would read as syntax", func() {
		diagram := mmRender([]simulator.Event{{Seq: 1, At: 1500 * time.Millisecond, Actor: simulator.ActorApp,
			Kind: simulator.KindLog, Queue: "main", Detail: "a; b #1 <b>x</b>\nnext"}})
		Expect(diagram).To(ContainSubstring("    Note right of App: log [main]: a#59; b #35;1 #lt;b#gt;x#lt;/b#gt; next\n"))
		Expect(diagram).To(ContainSubstring("    Note over App: T+00:01.500\n"))
	})

	It("declares only the participants the run involves", func() {
		diagram := mmRender([]simulator.Event{{Seq: 1, Actor: simulator.ActorApp, Kind: simulator.KindLog, Queue: "main", Detail: "x"}})
		Expect(diagram).To(HavePrefix("sequenceDiagram\n    participant App as App (process 1)\n    Note over App: T+00:00.000\n"))
		Expect(diagram).NotTo(ContainSubstring("participant User"))
		Expect(diagram).NotTo(ContainSubstring("participant Network"))
		Expect(mmRender(nil)).To(Equal("sequenceDiagram\n"))
	})

	It("M4: puts a violation in a red box", func() {
		diagram := mmRender([]simulator.Event{
			{Seq: 1, Actor: simulator.ActorApp, Kind: simulator.KindLog, Queue: "main", Detail: "x"},
			{Seq: 2, Actor: simulator.ActorSystem, Kind: simulator.KindViolation, Rule: simulator.MistakeM4, Detail: "the handler was never called"},
		})
		Expect(diagram).To(ContainSubstring("    rect rgb(255, 221, 221)\n        Note over App,iOS: VIOLATION: the handler was never called [M4]\n    end\n"))
		Expect(strings.Count(diagram, "rect ")).To(Equal(1))
	})

	It("R-X1: labels an app extension's process as an extension", func() {
		diagram := mmRender([]simulator.Event{
			{Seq: 1, Actor: simulator.ActorSystem, Kind: simulator.KindLaunch, Process: 1, Reason: appmodel.LaunchExtension.String(), Detail: "share"},
			{Seq: 2, Actor: simulator.ActorSystem, Kind: simulator.KindTerminate, Process: 1, Reason: string(simulator.TermExtensionEnded)},
			{Seq: 3, Actor: simulator.ActorSystem, Kind: simulator.KindLaunch, Process: 2, Reason: appmodel.LaunchURLSession.String()},
		})
		Expect(diagram).To(ContainSubstring("    create participant App as Extension (process 1)\n    iOS->>App: launches process 1 (reason: extension): share\n"))
		Expect(diagram).To(ContainSubstring("    destroy App\n    iOS-xApp: process 1 ends: extension-ended\n"))
		Expect(diagram).To(ContainSubstring("    create participant App2 as App (process 2)\n"))
	})

	It("M4: explains a violation with the Explainer's device effect and fix, in the red box", func() {
		var b bytes.Buffer
		explain := func(r simulator.Rule) simulator.Explanation {
			return simulator.Explanation{Mistake: simulator.MistakeM4, Device: "the snapshot is stale; x", Fix: "call it once " + string(r)}
		}
		Expect(simulator.RenderMermaidWith(&b, []simulator.Event{
			{Seq: 1, Actor: simulator.ActorSystem, Kind: simulator.KindViolation, Rule: simulator.RuleD4, Detail: "never called"},
		}, simulator.MermaidOptions{Explain: explain})).To(Succeed())
		Expect(b.String()).To(ContainSubstring("    rect rgb(255, 221, 221)\n" +
			"        Note over App,iOS: VIOLATION: never called [R-D4]\n" +
			"        Note over App,iOS: On a device: the snapshot is stale#59; x<br/>Fix: call it once R-D4\n" +
			"    end\n"))
	})

	It("R-L3: puts the time the app runs in the background in a box", func() {
		diagram := mmRender(mmWalkthrough())
		// Process 1 goes home and is suspended; process 2 is launched
		// into the background and is suspended after its events.
		Expect(diagram).To(ContainSubstring("    Note over App: inactive → background (enter-background) [R-L3]\n    rect rgb(226, 234, 248)\n"))
		Expect(diagram).To(ContainSubstring("    end\n    Note over User,App: T+00:09.000\n    Note over App: background → suspended (suspend) [R-L3]\n"))
		Expect(diagram).To(ContainSubstring("    Note over App2: terminated → background (background-launch) [R-L2]\n    rect rgb(226, 234, 248)\n"))
		Expect(strings.Count(diagram, "    rect rgb(226, 234, 248)\n")).To(Equal(2))
		Expect(strings.Count(diagram, "    end\n")).To(Equal(2))
	})

	It("folds each run of progress callbacks into one line that counts them", func() {
		diagram := mmRender(mmWalkthrough())
		var progress []string
		for _, l := range strings.Split(diagram, "\n") {
			if strings.Contains(l, "DidWriteData") {
				progress = append(progress, l)
			}
		}
		// 4 callbacks in the foreground, then the user goes home, then 4
		// more in the background before the app is suspended. The line is
		// the last callback's ("+2000000" is its own increment), and says
		// so rather than read as 2000000 bytes over 4 calls.
		Expect(progress).To(HaveLen(2))
		Expect(progress[0]).To(ContainSubstring("= 7900000 of 30000000 bytes on delegate (the last of 4 progress callbacks) [R-G3]"))
		Expect(progress[1]).To(ContainSubstring("= 15900000 of 30000000 bytes on delegate (the last of 4 progress callbacks) [R-G3]"))
		Expect(diagram).NotTo(ContainSubstring("progress 13%"), "the app's progress updates fold with the callbacks")
	})

	It("names the callbacks as MermaidOptions.Names asks", func() {
		var b bytes.Buffer
		Expect(simulator.RenderMermaidWith(&b, mmWalkthrough(), simulator.MermaidOptions{Names: simulator.NamesSwift})).To(Succeed())
		Expect(b.String()).To(ContainSubstring("iOS->>App2: application(_:handleEventsForBackgroundURLSession:completionHandler:) session"))
		Expect(b.String()).NotTo(ContainSubstring("HandleEventsForBackgroundURL"))
	})

	It("places an event of an unknown kind in a note over its actor", func() {
		diagram := mmRender([]simulator.Event{{Seq: 1, Actor: simulator.ActorDaemon, Kind: "daemon.future", Detail: "x"}})
		Expect(diagram).To(ContainSubstring("    Note over nsurlsessiond: daemon.future x\n"))
	})

	It("returns the writer's error, wrapped", func() {
		err := simulator.RenderMermaid(mmFailingWriter{}, mmWalkthrough())
		Expect(err).To(MatchError(ContainSubstring("disk full")))
		Expect(err).To(MatchError(ContainSubstring("simulator: write sequence diagram")))
	})
})
