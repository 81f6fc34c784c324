package bdd_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios/bdd"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

const refSession = appmodel.RefSessionIdentifier

var _ = Describe("matchers on a well-made app killed while suspended", func() {
	var sim *simulator.Sim
	BeforeEach(func() {
		sim = killedWhileSuspended(appmodel.RefOptions{})
		bdd.AttachTraceOnFailure(sim)
	})

	It("R-D2, R-D3, R-D4: sees the relaunch flow in order, in a Sim, an Env-like Tracer and a bare trace", func() {
		flow := bdd.HaveEventsInOrder(
			bdd.Terminated(simulator.TermMemoryPressure),
			bdd.Wake(bdd.Session(refSession)),
			bdd.Launch(appmodel.LaunchURLSession, bdd.InProcess(2)),
			bdd.Callback(simulator.CbHandleEventsForBackgroundURL, bdd.Session(refSession)),
			bdd.Callback(simulator.CbDidFinishDownloading, bdd.Task(1)),
			bdd.Callback(simulator.CbDidCompleteWithError, bdd.Task(1)),
			bdd.Callback(simulator.CbDidFinishEventsForBackgroundSession),
			bdd.HandlerCalled(refSession, bdd.OnQueue(simulator.QueueMain)),
			bdd.Transition(appmodel.Suspended, bdd.InProcess(2)),
		)
		Expect(sim).To(flow)
		Expect(sim.Trace()).To(flow)
		Expect(tracerOnly{sim}).To(flow)
	})

	It("passes every matcher a well-made app should pass", func() {
		Expect(sim).To(bdd.HaveNoViolations())
		Expect(sim).To(bdd.HaveCalledCompletionHandler(refSession))
		Expect(sim).To(bdd.HaveRelaunched(1))
		Expect(sim).To(bdd.HaveTaskOutcome(1, bdd.Succeeded()))
		Expect(sim).To(bdd.HaveTaskOutcome("image-1", bdd.Outcome{Delivered: true, Status: 200}))
		Expect(sim).To(bdd.BeInState(appmodel.Suspended))
		Expect(sim.Trace()).To(bdd.BeInState(appmodel.Suspended))
		Expect(sim).To(bdd.HaveNoEvent(bdd.FileDeleted()))
		Expect(sim).NotTo(bdd.HaveViolation(simulator.RuleD4))
	})

	It("says which pattern is missing, that it came too early, and shows the trace where it was expected", func() {
		msg := failureOf(bdd.HaveEventsInOrder(
			bdd.Callback(simulator.CbHandleEventsForBackgroundURL),
			bdd.HandlerCalled(refSession),
			bdd.Callback(simulator.CbDidFinishEventsForBackgroundSession),
		), sim)
		Expect(msg).To(ContainSubstring("1. found    app.callback HandleEventsForBackgroundURL"))
		Expect(msg).To(ContainSubstring("3. MISSING  session.callback DidFinishEventsForBackgroundSession"))
		Expect(msg).To(MatchRegexp(`The first not found is 3\. .*: no event after T\+00:15\.050 \(#\d+\) matches it`))
		Expect(msg).To(MatchRegexp(`It does occur earlier, at T\+00:15\.050 \(#\d+\), before pattern 2 matched`))
		Expect(msg).To(MatchRegexp(`(?m)^  > #\d+ +T\+00:15\.050 +app +calls the completion handler`))
		Expect(msg).To(MatchRegexp(`(?m)^  -> 3\. session.callback DidFinishEventsForBackgroundSession was expected from here on\n +#\d+ +T\+00:15\.050 +system +takes a snapshot`))
	})

	It("lists the patterns not looked for after the first missing one", func() {
		msg := failureOf(bdd.HaveEventsInOrder(
			bdd.Launch(appmodel.LaunchURLSession, bdd.InProcess(3)),
			bdd.HandlerCalled(refSession),
		), sim)
		Expect(msg).To(ContainSubstring("1. MISSING  process.launch process=3 reason=url-session"))
		Expect(msg).To(ContainSubstring("2. (not looked for) app.completion-handler session=" + refSession))
		Expect(msg).To(ContainSubstring("no event after the start of the trace matches it"))
	})

	It("shows the matching events when an event was not expected", func() {
		msg := failureOf(bdd.HaveNoEvent(bdd.Launch(appmodel.LaunchURLSession)), sim)
		Expect(msg).To(MatchRegexp(`Expected no event matching process.launch reason=url-session, but the trace has 1:\n  #\d+ +T\+00:15\.050 +system +launches process 2`))
	})

	It("explains a wrong outcome with the task's events", func() {
		msg := failureOf(bdd.HaveTaskOutcome("image-1", bdd.CancelledBy(appmodel.ReasonUserForceQuit)), sim)
		Expect(msg).To(ContainSubstring(`Expected task "image-1" (id 1) to end with error -999 cancelled, reason userForceQuit, delivered to the app, but it completed at T+00:15.050`))
		Expect(msg).To(ContainSubstring("without error (HTTP 200), delivered to process 2 at T+00:15.050"))
		Expect(msg).To(MatchRegexp(`Its events:\n  #\d+ +T\+00:00\.000 +app +creates task 1`))
	})

	It("counts wakes and lists them", func() {
		msg := failureOf(bdd.HaveRelaunched(2), sim)
		Expect(msg).To(MatchRegexp(`Expected 2 background wake\(s\) for session events \(R-D1\), but the trace has 1 background wake\(s\) for session events:\n  #\d+ +T\+00:15\.050 +daemon +launches the app into the background`))
	})

	It("names the state and when the app entered it", func() {
		msg := failureOf(bdd.BeInState(appmodel.Active), sim)
		Expect(msg).To(MatchRegexp(`Expected the app to be active, but it is suspended since T\+00:15\.050 \(#\d+\)`))
		Expect(msg).To(ContainSubstring("background → suspended"))
	})

	It("says when a violation was expected and none happened", func() {
		msg := failureOf(bdd.HaveViolation(simulator.RuleD6), sim)
		Expect(msg).To(MatchRegexp(`Expected a violation of R-D6, but the trace has none and no other violation either \(\d+ events, up to T\+00:15\.050`))
	})
})

// tracerOnly hides everything of a Sim but its trace, as a subject that is
// neither a Sim nor a slice (a simtest.Env, say) would.
type tracerOnly struct{ sim *simulator.Sim }

func (t tracerOnly) Trace() []simulator.Event { return t.sim.Trace() }

var _ = Describe("matchers on the completion-handler mistakes (M4)", func() {
	DescribeTable("HaveCalledCompletionHandler fails with the rule and the time",
		func(m appmodel.Mistakes, rule simulator.Rule, want string) {
			sim := killedWhileSuspended(appmodel.RefOptions{Mistakes: m})
			msg := failureOf(bdd.HaveCalledCompletionHandler(refSession), sim)
			Expect(msg).To(ContainSubstring("At the wake of T+00:15.050"))
			Expect(msg).To(MatchRegexp(want))
			Expect(msg).To(MatchRegexp(`The trace there:\n(.*\n)*  > #\d+ +T\+`))
			Expect(sim).To(bdd.HaveViolation(rule))
			Expect(failureOf(bdd.HaveNoViolations(), sim)).To(MatchRegexp(`T\+00:\d\d\.\d{3} violation ` + string(rule) + ` process 2: `))
		},
		Entry("R-D4: never called", appmodel.Mistakes{ForgetCompletionHandler: true}, simulator.RuleD4,
			`DidFinishEventsForBackgroundSession came at T\+00:15\.050 \(#\d+\), but the handler was never called \(R-D4\)`),
		Entry("R-D3: called off the main thread", appmodel.Mistakes{CallHandlerOffMain: true}, simulator.RuleD3,
			`the handler was called at T\+00:15\.050 \(#\d+\) on queue "delegate", not on the main thread \(R-D3\)`),
		Entry("R-D4: called before DidFinishEvents", appmodel.Mistakes{CallHandlerEarly: true}, simulator.RuleD4,
			`the handler was called at T\+00:15\.050 \(#\d+\), before DidFinishEventsForBackgroundSession \(R-D4\)`),
		Entry("R-D4: called twice", appmodel.Mistakes{CallHandlerTwice: true}, simulator.RuleD4,
			`the handler was called 2 times, at T\+00:15\.050 \(#\d+\), T\+00:15\.050 \(#\d+\) \(R-D4\)`),
	)

	It("R-D1: fails when the app was never woken for the session", func() {
		sim := refSim(appmodel.RefOptions{})
		Expect(sim.RunFor(time.Minute)).To(Succeed())
		msg := failureOf(bdd.HaveCalledCompletionHandler(refSession), sim)
		Expect(msg).To(ContainSubstring("the app was never woken for it"))
		Expect(sim).To(bdd.HaveRelaunched(0))
	})

	It("R-I3: the wrong identifier at relaunch leaves the handler for the real session uncalled", func() {
		sim := killedWhileSuspended(appmodel.RefOptions{Mistakes: appmodel.Mistakes{WrongIdentifierOnRelaunch: true}})
		Expect(sim).NotTo(bdd.HaveCalledCompletionHandler(refSession))
		Expect(sim).NotTo(bdd.HaveTaskOutcome(1, bdd.Succeeded()))
	})
})

var _ = Describe("HaveTaskOutcome after a force-quit", func() {
	It("R-E3: -999 userForceQuit, not delivered until the user launches the app again", func() {
		sim := refSim(appmodel.RefOptions{})
		Expect(sim.RunFor(2 * time.Second)).To(Succeed())
		Expect(sim.ForceQuit()).To(Succeed())
		Expect(sim.RunFor(time.Hour)).To(Succeed())
		Expect(sim).To(bdd.HaveTaskOutcome(1, bdd.Outcome{Code: appmodel.ErrCancelled, Reason: "userForceQuit"}))
		Expect(sim).To(bdd.HaveRelaunched(0))

		Expect(sim.Launch()).To(Succeed())
		Expect(sim.RunFor(time.Second)).To(Succeed())
		Expect(sim).To(bdd.HaveTaskOutcome(1, bdd.CancelledBy(appmodel.ReasonUserForceQuit)))
		Expect(sim).NotTo(bdd.HaveTaskOutcome(1, bdd.CancelledBy(appmodel.ReasonBackgroundUpdatesDisabled)))
	})
})

var _ = Describe("what the matchers refuse", func() {
	It("errs on a subject without a trace, naming what it wants", func() {
		_, err := bdd.HaveNoViolations().Match(42)
		Expect(err).To(MatchError(ContainSubstring("HaveNoViolations wants a *simulator.Sim, a simtest.Env")))
		var nilSim *simulator.Sim
		_, err = bdd.BeInState(appmodel.Active).Match(nilSim)
		Expect(err).To(MatchError("bdd: BeInState: got a nil *simulator.Sim"))
	})

	It("errs on a rule that is not one of the constants", func() {
		_, err := bdd.HaveViolation("R-D04").Match(simulator.New(simulator.Config{}))
		Expect(err).To(MatchError(ContainSubstring(`HaveViolation("R-D04"): not a rule or mistake ID`)))
	})

	It("errs on a task it cannot name", func() {
		sim := refSim(appmodel.RefOptions{})
		_, err := bdd.HaveTaskOutcome("nope", bdd.Succeeded()).Match(sim)
		Expect(err).To(MatchError(`bdd: HaveTaskOutcome: no task has the description "nope"`))
		_, err = bdd.HaveTaskOutcome(1.5, bdd.Succeeded()).Match(sim)
		Expect(err).To(MatchError(ContainSubstring("not float64")))
		_, err = bdd.HaveEventsInOrder().Match(sim)
		Expect(err).To(HaveOccurred())
	})

	It("errs on a task id no task has, rather than reading every event without a task as its own", func() {
		sim := refSim(appmodel.RefOptions{})
		_, err := bdd.HaveTaskOutcome(0, bdd.Succeeded()).Match(sim)
		Expect(err).To(MatchError("bdd: HaveTaskOutcome: task ids start at 1, not 0"))
		_, err = bdd.HaveTaskOutcome(99, bdd.Succeeded()).Match(sim)
		Expect(err).To(MatchError("bdd: HaveTaskOutcome: no task has the id 99 (the trace has task 1)"))
	})

	It("errs on an empty session identifier, which would match every session's wakes but none of their handlers", func() {
		sim := killedWhileSuspended(appmodel.RefOptions{})
		Expect(sim).To(bdd.HaveCalledCompletionHandler(refSession))
		_, err := bdd.HaveCalledCompletionHandler("").Match(sim)
		Expect(err).To(MatchError("bdd: HaveCalledCompletionHandler: the session identifier is empty; " +
			"pass the identifier of the app's background session"))
	})

	It("errs on a negative number of wakes", func() {
		_, err := bdd.HaveRelaunched(-1).Match(simulator.New(simulator.Config{}))
		Expect(err).To(MatchError("bdd: HaveRelaunched(-1): a number of wakes is 0 or more"))
	})
})

var _ = Describe("matchers on a simtest.Env", func() {
	It("R-D4: read the Env's trace and state as they read a Sim's", func() {
		env := simtest.New(GinkgoTB(), simtest.WithApp(appmodel.NewRefApp(appmodel.RefOptions{})),
			simtest.WithResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true}))
		sim := env.Sim()
		env.Do(sim.Launch)
		env.At(2*time.Second, sim.Home)
		env.At(10*time.Second, sim.MemoryPressureKill)
		env.RunUntilWakeHandled(time.Hour)
		Expect(env).To(bdd.HaveCalledCompletionHandler(refSession))
		Expect(env).To(bdd.HaveTaskOutcome("image-1", bdd.Succeeded()))
		Expect(env).To(bdd.BeInState(appmodel.Suspended))
		Expect(env).To(bdd.HaveRelaunched(1))
		Expect(env).To(bdd.HaveNoViolations())
		Expect(failureOf(bdd.BeInState(appmodel.Active), env)).To(ContainSubstring("but it is suspended since T+00:15.050"))
	})
})

var _ = Describe("matchers on an empty trace", func() {
	It("fail with messages rather than panics", func() {
		var empty []simulator.Event
		Expect(failureOf(bdd.HaveEventsInOrder(bdd.Wake()), empty)).To(ContainSubstring("(end of the trace)"))
		Expect(failureOf(bdd.HaveRelaunched(1), empty)).To(ContainSubstring("has 0 background wake(s) for session events."))
		Expect(failureOf(bdd.HaveCalledCompletionHandler(refSession), empty)).To(ContainSubstring("never woken"))
		Expect(failureOf(bdd.HaveViolation(simulator.RuleD4), empty)).To(ContainSubstring("no other violation either"))
		Expect(failureOf(bdd.BeInState(appmodel.Active), empty)).To(Equal("Expected the app to be active, but it is not-running"))
		Expect(empty).To(bdd.HaveNoViolations())
		Expect(empty).To(bdd.HaveNoEvent(bdd.Wake()))
	})
})
