package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// When the daemon does not wake the app: R-I6 and R-E3.
var _ = Describe("wakes the daemon refrains from", func() {
	It("R-I6: an app woken once that never recreated the session is not woken again for the same events", func() {
		env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Connect: dmConnectOnActivation, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.At(time.Second, sim.Home)
		env.At(8*time.Second, sim.MemoryPressureKill) // suspended at 6 s
		// Far beyond every relaunch delay the limiter could impose.
		env.RunTo(2 * time.Hour)

		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1))
		Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(HaveLen(1))
		Expect(env.ViolationsOf(simulator.RuleD4)).To(HaveLen(1))
		Expect(sim.Sessions()[0].QueuedEvents).To(Equal(2))
		Expect(sim.State()).To(Equal(appmodel.Suspended))

		// The user opens the app, which reconnects on activation: the events arrive.
		env.At(2*time.Hour, sim.Launch)
		env.RunTo(2*time.Hour + time.Second)
		Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})).To(HaveLen(1))
		Expect(sim.Sessions()[0].QueuedEvents).To(BeZero())
	})

	It("R-E3: the cancellations of a force-quit never wake the app, even after a user launch that did not reconnect", func() {
		env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Connect: dmConnectNever, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})...)
		sim := env.Sim()
		env.At(0, sim.Launch)
		env.At(time.Second, sim.ForceQuit)
		// The user launches the app, which does not recreate the session,
		// and leaves it: it is suspended with the -999 event still queued.
		env.At(10*time.Second, sim.Launch)
		env.At(11*time.Second, sim.Home)
		env.RunTo(time.Hour)

		Expect(sim.State()).To(Equal(appmodel.Suspended))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty())
		Expect(env.Events(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})).To(BeEmpty())
		Expect(sim.Sessions()[0].QueuedEvents).To(Equal(1))
		Expect(sim.Sessions()[0].Tasks[0].Err.Code).To(Equal(appmodel.ErrCancelled))
	})
})
