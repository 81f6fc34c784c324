package bdd_test

import (
	"fmt"
	"time"

	"github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios/bdd"
	"github.com/bgsim/bgsim/simulator"
)

// The matchers work in any Gomega, not only in a Ginkgo suite: here a
// Gomega that prints its failures. The reference app forgets to call the
// completion handler (mistake M4); the matchers say so with virtual times,
// rule IDs and the trace where it went wrong.
func Example() {
	g := gomega.NewGomega(func(message string, _ ...int) { fmt.Println(message) })

	sim := simulator.New(simulator.Config{})
	_ = sim.Network().AddResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000})
	sim.Install(appmodel.NewRefApp(appmodel.RefOptions{Mistakes: appmodel.Mistakes{ForgetCompletionHandler: true}}))
	_ = sim.Launch()
	_ = sim.RunFor(2 * time.Second)
	_ = sim.Home()
	_ = sim.RunFor(10 * time.Second) // suspended at T+00:07
	_ = sim.MemoryPressureKill()
	_ = sim.RunFor(time.Hour)

	g.Expect(sim).To(bdd.HaveRelaunched(1))                           // passes: prints nothing
	g.Expect(sim).To(bdd.HaveTaskOutcome("image-1", bdd.Succeeded())) // passes
	g.Expect(sim).To(bdd.HaveCalledCompletionHandler(appmodel.RefSessionIdentifier))
	// Output:
	// Expected the completion handler of session com.SimpleBackgroundTransfer.BackgroundSession to be called once, on the main thread, after DidFinishEventsForBackgroundSession, at each of its 1 wake(s).
	// At the wake of T+00:15.050 (#42) (HandleEventsForBackgroundURL in process 2): DidFinishEventsForBackgroundSession came at T+00:15.050 (#48), but the handler was never called (R-D4)
	// The trace there:
	//       ... 43 earlier events
	//     #44   T+00:15.050   app     DidFinishDownloading task 1 "image-1": /tmp/CFNetworkDownload_000001.tmp on delegate [R-D2]
	//     #45   T+00:15.050   app     log [delegate]: moved the download to /Documents/monkey.png
	//     #46   T+00:15.050   app     DidCompleteWithError task 1 "image-1": nil on delegate   [R-D2]
	//     #47   T+00:15.050   app     log [delegate]: task 1 complete
	//   > #48   T+00:15.050   app     DidFinishEventsForBackgroundSession session com.SimpleBackgroundTransfer.BackgroundSession on delegate [R-D3]
	//     #49   T+00:15.050   app     log [delegate]: DidFinishEventsForBackgroundSession: not calling the completion handler
	//     #50   T+00:45.050   system  VIOLATION: the completion handler of session com.SimpleBackgroundTransfer.BackgroundSession was never called within 30s; the app is suspended [R-D4]
	//     #51   T+00:45.050   system  background → suspended (suspend)                         [R-L3]
}
