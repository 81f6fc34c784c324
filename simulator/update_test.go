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
	"github.com/bgsim/bgsim/simulator/simtest"
)

// upd returns the action of an app update with opts.
func upd(sim *simulator.Sim, opts simulator.UpdateOptions) func() error {
	return func() error { return sim.UpdateApp(opts) }
}

var _ = Describe("R-L9: an app update", func() {
	It("R-L9: terminates the suspended app as a system kill (no WillTerminate), the transfer goes on, and the new version is launched into the background to receive it", func() {
		spec := rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }}
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, spec)...)
		env.At(0, env.Sim().Launch)
		env.At(2*time.Second, env.Sim().Home)
		env.RunTo(8 * time.Second)
		Expect(env.Sim().State()).To(Equal(appmodel.Suspended))
		newVersion := 0
		v2 := env.Record(rlFactory(spec))
		env.At(8*time.Second, upd(env.Sim(), simulator.UpdateOptions{Factory: func() appmodel.AppDelegate { newVersion++; return v2() }}))
		Expect(env.Sim().LastTermination()).To(Equal(simulator.TermAppUpdate))
		env.RunTo(5 * time.Minute)

		Expect(env.Events(simulator.Pattern{Callback: simulator.CbWillTerminate})).To(BeEmpty(), "a suspended app runs no code (R-L7)")
		term := env.One(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(term.Reason).To(Equal(string(simulator.TermAppUpdate)))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferRetry})).To(BeEmpty(), "the daemon's transfer did not notice (R-E2)")
		Expect(newVersion).To(Equal(1), "the updated app was launched once")
		Expect(env.Sim().Processes()).To(Equal(2))
		Expect(env.One(simulator.Pattern{Kind: simulator.KindLaunch, Process: 2}).Reason).To(Equal("url-session"))
		Expect(env.Completion("d").Process).To(Equal(2))
		Expect(env.Completion("d").Err).To(BeNil())
		Expect(env.Sim().Files().Exists(rlDocument("d"))).To(BeTrue())
	})

	It("R-L9: a running app gets WillTerminate (R-L7); an app that is not running is only updated", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.At(2*time.Second, upd(env.Sim(), simulator.UpdateOptions{}))
		Expect(env.Events(simulator.Pattern{Callback: simulator.CbWillTerminate})).To(HaveLen(1))
		env.At(time.Minute, upd(env.Sim(), simulator.UpdateOptions{}))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTerminate})).To(HaveLen(1), "nothing to terminate the second time")
		Expect(env.Events(simulator.Pattern{Rule: simulator.RuleL9, Kind: simulator.KindSystem})).To(HaveLen(2))
	})

	It("R-L9: with MoveContainer the container gets a new absolute path: the files move with it, paths under the old one no longer resolve", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{})...)
		files := env.Sim().Files()
		old := files.HomeDirectory()
		Expect(old).To(HavePrefix("/var/mobile/Containers/Data/Application/"))
		Expect(simulator.New(simulator.Config{}).Files().HomeDirectory()).To(Equal(old), "the same seed names the same container")
		Expect(files.Write(old + "/Documents/a.txt")).To(Succeed())
		env.At(time.Second, upd(env.Sim(), simulator.UpdateOptions{MoveContainer: true}))

		home := files.HomeDirectory()
		Expect(home).NotTo(Equal(old))
		Expect(home).To(HavePrefix("/var/mobile/Containers/Data/Application/"))
		Expect(files.Exists(home + "/Documents/a.txt")).To(BeTrue())
		Expect(files.Exists(old + "/Documents/a.txt")).To(BeFalse())
		Expect(home).NotTo(BeEmpty())
		moved := env.One(simulator.Pattern{Kind: simulator.KindSystem, To: home})
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
	story := func(m appmodel.Mistakes, move bool) *simtest.Env {
		GinkgoHelper()
		env := rlRef(simulator.Config{}, appmodel.RefOptions{Mistakes: m})
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.At(time.Minute, sim.Home)
		env.At(8*time.Hour, upd(sim, simulator.UpdateOptions{MoveContainer: move}))
		env.At(9*time.Hour, sim.Launch)
		env.RunTo(9*time.Hour + time.Minute)
		return env
	}
	uiAfterUpdate := func(env *simtest.Env) []string {
		var out []string
		for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindUI, Process: 2}) {
			out = append(out, e.Detail)
		}
		return out
	}

	It("M14 PersistAbsolutePath (R-L9): the image's absolute path, saved by the old install, does not resolve after the container moved: a placeholder", func() {
		env := story(appmodel.Mistakes{PersistAbsolutePath: true}, true)
		Expect(uiAfterUpdate(env)).To(Equal([]string{"shows a placeholder: the saved image is missing"}))
		logs := env.EventsWhere(simulator.Pattern{Kind: simulator.KindLog}, func(e simulator.Event) bool {
			return strings.HasPrefix(e.Detail, "could not open the saved image")
		})
		Expect(logs).To(HaveLen(1))
		Expect(logs[0].Detail).To(ContainSubstring("the container moved"))
		Expect(rlRefImages(env)).To(Equal([]string{appmodel.RefImagePath}), "the file itself is still there")
	})

	It("M14 PersistAbsolutePath (R-L9): the mistake is invisible until the container moves (an update that keeps it, or a test on the same install)", func() {
		env := story(appmodel.Mistakes{PersistAbsolutePath: true}, false)
		Expect(uiAfterUpdate(env)).To(Equal([]string{"shows 1 downloaded image(s)"}))
	})

	It("M14 fixed (R-L9): the path persisted relative to the container is joined to the new home directory: the image shows", func() {
		env := story(appmodel.Mistakes{}, true)
		Expect(uiAfterUpdate(env)).To(Equal([]string{"shows 1 downloaded image(s)"}))
		Expect(env.Sim().Defaults().String("ImagePath")).To(Equal("Documents/monkey.png"))
	})

	It("M14 fixed (R-L9): an image saved under a relative path and then lost is reported, under its path in the container", func() {
		env := rlRef(simulator.Config{}, appmodel.RefOptions{})
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.At(time.Minute, sim.Home)
		env.At(8*time.Hour, upd(sim, simulator.UpdateOptions{MoveContainer: true}))
		env.At(8*time.Hour+time.Second, func() error { return sim.Files().Remove(appmodel.RefImagePath) })
		env.At(9*time.Hour, sim.Launch)
		env.RunTo(9*time.Hour + time.Minute)
		Expect(uiAfterUpdate(env)).To(Equal([]string{"shows a placeholder: the saved image is missing"}))
		logs := env.EventsWhere(simulator.Pattern{Kind: simulator.KindLog}, func(e simulator.Event) bool {
			return strings.HasPrefix(e.Detail, "could not open the saved image")
		})
		Expect(logs).To(HaveLen(1))
		Expect(logs[0].Detail).To(Equal("could not open the saved image: fakes: open " + appmodel.RefImagePath + ": file does not exist"))
	})
})
