package simulator_test

import (
	"net/http"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// truthRun runs the reference app through the walkthrough's story: launch
// (it starts the 30 MB download), home at 4 s, killed for memory at 12 s,
// then a minute and a half of virtual time for the relaunch.
func truthRun(o appmodel.RefOptions) *simtest.Env {
	GinkgoHelper()
	env := simtest.New(GinkgoTB(), simtest.WithPower(simulator.DefaultPower), simtest.WithApp(appmodel.NewRefApp(o)),
		simtest.WithResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000, ETag: `"monkey-v1"`, AcceptRanges: true}))
	sim := env.Sim()
	env.At(0, sim.Launch)
	env.At(4*time.Second, sim.Home)
	env.At(12*time.Second, sim.MemoryPressureKill)
	env.RunTo(90 * time.Second)
	return env
}

// The narration is generated from what happened, so it never says the
// opposite of the trace line above it.
var _ = Describe("narration that tells the truth", func() {
	It("R-I3: a different identifier at relaunch is a new, empty session, and the narration says the old events stay queued", func() {
		env := truthRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{WrongIdentifierOnRelaunch: true}})
		conns := env.Events(simulator.Pattern{Kind: simulator.KindConnect})
		Expect(conns).To(HaveLen(2))
		Expect(conns[1].Detail).To(HavePrefix("a new, empty session"))
		Expect(conns[1].Detail).To(ContainSubstring("session " + appmodel.RefSessionIdentifier + " still has 0 tasks under way and 2 events waiting"))
		n := simulator.Narrate(conns[1])
		Expect(n).To(ContainSubstring("A different identifier makes a new, empty session"))
		Expect(n).To(ContainSubstring("stay queued"))
		Expect(n).NotTo(ContainSubstring("reconnects the app to its transfers"))
	})

	It("R-I3: the same identifier at relaunch reconnects, and counts what waits with the right plural", func() {
		env := truthRun(appmodel.RefOptions{})
		conns := env.Events(simulator.Pattern{Kind: simulator.KindConnect})
		Expect(conns).To(HaveLen(2))
		Expect(conns[0].Detail).To(Equal("a new, empty session"))
		Expect(conns[1].Detail).To(Equal("0 tasks under way, 2 events waiting"))
		Expect(simulator.Narrate(conns[1])).To(ContainSubstring("same identifier reconnects"))
	})

	It("R-D1: the narration of HandleEventsForBackgroundURL says what the app must do, not that it recreated a session it had already made", func() {
		env := truthRun(appmodel.RefOptions{})
		// The reference app reconnects in FinishedLaunching, before the
		// call: the narration must not claim the call recreates it.
		conns := env.Events(simulator.Pattern{Kind: simulator.KindConnect})
		call := env.First(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
		Expect(conns[1].Seq).To(BeNumerically("<", call.Seq))
		n := simulator.Narrate(call)
		Expect(n).NotTo(ContainSubstring("recreates the session"))
		Expect(n).To(ContainSubstring("must keep the handler"))
		Expect(n).To(ContainSubstring("unless it still has a session with this identifier or has already made it again"))
	})

	It("counts one of a thing in the singular", func() {
		env := truthRun(appmodel.RefOptions{Mistakes: appmodel.Mistakes{CallHandlerEarly: true}})
		Expect(env.ViolationsOf(simulator.RuleD4)[0].Detail).To(ContainSubstring("1 event not yet delivered"))
		var b strings.Builder
		Expect(simulator.RenderText(&b, env.Sim().Trace(), simulator.TextOptions{Narrate: true})).To(Succeed())
		Expect(b.String()).NotTo(MatchRegexp(`\b1 (events|tasks)\b`))
	})

	It("R-D9: a finished upload reports the bytes it sent, not 0 bytes", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { upStart(a, 4_000_000) }})...)
		Expect(env.Sim().Network().AddResource(upURL, fakes.Resource{Status: http.StatusCreated})).To(Succeed())
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)
		done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
		Expect(done.Total).To(Equal(int64(4_000_000)))
		Expect(simulator.Describe(done)).To(HaveSuffix("completes: 4000000 bytes sent"))
	})
})
