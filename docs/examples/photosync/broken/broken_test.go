//go:build broken

package broken_test

import (
	"testing"
	"time"

	photosync "example.com/photosync/broken"
	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios/bdd"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestPhotoSync(t *testing.T) { RegisterFailHandler(Fail); RunSpecs(t, "PhotoSync, broken") }

var _ = Describe("PhotoSync", func() {
	bdd.ItBehavesLikeABackgroundTransferApp(photosync.New, bdd.AppOptions{
		Session: photosync.SessionID, Serve: photosync.Serve,
		Start: func(a appmodel.AppDelegate) { a.(*photosync.App).SyncNow() },
	})

	Context("killed for memory while it syncs in the background", func() {
		var env *simtest.Env
		BeforeEach(func() { // simtest logs the whole trace if a spec fails
			env = simtest.New(GinkgoTB(), simtest.WithApp(photosync.New))
			sim := env.Sim()
			Expect(photosync.Serve(sim.Network())).To(Succeed())
			env.Do(sim.Launch)
			env.App(1).InvokeOnMainThread(env.Model(1).(*photosync.App).SyncNow) // the user taps Sync
			env.At(2*time.Second, sim.Home)
			env.At(10*time.Second, sim.MemoryPressureKill) // suspended at T+7 s
			env.RunUntilWakeHandled(time.Hour)
		})

		It("R-E2: is relaunched once, in the background, and suspended again", func() {
			Expect(env).To(bdd.HaveRelaunched(1))
			Expect(env).To(bdd.BeInState(appmodel.Suspended))
		})
		It("R-I3, R-D2: reconnects by the same identifier; the events come after HandleEvents", func() {
			Expect(env).To(bdd.HaveEventsInOrder(
				bdd.Launch(appmodel.LaunchURLSession, bdd.InProcess(2)),
				bdd.Connect(photosync.SessionID, bdd.InProcess(2)),
				bdd.Callback(simulator.CbHandleEventsForBackgroundURL, bdd.Session(photosync.SessionID)),
				bdd.Callback(simulator.CbDidCompleteWithError, bdd.Desc("photo-3"), bdd.InProcess(2)),
				bdd.Callback(simulator.CbDidFinishEventsForBackgroundSession, bdd.InProcess(2))))
		})
		DescribeTable("R-S1: every transfer finishes in the daemon and reaches the app",
			func(task string) { Expect(env).To(bdd.HaveTaskOutcome(task, bdd.Succeeded())) },
			Entry(nil, "photo-1"), Entry(nil, "photo-2"), Entry(nil, "photo-3"), Entry(nil, "manifest"))
		It("R-D9: the server took photo-2 with 201 Created", func() { Expect(env).To(bdd.HaveTaskOutcome("photo-2", bdd.Outcome{Delivered: true, Status: 201})) })
		It("R-D6: keeps the manifest", func() { Expect(env).To(bdd.HaveNoEvent(bdd.FileDeleted())) })
		It("R-D3, R-D4: calls the completion handler once, on main, after DidFinishEvents", func() { Expect(env).To(bdd.HaveCalledCompletionHandler(photosync.SessionID)) })
		It("breaks no rule of the platform", func() { Expect(env).To(bdd.HaveNoViolations()) })
	})
})
