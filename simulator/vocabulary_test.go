package simulator_test

// Specs of the trace vocabulary as users read it: task descriptions on
// task events, events and violations that print readably, typed reasons,
// and the crash location in a field of its own. Unexported names start
// with vc so as not to clash with other spec files.

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/format"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// vcURL is the one URL the vocabulary app downloads, several times.
const vcURL = "https://files.example.com/vc/photo.jpg"

// vcApp starts one download of vcURL per description, all at launch, so
// that only the descriptions tell the tasks apart.
type vcApp struct {
	appmodel.AppDelegateBase
	descs []string
}

func (a *vcApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	s := app.NewSession(appmodel.BackgroundSessionConfig("vc.session"), appmodel.SessionDelegateBase{})
	for _, d := range a.descs {
		t := s.DownloadTask(appmodel.Request{URL: vcURL})
		if d != "" {
			t.SetTaskDescription(d)
		}
		t.Resume()
	}
}

// vcBGApp begins a background task at launch and keeps its id.
type vcBGApp struct {
	appmodel.AppDelegateBase
	id *appmodel.BackgroundTaskID
}

func (a *vcBGApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	*a.id = app.BeginBackgroundTask("upload", func() {})
}

// vcRun launches the vocabulary app with descs and runs a minute.
func vcRun(descs ...string) *simulator.Sim {
	GinkgoHelper()
	sim := simulator.New(simulator.Config{})
	Expect(sim.Network().AddResource(vcURL, fakes.Resource{Size: 3_000_000})).To(Succeed())
	sim.Install(func() appmodel.AppDelegate { return &vcApp{descs: descs} })
	Expect(sim.Launch()).To(Succeed())
	Expect(sim.RunFor(time.Minute)).To(Succeed())
	return sim
}

// vcText renders events as the text timeline, without narration.
func vcText(events []simulator.Event) string {
	GinkgoHelper()
	var b bytes.Buffer
	Expect(simulator.RenderText(&b, events, simulator.TextOptions{})).To(Succeed())
	return b.String()
}

var _ = Describe("the trace vocabulary", func() {
	Describe("task descriptions", func() {
		It("are on every event about a described task after the app set them, and nowhere else", func() {
			sim := vcRun("photo-1.jpg", "photo-2.jpg")
			byTask := map[int]string{1: "photo-1.jpg", 2: "photo-2.jpg"}
			kinds := map[simulator.Kind]bool{}
			for _, e := range sim.Trace() {
				if e.Task == 0 || e.Session == "" {
					Expect(e.Desc).To(BeEmpty(), "%v", e)
					continue
				}
				if e.Kind == simulator.KindTaskCreate {
					continue // made before the app could describe it
				}
				Expect(e.Desc).To(Equal(byTask[e.Task]), "%v", e)
				kinds[e.Kind] = true
			}
			Expect(kinds).To(HaveKey(simulator.KindTransferStart))
			Expect(kinds).To(HaveKey(simulator.KindTransferResponse))
			Expect(kinds).To(HaveKey(simulator.KindSessionCallback))
			Expect(kinds).To(HaveKey(simulator.KindTaskComplete))
			Expect(kinds).To(HaveKey(simulator.KindFile))
		})

		It("name the task in the text timeline, so two transfers of one URL read apart", func() {
			text := vcText(vcRun("photo-1.jpg", "photo-2.jpg").Trace())
			Expect(text).To(ContainSubstring(`task 1 "photo-1.jpg" starts: GET ` + vcURL))
			Expect(text).To(ContainSubstring(`task 2 "photo-2.jpg" starts: GET ` + vcURL))
			Expect(text).To(MatchRegexp(`DidFinishDownloading task 2 "photo-2.jpg": /tmp/`))
			Expect(text).To(MatchRegexp(`task 1 "photo-1.jpg" completes: 3000000 bytes`))
		})

		It("leave the text as it was for a task without one", func() {
			text := vcText(vcRun("").Trace())
			Expect(text).To(ContainSubstring("task 1 starts: GET " + vcURL))
			Expect(text).To(ContainSubstring("DidFinishDownloading task 1: /tmp/"))
			Expect(text).NotTo(ContainSubstring(`task 1 "`))
		})
	})

	Describe("Event", func() {
		violation := simulator.Event{At: 42*time.Second + 200*time.Millisecond, Actor: simulator.ActorSystem,
			Kind: simulator.KindViolation, Process: 2, Rule: simulator.RuleD4,
			Detail: "the completion handler was never called"}

		It("prints as one line with the virtual time, kind, rule, process and detail", func() {
			Expect(violation.String()).To(Equal("T+00:42.200 violation R-D4 process 2: the completion handler was never called"))
			Expect(fmt.Sprint(violation)).To(Equal(violation.String()), "%v uses String")
			cb := simulator.Event{At: 15050 * time.Millisecond, Kind: simulator.KindSessionCallback, Process: 2,
				Callback: simulator.CbDidFinishDownloading, Session: "s", Task: 1, Desc: "photo",
				Queue: simulator.QueueDelegate, Detail: "/tmp/x.tmp"}
			Expect(cb.String()).To(Equal(`T+00:15.050 session.callback process 2: DidFinishDownloading task 1 "photo": /tmp/x.tmp on delegate`))
		})

		It("prints the same way in Gomega failure messages, alone and in a slice", func() {
			Expect(format.Object(violation, 0)).To(ContainSubstring("T+00:42.200 violation R-D4 process 2: the completion handler"))
			Expect(format.Object(violation, 0)).NotTo(ContainSubstring("42200000000"))
			Expect(format.Object([]simulator.Event{violation}, 0)).To(ContainSubstring("T+00:42.200 violation R-D4 process 2"))
		})

		It("gives launch and termination reasons their types", func() {
			sim := vcRun()
			Expect(sim.MemoryPressureKill()).To(Succeed())
			var launch, end, callback simulator.Event
			for _, e := range sim.Trace() {
				switch {
				case e.Kind == simulator.KindLaunch:
					launch = e
				case e.Kind == simulator.KindTerminate:
					end = e
				case e.Callback == simulator.CbFinishedLaunching:
					callback = e
				}
			}
			r, ok := launch.LaunchReason()
			Expect(ok).To(BeTrue())
			Expect(r).To(Equal(appmodel.LaunchUser))
			r, ok = callback.LaunchReason()
			Expect(ok).To(BeTrue())
			Expect(r).To(Equal(appmodel.LaunchUser))
			_, ok = end.LaunchReason()
			Expect(ok).To(BeFalse(), "a termination has no launch reason")
			Expect(end.TerminationReason()).To(Equal(simulator.TermMemoryPressure))
			Expect(launch.TerminationReason()).To(BeEmpty())
			bg := simulator.Event{Kind: simulator.KindLaunch, Reason: appmodel.LaunchURLSession.String()}
			r, ok = bg.LaunchReason()
			Expect(ok).To(BeTrue())
			Expect(r).To(Equal(appmodel.LaunchURLSession))
		})
	})

	Describe("Violation", func() {
		v := simulator.Violation{At: 42*time.Second + 200*time.Millisecond, Process: 2, Rule: simulator.RuleD4,
			Detail: "the completion handler was never called"}

		It("prints like the trace event that records it, in %v and in Gomega failures", func() {
			Expect(v.String()).To(Equal("T+00:42.200 violation R-D4 process 2: the completion handler was never called"))
			Expect(fmt.Sprintf("%v", v)).To(Equal(v.String()))
			Expect(format.Object([]simulator.Violation{v}, 0)).To(ContainSubstring("T+00:42.200 violation R-D4 process 2"))
			Expect(format.Object(v, 0)).NotTo(ContainSubstring("42200000000"))
		})

		It("prints a breach of bgsim's contract, which has no rule, as its event does, with no gap for the rule", func() {
			c := simulator.Violation{At: 2 * time.Second, Process: 1, Detail: "NewSession was called from another goroutine and refused"}
			Expect(c.String()).To(Equal("T+00:02.000 violation process 1: NewSession was called from another goroutine and refused"))
			e := simulator.Event{At: c.At, Kind: simulator.KindViolation, Process: c.Process, Detail: c.Detail}
			Expect(c.String()).To(Equal(e.String()))
		})
	})

	It("R-X1: names the extension a launch is for, and narrates it as an extension, not a new app instance", func() {
		e := simulator.Event{Kind: simulator.KindLaunch, Actor: simulator.ActorSystem, Process: 3,
			Reason: appmodel.LaunchExtension.String(), Detail: "share"}
		Expect(simulator.Describe(e)).To(Equal("launches process 3 (reason: extension): share"))
		Expect(simulator.Narrate(e)).To(And(ContainSubstring("extension"), ContainSubstring("(R-X1)")))
		r, ok := e.LaunchReason()
		Expect(ok).To(BeTrue())
		Expect(r).To(Equal(appmodel.LaunchExtension))
	})

	It("R-L4: gives a background task's id its own field, so a pattern on a transfer task never matches it", func() {
		sim := simulator.New(simulator.Config{})
		var id appmodel.BackgroundTaskID
		sim.Install(func() appmodel.AppDelegate { return &vcBGApp{id: &id} })
		Expect(sim.Launch()).To(Succeed())
		Expect(id).NotTo(Equal(appmodel.InvalidBackgroundTask))
		begins := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindBGTaskBegin})
		Expect(begins).To(HaveLen(1))
		Expect(begins[0].BGTask).To(Equal(int(id)))
		Expect(begins[0].Task).To(BeZero())
		Expect(simulator.Select(sim.Trace(), simulator.Pattern{BGTask: int(id)})).To(HaveLen(1))
		Expect(simulator.Select(sim.Trace(), simulator.Pattern{Task: int(id)})).To(BeEmpty())
		Expect(simulator.Describe(begins[0])).To(Equal(fmt.Sprintf("begins background task %d \"upload\"", id)))
		var b bytes.Buffer
		Expect(simulator.WriteJSONL(&b, sim.Header(), begins)).To(Succeed())
		Expect(b.String()).To(ContainSubstring(fmt.Sprintf(`"bgtask":%d`, id)))
	})

	It("renders the crash location from its own field, not from Reason", func() {
		e := simulator.Event{Kind: simulator.KindCrash, Actor: simulator.ActorApp, Process: 1,
			Detail: "panic: boom", Where: "myapp.(*App).DidCompleteWithError (app.go:42)"}
		Expect(simulator.Describe(e)).To(Equal("CRASH: panic: boom at myapp.(*App).DidCompleteWithError (app.go:42)"))
		var b bytes.Buffer
		Expect(simulator.WriteJSONL(&b, simulator.Header{Format: simulator.TraceFormat, Version: simulator.TraceFormatVersion}, []simulator.Event{e})).To(Succeed())
		Expect(b.String()).To(ContainSubstring(`"where":"myapp.(*App).DidCompleteWithError (app.go:42)"`))
		Expect(strings.Count(b.String(), `"reason"`)).To(Equal(0))
	})
})
