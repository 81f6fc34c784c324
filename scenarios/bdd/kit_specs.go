package bdd

import (
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// suspended: the app goes home, is suspended, the daemon finishes the
// transfers and resumes it (R-S1, R-E1, R-D1, R-D3, R-D4).
func (k *kit) suspended() {
	r := k.newRun(0)
	r.launchAndStart()
	r.homeUntilSuspended()
	tasks := r.tasks()
	r.runFor(kitSettle)
	r.expectAllDelivered(tasks, reasonDelivered, reasonTransferFailed)
	gomega.Expect(r.sim).To(HaveCalledCompletionHandler(k.opts.Session), r.why(reasonHandler))
	gomega.Expect(r.sim).To(HaveNoViolations(), r.why(r.noViolation()))
}

// relaunched is the story of memoryKill and crash: once the process is
// gone, the daemon launches a new one in the background, which reconnects
// by the same identifier and gets every event (R-L6, R-I3, R-D2). The
// completion handler is left to HaveCalledCompletionHandler and its own
// reason: in the relaunch pattern a handler missing or off main would be
// blamed on the identifier (M3, M16) when the mistake is M4.
func (k *kit) relaunched(r *kitRun, ended simulator.TerminationReason) {
	ginkgo.GinkgoHelper()
	tasks := r.tasks()
	r.runFor(kitSettle)
	relaunch := []simulator.Pattern{
		Terminated(ended, InProcess(1)),
		Wake(Session(k.opts.Session)),
		Launch(appmodel.LaunchURLSession, InProcess(2)),
		Connect(k.opts.Session, InProcess(2)),
	}
	gomega.Expect(r.sim).To(HaveEventsInOrder(relaunch...), r.why(reasonRelaunch))
	// Reconnected: events that still do not all come are not the
	// identifier's fault, and have a reason of their own.
	gomega.Expect(r.sim).To(HaveEventsInOrder(append(relaunch,
		Callback(simulator.CbDidFinishEventsForBackgroundSession, Session(k.opts.Session), InProcess(2)))...),
		r.why(reasonRelaunchEvents))
	r.expectAllDelivered(tasks, reasonDelivered, reasonTransferFailed)
	gomega.Expect(r.sim).To(HaveCalledCompletionHandler(k.opts.Session), r.why(reasonHandler))
	gomega.Expect(r.sim).To(HaveNoViolations(), r.why(r.noViolation()))
}

func (k *kit) memoryKill() {
	r := k.newRun(0)
	r.launchAndStart()
	r.homeUntilSuspended()
	r.do("kill the app for memory", r.sim.MemoryPressureKill())
	k.relaunched(r, simulator.TermMemoryPressure)
}

func (k *kit) crash() {
	r := k.newRun(0)
	r.launchAndStart()
	r.do("send the app home", r.sim.Home())
	r.runFor(time.Second)
	r.expectTransfersUnderWay("made to crash")
	r.do("crash the app", r.sim.Crash("the conformance kit crashes the app in the background"))
	k.relaunched(r, simulator.TermCrash)
}

// filesMoved: while the process lives (suspended, then resumed), every
// DidFinishDownloading moves its file before returning (R-D6).
func (k *kit) filesMoved() {
	r := k.newRun(0)
	r.launchAndStart()
	r.homeUntilSuspended()
	r.runFor(kitSettle)
	if len(r.downloadsSince(0)) == 0 {
		ginkgo.Skip("the app downloads nothing")
	}
	for _, id := range r.downloadsSince(0) {
		gomega.Expect(r.sim).To(HaveEventsInOrder(Callback(simulator.CbDidFinishDownloading, Task(id))), r.why(reasonDelivered))
	}
	gomega.Expect(r.sim).To(HaveNoEvent(FileDeleted()), r.why(reasonFileMoved))
}

// perTaskState: after a memory kill the new process must know what each
// task is for from what the old one persisted, so it keeps every file
// (R-L6, M3).
func (k *kit) perTaskState() {
	r := k.newRun(0)
	r.launchAndStart()
	r.homeUntilSuspended()
	after := len(r.sim.Trace())
	r.do("kill the app for memory", r.sim.MemoryPressureKill())
	r.runFor(kitSettle)
	gomega.Expect(r.sim).To(HaveEventsInOrder(
		Launch(appmodel.LaunchURLSession, InProcess(2)),
		Connect(k.opts.Session, InProcess(2)),
	), r.why(reasonRelaunch))
	for _, id := range r.downloadsSince(after) {
		gomega.Expect(r.sim).To(HaveEventsInOrder(Callback(simulator.CbDidFinishDownloading, Task(id), InProcess(2))), r.why(reasonRelaunchEvents))
	}
	gomega.Expect(r.sim).To(HaveNoEvent(FileDeleted()), r.why(reasonFileKeptByNewProcess))
	gomega.Expect(r.sim).To(HaveNoViolations(), r.why(r.noViolation()))
}

// forceQuit: the user swipes the app away while its transfers run (R-E3).
func (k *kit) forceQuit() {
	r := k.newRun(0)
	r.launchAndStart()
	tasks := r.tasks()
	r.expectTransfersUnderWay("force-quit")
	r.do("force-quit the app", r.sim.ForceQuit())
	r.runFor(kitSettle)
	gomega.Expect(r.sim).To(HaveRelaunched(0), r.why(reasonForceQuit))
	cancelled := appmodel.ReasonUserForceQuit.String()
	for _, id := range tasks {
		if r.completedBeforeForceQuit(id) {
			continue
		}
		gomega.Expect(r.sim).To(HaveTaskOutcome(id, Outcome{Code: appmodel.ErrCancelled, Reason: cancelled}), r.why(reasonForceQuit))
	}
	r.do("launch the app again", r.sim.Launch())
	r.runFor(time.Minute)
	for _, id := range tasks {
		if r.completedBeforeForceQuit(id) {
			continue
		}
		gomega.Expect(r.sim).To(HaveTaskOutcome(id, CancelledBy(appmodel.ReasonUserForceQuit)), r.why(reasonForceQuit))
	}
	gomega.Expect(r.sim).To(HaveNoViolations(), r.why(r.noViolation()))
}

func (r *kitRun) completedBeforeForceQuit(id int) bool {
	matched, missing := simulator.MatchInOrder(r.sim.Trace(),
		TaskCompleted(Task(id)), Terminated(simulator.TermUserForceQuit))
	return missing < 0 && len(matched) == 2 && r.sim.Trace()[matched[0]].Code == 0
}

// offline: the link goes down for three hours while the app is in the
// background; a background session waits, it does not fail (R-S9).
func (k *kit) offline() {
	r := k.newRun(0)
	r.launchAndStart()
	tasks := r.tasks()
	r.sim.Network().SetLink(fakes.Link{Kind: fakes.Offline})
	r.do("send the app home", r.sim.Home())
	r.runFor(3 * time.Hour)
	r.sim.Network().SetLink(k.opts.Link)
	r.runFor(kitSettle)
	r.expectAllDelivered(tasks, reasonOffline, reasonOffline)
	gomega.Expect(r.sim).To(HaveNoViolations(), r.why(r.noViolation()))
}

// oneWake: the transfers started together are delivered at one wake; an
// app that starts a follow-up task at each wake waits longer each time
// (R-R1, M8).
func (k *kit) oneWake() {
	r := k.newRun(0)
	r.launchAndStart()
	r.homeUntilSuspended()
	r.do("kill the app for memory", r.sim.MemoryPressureKill())
	r.runFor(kitSettle)
	why := reasonOneWake
	if len(simulator.Select(r.sim.Trace(), Violation(simulator.RuleD4, WithDetail("before DidFinishEventsForBackgroundSession")))) > 0 {
		// A handler called early has iOS suspend the app with events
		// still to deliver: the extra wakes are its doing, not a follow-up's.
		why = reasonEarlyHandlerWakes
	}
	gomega.Expect(r.sim).To(HaveRelaunched(1), r.why(why))
	gomega.Expect(r.sim).To(HaveNoEvent(simulator.Pattern{Kind: simulator.KindTaskWait, Rule: simulator.RuleR1}), r.why(why))
}
