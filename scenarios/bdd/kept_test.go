package bdd_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios/bdd"
)

// A file the daemon deletes after DidFinishDownloading returned is lost
// to the app, yet its task succeeded and was delivered, and no rule was
// broken: only Kept tells the two apart.
var _ = Describe("HaveTaskOutcome with Kept", func() {
	It("R-D6, M5: fails for a download whose file was deleted, though it succeeded and was delivered", func() {
		sim := killedWhileSuspended(appmodel.RefOptions{Mistakes: appmodel.Mistakes{ReadFileAfterReturn: true}})
		Expect(sim).To(bdd.HaveTaskOutcome("image-1", bdd.Succeeded()))
		Expect(sim).NotTo(bdd.HaveNoEvent(bdd.FileDeleted()))
		msg := failureOf(bdd.HaveTaskOutcome("image-1", bdd.SucceededAndKept()), sim)
		Expect(msg).To(ContainSubstring("to end with success, delivered to the app, its file kept by the app, but it completed"))
		Expect(msg).To(MatchRegexp(`the daemon deleted its file at T\+[\d:.]+ \(#\d+\): deleted .*: DidFinishDownloading returned without moving it`))
		Expect(msg).To(ContainSubstring("move it before returning, R-D6"))
		Expect(msg).To(ContainSubstring("bgsim explain M5"))
	})

	It("R-D6: succeeds for a download the app moved before DidFinishDownloading returned", func() {
		sim := killedWhileSuspended(appmodel.RefOptions{})
		Expect(sim).To(bdd.HaveTaskOutcome("image-1", bdd.SucceededAndKept()))
		Expect(sim).To(bdd.HaveTaskOutcome("image-1", bdd.Outcome{Delivered: true, Kept: true, Status: 200}))
	})
})
