package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// When the daemon does not wake the app: R-I6 and R-E3.
var _ = Describe("wakes the daemon refrains from", func() {
	It("R-I6: an app woken once that never recreated the session is not woken again for the same events", func() {
		sim := dmNew(simulator.Config{})
		dmInstall(sim, dmOpts{Connect: dmConnectOnActivation, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
		dmBackgroundKilled(sim)
		// Far beyond every relaunch delay the limiter could impose.
		dmUntil(sim, 2*time.Hour)

		Expect(dmSelect(sim, dmKind(simulator.KindRelaunch))).To(HaveLen(1))
		Expect(dmSelect(sim, dmCallback("HandleEventsForBackgroundURL"))).To(HaveLen(1))
		Expect(dmViolations(sim, simulator.RuleD4)).To(HaveLen(1))
		Expect(sim.Sessions()[0].QueuedEvents).To(Equal(2))
		Expect(sim.State()).To(Equal(appmodel.Suspended))

		// The user opens the app, which reconnects on activation: the events arrive.
		dmAt(sim, 2*time.Hour, sim.Launch)
		dmUntil(sim, 2*time.Hour+time.Second)
		Expect(dmSelect(sim, dmCallback("DidCompleteWithError"))).To(HaveLen(1))
		Expect(sim.Sessions()[0].QueuedEvents).To(BeZero())
	})

	It("R-E3: the cancellations of a force-quit never wake the app, even after a user launch that did not reconnect", func() {
		sim := dmNew(simulator.Config{})
		dmInstall(sim, dmOpts{Connect: dmConnectNever, Downloads: []dmDownload{{URL: dmBig, Desc: "alpha"}}})
		dmAt(sim, 0, sim.Launch)
		dmAt(sim, time.Second, sim.ForceQuit)
		// The user launches the app, which does not recreate the session,
		// and leaves it: it is suspended with the -999 event still queued.
		dmAt(sim, 10*time.Second, sim.Launch)
		dmAt(sim, 11*time.Second, sim.Home)
		dmUntil(sim, time.Hour)

		Expect(sim.State()).To(Equal(appmodel.Suspended))
		Expect(dmSelect(sim, dmKind(simulator.KindRelaunch))).To(BeEmpty())
		Expect(dmSelect(sim, dmCallback("HandleEventsForBackgroundURL"))).To(BeEmpty())
		Expect(sim.Sessions()[0].QueuedEvents).To(Equal(1))
		Expect(sim.Sessions()[0].Tasks[0].Err.Code).To(Equal(appmodel.ErrCancelled))
	})
})
