package simulator_test

// Specs of R-L9 (an app update: a system kill of the app, transfers go on,
// the container may move) and of mistake M14 (persisting absolute paths)
// with its fixed twin.

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// upd returns the action of an app update with opts.
func upd(sim *simulator.Sim, opts simulator.UpdateOptions) func() error {
	return func() error { return sim.UpdateApp(opts) }
}

var _ = Describe("R-L9: an app update", func() {
	It("R-L9: terminates the suspended app as a system kill (no WillTerminate), the transfer goes on, and the new version is launched into the background to receive it", func() {
		fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }})
		fx.at(0, fx.sim.Launch)
		fx.at(2*time.Second, fx.sim.Home)
		fx.until(8 * time.Second)
		Expect(fx.sim.State()).To(Equal(appmodel.Suspended))
		newVersion := 0
		v2 := fx.factory()
		fx.at(8*time.Second, upd(fx.sim, simulator.UpdateOptions{Factory: func() appmodel.AppDelegate { newVersion++; return v2() }}))
		Expect(fx.sim.LastTermination()).To(Equal(simulator.TermAppUpdate))
		fx.until(5 * time.Minute)

		Expect(fx.events(rlCallback(simulator.CbWillTerminate))).To(BeEmpty(), "a suspended app runs no code (R-L7)")
		term := fx.one(rlKind(simulator.KindTerminate))
		Expect(term.Reason).To(Equal(string(simulator.TermAppUpdate)))
		Expect(fx.events(rlKind(simulator.KindTransferRetry))).To(BeEmpty(), "the daemon's transfer did not notice (R-E2)")
		Expect(newVersion).To(Equal(1), "the updated app was launched once")
		Expect(fx.sim.Processes()).To(Equal(2))
		Expect(fx.one(rlKind(simulator.KindLaunch), func(e simulator.Event) bool { return e.Process == 2 }).Reason).To(Equal("url-session"))
		Expect(fx.completion("d").Instance).To(Equal(2))
		Expect(fx.completion("d").Err).To(BeNil())
		Expect(fx.sim.Files().Exists(rlDocument("d"))).To(BeTrue())
	})

	It("R-L9: a running app gets WillTerminate (R-L7); an app that is not running is only updated", func() {
		fx := rlStd(simulator.Config{}, rlSpec{})
		fx.at(0, fx.sim.Launch)
		fx.at(time.Second, fx.sim.Home)
		fx.at(2*time.Second, upd(fx.sim, simulator.UpdateOptions{}))
		Expect(fx.events(rlCallback(simulator.CbWillTerminate))).To(HaveLen(1))
		fx.at(time.Minute, upd(fx.sim, simulator.UpdateOptions{}))
		Expect(fx.events(rlKind(simulator.KindTerminate))).To(HaveLen(1), "nothing to terminate the second time")
		Expect(fx.events(rlRule(simulator.RuleL9), rlKind(simulator.KindSystem))).To(HaveLen(2))
	})

	It("R-L9: with MoveContainer the container gets a new absolute path: the files move with it, paths under the old one no longer resolve", func() {
		fx := rlStd(simulator.Config{}, rlSpec{})
		files := fx.sim.Files()
		old := files.HomeDirectory()
		Expect(old).To(HavePrefix("/var/mobile/Containers/Data/Application/"))
		Expect(simulator.New(simulator.Config{}).Files().HomeDirectory()).To(Equal(old), "the same seed names the same container")
		Expect(files.Write(old + "/Documents/a.txt")).To(Succeed())
		fx.at(time.Second, upd(fx.sim, simulator.UpdateOptions{MoveContainer: true}))

		home := files.HomeDirectory()
		Expect(home).NotTo(Equal(old))
		Expect(home).To(HavePrefix("/var/mobile/Containers/Data/Application/"))
		Expect(files.Exists(home + "/Documents/a.txt")).To(BeTrue())
		Expect(files.Exists(old + "/Documents/a.txt")).To(BeFalse())
		moved := fx.one(rlKind(simulator.KindSystem), func(e simulator.Event) bool { return e.To == home })
		Expect(moved.From).To(Equal(old))
		Expect(moved.Rule).To(Equal(simulator.RuleL9))
	})

	It("R-L9: is refused with an error when no app is installed", func() {
		Expect(simulator.New(simulator.Config{}).UpdateApp(simulator.UpdateOptions{})).To(MatchError(simulator.ErrNoApp))
	})
})

var _ = Describe("M14 PersistAbsolutePath (R-L9)", func() {
	// story: the image downloads in the foreground, the user leaves the
	// app, it is updated overnight (the container moves if move), and the
	// user opens it the next morning.
	story := func(m appmodel.Mistakes, move bool) *simulator.Sim {
		GinkgoHelper()
		sim := rlRef(simulator.Config{}, appmodel.RefOptions{Mistakes: m})
		rlRun(sim, 0, sim.Launch)
		rlRun(sim, time.Minute, sim.Home)
		rlRun(sim, 8*time.Hour, upd(sim, simulator.UpdateOptions{MoveContainer: move}))
		rlRun(sim, 9*time.Hour, sim.Launch)
		rlRun(sim, 9*time.Hour+time.Minute, nil)
		return sim
	}
	uiAfterUpdate := func(sim *simulator.Sim) []string {
		var out []string
		for _, e := range rlEvents(sim, rlKind(simulator.KindUI), func(e simulator.Event) bool { return e.Process == 2 }) {
			out = append(out, e.Detail)
		}
		return out
	}

	It("M14 PersistAbsolutePath (R-L9): the image's absolute path, saved by the old install, does not resolve after the container moved: a placeholder", func() {
		sim := story(appmodel.Mistakes{PersistAbsolutePath: true}, true)
		Expect(uiAfterUpdate(sim)).To(Equal([]string{"shows a placeholder: the saved image is missing"}))
		logs := rlEvents(sim, rlKind(simulator.KindLog), func(e simulator.Event) bool {
			return strings.HasPrefix(e.Detail, "could not open the saved image")
		})
		Expect(logs).To(HaveLen(1))
		Expect(logs[0].Detail).To(ContainSubstring("the container moved"))
		Expect(rlRefImages(sim)).To(Equal([]string{appmodel.RefImagePath}), "the file itself is still there")
	})

	It("M14 PersistAbsolutePath (R-L9): the mistake is invisible until the container moves (an update that keeps it, or a test on the same install)", func() {
		sim := story(appmodel.Mistakes{PersistAbsolutePath: true}, false)
		Expect(uiAfterUpdate(sim)).To(Equal([]string{"shows 1 downloaded image(s)"}))
	})

	It("M14 fixed (R-L9): the path persisted relative to the container is joined to the new home directory: the image shows", func() {
		sim := story(appmodel.Mistakes{}, true)
		Expect(uiAfterUpdate(sim)).To(Equal([]string{"shows 1 downloaded image(s)"}))
		Expect(sim.Defaults().String("ImagePath")).To(Equal("Documents/monkey.png"))
	})
})
