// Package bdd is for pinning an app's background-transfer behaviour in a
// Ginkgo/Gomega suite: Gomega matchers that read a simulation's trace, and a
// conformance kit that writes the specs every well-made background-transfer
// app must pass.
//
// # Matchers
//
// Every matcher takes a [*simulator.Sim], a
// [github.com/bgsim/bgsim/simulator/simtest.Env], anything else with a
// Trace() []simulator.Event method (a [Tracer]), or a []simulator.Event:
//
//	Expect(sim).To(bdd.HaveNoViolations())
//	Expect(sim).To(bdd.HaveViolation(simulator.RuleD4))
//	Expect(sim).To(bdd.BeInState(appmodel.Suspended))
//	Expect(sim).To(bdd.HaveRelaunched(1))
//	Expect(sim).To(bdd.HaveCalledCompletionHandler("com.example.transfers"))
//	Expect(sim).To(bdd.HaveTaskOutcome("manifest", bdd.Succeeded()))
//	Expect(sim).To(bdd.HaveTaskOutcome(1, bdd.CancelledBy(appmodel.ReasonUserForceQuit)))
//	Expect(sim).To(bdd.HaveTaskOutcome("manifest", bdd.SucceededAndKept()))
//	Expect(sim).To(bdd.HaveNoEvent(bdd.FileDeleted()))
//
// A file the daemon deleted because DidFinishDownloading returned without
// moving it (R-D6) is lost to the app, yet no rule is broken and its task
// succeeded and was delivered: HaveNoViolations and Succeeded pass. Pin
// the file with [SucceededAndKept] (the [Outcome] field Kept) or with
// HaveNoEvent(FileDeleted()).
//
// A failure says what was expected and what the trace shows instead, with
// virtual times (T+00:15.050), sequence numbers (#42) and rule IDs, and an
// excerpt of the trace around the place that matters. Gomega reports it at
// the line of your Expect.
//
// # Patterns
//
// [HaveEventsInOrder] and [HaveNoEvent] take [simulator.Pattern] values:
// plain structs whose zero fields match anything, the same values a
// scenario file's expect block compiles to. The constructors of this
// package ([Callback], [Launch], [Wake], [HandlerCalled], [Violation],
// [Transition], [Terminated], [Connect], [TaskCompleted], [FileDeleted])
// make them read
// as the story they check, and [Field] values narrow them:
//
//	Expect(sim).To(bdd.HaveEventsInOrder(
//		bdd.Launch(appmodel.LaunchURLSession),
//		bdd.Callback(simulator.CbHandleEventsForBackgroundURL),
//		bdd.Callback(simulator.CbDidFinishDownloading, bdd.Desc("manifest")),
//		bdd.Callback(simulator.CbDidFinishEventsForBackgroundSession),
//		bdd.HandlerCalled("com.example.transfers", bdd.OnQueue(simulator.QueueMain)),
//	))
//
// The patterns form an ordered subsequence: other events may come between.
// When one is missing, the failure lists which were found and when, names
// the first missing one, says if it came too early, and shows the trace
// from where it was expected.
//
// The matchers only read the subject, so they work from any Ginkgo node.
// A node that calls the app's objects of a *simulator.Sim another node
// drove (Ginkgo runs each node on a goroutine of its own) calls sim.Own
// first; a simtest.Env does that in its methods that hand them out.
//
// # The whole trace on failure
//
// [AttachTraceOnFailure] attaches the rendered trace to a failed spec's
// report, so the console and the JUnit report show the full story:
//
//	BeforeEach(func() {
//		sim = simulator.New(simulator.Config{})
//		bdd.AttachTraceOnFailure(sim)
//	})
//
// # The conformance kit
//
// [ItBehavesLikeABackgroundTransferApp] generates, inside a Describe, the
// specs every background-transfer app must pass: its transfers finish and
// are delivered through suspension, a memory kill and a crash; it reconnects
// by the same identifier and calls the completion handler once, on main,
// after DidFinishEvents; it moves each file before DidFinishDownloading
// returns; a force-quit cancels with -999 and recovers at the next launch;
// hours offline end without an error; no violations, every transfer
// delivered and every file kept across seeded fault runs. [AppOptions] say
// how to start the app's transfers and what the network serves. Each
// spec's description names the rules it pins:
//
//	var _ = Describe("PhotoSync", func() {
//		bdd.ItBehavesLikeABackgroundTransferApp(photosync.New, bdd.AppOptions{
//			Session: photosync.SessionID,
//			Serve:   photosync.Serve, // its upload endpoint and its manifest
//			Start:   func(a appmodel.AppDelegate) { a.(*photosync.App).SyncNow() },
//		})
//	})
//
// A spec that fails says the kit's reason (what it expects, the likely
// causes, the fix, the mistakes `bgsim explain` describes) above the
// matchers' messages, and attaches the whole trace. The kit runs the app
// with [simulator.PanicsFail], so a panic in the app model fails the spec
// with the model's file:line.
package bdd
