package scenarios_test

// Specs of the M1 and M6 scenarios. Unexported names start with mk so as
// not to clash with the helpers of other spec files in this package.

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// launchReasons are the reasons of every process launch of sim, in order.
func launchReasons(sim *simulator.Sim) []string {
	var out []string
	for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindLaunch}) {
		out = append(out, e.Reason)
	}
	return out
}

var _ = Describe("mistakes M1 and M6: force-quitting the app to test the relaunch", func() {
	const reopen = 5 * time.Minute

	Describe("the mistake", func() {
		var sim *simulator.Sim
		BeforeEach(func() {
			var err error
			sim, err = scenarios.ForceQuitToTestRelaunch(simulator.Config{}, appmodel.RefOptions{})
			Expect(err).NotTo(HaveOccurred())
		})

		It("M1: force-quitting cancels the download with -999 reason userForceQuit and iOS never relaunches the app (R-E3)", func() {
			term := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(term).To(HaveLen(1))
			Expect(term[0].Reason).To(Equal(string(simulator.TermUserForceQuit)))
			Expect(term[0].At).To(Equal(4 * time.Second))

			done := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done).To(HaveLen(1))
			Expect(done[0].At).To(Equal(4 * time.Second))
			Expect(done[0].Code).To(Equal(int(appmodel.ErrCancelled)))
			Expect(done[0].Reason).To(Equal("userForceQuit"))
			Expect(done[0].Rule).To(Equal(simulator.RuleE3))
			Expect(done[0].Bytes).To(BeNumerically(">", 0))
			Expect(done[0].Bytes).To(BeNumerically("<", scenarios.RefImageSize))

			Expect(launchReasons(sim)).To(Equal([]string{"user", "user"}), "no process.launch for url-session")
			Expect(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "no wake")
			Expect(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindAppCallback, Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
		})

		It("M1: at the next user launch the app recreates its session and gets DidCompleteWithError -999 reason userForceQuit, with resume data (R-E3, R-G1)", func() {
			cb := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindSessionCallback, Callback: simulator.CbDidCompleteWithError})
			Expect(cb).To(HaveLen(1))
			Expect(cb[0].At).To(Equal(reopen), "only when the user opened the app again")
			Expect(cb[0].Process).To(Equal(2))
			Expect(cb[0].Code).To(Equal(int(appmodel.ErrCancelled)))
			Expect(cb[0].Detail).To(ContainSubstring("userForceQuit"))

			sessions := sim.Sessions()
			Expect(sessions).To(HaveLen(1))
			Expect(sessions[0].Tasks).To(HaveLen(1))
			err := sessions[0].Tasks[0].Err
			Expect(err).NotTo(BeNil())
			Expect(err.Code).To(Equal(appmodel.ErrCancelled))
			Expect(err.HasReason).To(BeTrue())
			Expect(err.Reason).To(Equal(appmodel.ReasonUserForceQuit))
			Expect(err.ResumeData).NotTo(BeNil(), "the image server sends an ETag and accepts ranges (R-G1)")
			Expect(err.ResumeData.Offset).To(Equal(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTaskComplete})[0].Bytes))
			Expect(err.ResumeData.URL).To(Equal(appmodel.RefImageURL))
		})

		It("M6: the transfer does not survive the force-quit: nothing moves until the next launch, and there is no image", func() {
			for _, k := range []simulator.Kind{simulator.KindTransferStart, simulator.KindTransferResponse, simulator.KindTransferRetry, simulator.KindFile} {
				for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: k}) {
					Expect(e.At).To(BeNumerically("<=", 4*time.Second), "%s after the force-quit", e)
				}
			}
			Expect(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindSessionCallback, Callback: simulator.CbDidFinishDownloading})).To(BeEmpty())
			Expect(sim.Files().Exists(appmodel.RefImagePath)).To(BeFalse())
			Expect(sim.Sessions()[0].Tasks[0].State).To(Equal(appmodel.TaskCompleted))
		})
	})

	Describe("the fixed twin", func() {
		var sim *simulator.Sim
		BeforeEach(func() {
			var err error
			sim, err = scenarios.ForceQuitToTestRelaunchFixed(simulator.Config{}, appmodel.RefOptions{})
			Expect(err).NotTo(HaveOccurred())
		})

		It("M1 fixed: going home and a memory-pressure kill instead: the download goes on and iOS launches the app into the background to deliver it (R-E2, R-D2)", func() {
			term := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(term).NotTo(BeEmpty())
			Expect(term[0].Reason).To(Equal(string(simulator.TermMemoryPressure)))
			Expect(launchReasons(sim)).To(Equal([]string{"user", "url-session"}),
				"the user's return at 5 min finds the relaunched process suspended: no new launch")
			var back []simulator.Event
			for _, e := range simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTransition, From: "suspended"}) {
				if e.At == reopen {
					back = append(back, e)
				}
			}
			Expect(back).To(HaveLen(1))
			Expect(back[0].Process).To(Equal(2))

			done := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done).To(HaveLen(1))
			Expect(done[0].Code).To(BeZero())
			Expect(done[0].Bytes).To(Equal(int64(scenarios.RefImageSize)))
			wake := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wake).To(HaveLen(1))
			Expect(wake[0].At).To(Equal(done[0].At))

			got := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindSessionCallback, Callback: simulator.CbDidFinishDownloading})
			Expect(got).To(HaveLen(1))
			Expect(got[0].Process).To(Equal(2), "the process launched for the session's events")
			Expect(got[0].At).To(BeNumerically("<", reopen), "before the user opened the app again")
			Expect(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(1))
			Expect(sim.Files().Exists(appmodel.RefImagePath)).To(BeTrue())
			Expect(sim.Violations()).To(BeEmpty())
		})

		It("M6 fixed: no task is cancelled and nothing is reported with -999", func() {
			Expect(simulator.Select(sim.Trace(), simulator.Pattern{Code: int(appmodel.ErrCancelled)})).To(BeEmpty())
			Expect(sim.Sessions()).To(HaveLen(1))
			Expect(sim.Sessions()[0].Tasks[0].Err).To(BeNil())
		})
	})

	It("M1, M6, M12: the twins are in MistakeScenarios, runnable by name, and deterministic", func() {
		list := scenarios.MistakeScenarios()
		Expect(list).To(HaveLen(4))
		for _, b := range list {
			Expect(b.RefApp).To(BeTrue())
			s1, err := b.Run(simulator.Config{}, appmodel.Mistakes{})
			Expect(err).NotTo(HaveOccurred())
			s2, err := b.Run(simulator.Config{}, appmodel.Mistakes{})
			Expect(err).NotTo(HaveOccurred())
			Expect(s1.Trace()).To(Equal(s2.Trace()), b.Name)
			Expect(s1.Header().Scenario).To(Equal(b.Name))
		}
	})
})

var _ = Describe("M12: testing under the debugger, in the catalog", func() {
	It("M12, R-L8: tested-under-debugger delivers in-process with no wake; its fixed twin runs the relaunch path", func() {
		dbg, err := scenarios.TestedUnderDebugger(simulator.Config{}, appmodel.RefOptions{})
		Expect(err).NotTo(HaveOccurred())
		fixed, err := scenarios.TestedUnderDebuggerFixed(simulator.Config{}, appmodel.RefOptions{})
		Expect(err).NotTo(HaveOccurred())

		Expect(dbg.Config().DebuggerAttached).To(BeTrue())
		Expect(simulator.Select(dbg.Trace(), simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty())
		Expect(simulator.Select(dbg.Trace(), simulator.Pattern{Kind: simulator.KindHandlerCall})).To(BeEmpty())
		Expect(simulator.Select(dbg.Trace(), simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})).To(BeEmpty())
		Expect(dbg.Files().Exists(appmodel.RefImagePath)).To(BeTrue(), "it works under Xcode")
		Expect(dbg.Processes()).To(Equal(1))

		Expect(fixed.Config().DebuggerAttached).To(BeFalse())
		Expect(simulator.Select(fixed.Trace(), simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1))
		Expect(simulator.Select(fixed.Trace(), simulator.Pattern{Kind: simulator.KindHandlerCall})).To(HaveLen(1))
		Expect(fixed.Files().Exists(appmodel.RefImagePath)).To(BeTrue())
		Expect(fixed.Violations()).To(BeEmpty())
	})
})
