package simulator_test

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// The story of a background download: the user starts it, goes to the home
// screen, iOS suspends the app and later reclaims its memory; the daemon
// finishes the download anyway, relaunches the app in the background and
// hands the file over.
func ExampleSim() {
	sim := simulator.New(simulator.Config{Seed: 1})
	_ = sim.Network().AddResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true})
	sim.Install(appmodel.NewRefApp(appmodel.RefOptions{})) // or your own appmodel.Factory

	_ = sim.Launch() // the user taps the icon; the app starts its download
	_ = sim.RunFor(4 * time.Second)
	_ = sim.Home()                  // the user goes to the home screen
	_ = sim.RunFor(6 * time.Second) // 5 s later the app is suspended
	_ = sim.MemoryPressureKill()    // iOS reclaims the suspended app's memory
	_ = sim.RunFor(time.Minute)     // the daemon finishes and relaunches the app

	// The relaunched process's story, without the progress and the logs.
	story := []simulator.Kind{simulator.KindTransition, simulator.KindTerminate, simulator.KindRelaunch,
		simulator.KindAppCallback, simulator.KindSessionCallback, simulator.KindHandlerCall, simulator.KindViolation}
	var lines []simulator.Event
	for _, e := range sim.Trace() {
		if e.At >= 9*time.Second && slices.Contains(story, e.Kind) && e.Callback != simulator.CbDidWriteData {
			lines = append(lines, e)
		}
	}
	_ = simulator.RenderText(os.Stdout, lines, simulator.TextOptions{})
	fmt.Println("image in the container:", sim.Files().Exists(appmodel.RefImagePath))
	fmt.Println("violations:", sim.Violations())
	// Output:
	// T+00:09.000   system  background → suspended (suspend)                         [R-L3]
	// T+00:10.000   system  suspended → terminated (system-kill)                     [R-L7]
	// T+00:10.000   system  process 1 ends: memory-pressure (the system reclaimed memory) [R-L6]
	// T+00:15.050   daemon  launches the app into the background: all tasks of session com.SimpleBackgroundTransfer.BackgroundSession are done; 2 events wait [R-D1]
	// T+00:15.050   system  terminated → background (background-launch)              [R-L2]
	// T+00:15.050   app     FinishedLaunching(url-session) on main                   [R-L2]
	// T+00:15.050   app     HandleEventsForBackgroundUrl session com.SimpleBackgroundTransfer.BackgroundSession on main [R-D2]
	// T+00:15.050   app     DidFinishDownloading task 1 "image-1": /tmp/CFNetworkDownload_000001.tmp on delegate [R-D2]
	// T+00:15.050   app     DidCompleteWithError task 1 "image-1": nil on delegate   [R-D2]
	// T+00:15.050   app     DidFinishEventsForBackgroundSession session com.SimpleBackgroundTransfer.BackgroundSession on delegate [R-D3]
	// T+00:15.050   app     calls the completion handler of session com.SimpleBackgroundTransfer.BackgroundSession on main [R-D4]
	// T+00:15.050   system  background → suspended (suspend)                         [R-L3]
	// image in the container: true
	// violations: []
}
