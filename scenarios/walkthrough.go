package scenarios

import (
	"fmt"
	"time"

	"bgsim/appmodel"
	"bgsim/fakes"
	"bgsim/simulator"
)

// WalkthroughImageSize is the size of the walkthrough's image: at the
// default 2 MB/s link it takes about 15 s, long enough for the app to be
// suspended and killed while the daemon downloads it.
const WalkthroughImageSize = 30_000_000

// WalkthroughScript is the user's and the system's part of the walkthrough.
var WalkthroughScript = []Step{
	{At: 0, Name: "the user launches the app; it starts the download", Do: Launch},
	{At: 4 * time.Second, Name: "the user goes to the home screen", Do: Home},
	{At: 12 * time.Second, Name: "iOS reclaims the suspended app's memory", Do: MemoryPressureKill},
	{At: 90 * time.Second, Name: "the user opens the app again", Do: Launch},
}

// Walkthrough runs the seed walkthrough ("Background Transfer and
// NSURLSession in Xamarin.iOS") end to end: the download starts in the
// foreground, the user goes home, the app is suspended and then killed for
// memory, the daemon finishes the download, relaunches the app into the
// background, the app reconnects and receives its events, calls the
// completion handler, and is suspended; later the user opens it and sees
// the image. It returns the simulation even on error, for its trace.
func Walkthrough(cfg simulator.Config, opts appmodel.RefOptions) (*simulator.Sim, error) {
	if cfg.Scenario == "" {
		cfg.Scenario = "seed-walkthrough"
	}
	sim := simulator.New(cfg)
	if err := sim.Network().AddResource(appmodel.RefImageURL, fakes.Resource{
		Size: WalkthroughImageSize, ETag: `"monkey-v1"`, AcceptRanges: true,
	}); err != nil {
		return sim, fmt.Errorf("scenarios: walkthrough: %w", err)
	}
	if err := sim.Network().AddResource(appmodel.RefUploadURL, fakes.Resource{Size: 200}); err != nil {
		return sim, fmt.Errorf("scenarios: walkthrough: %w", err)
	}
	sim.Install(appmodel.NewRefApp(opts))
	return sim, RunScript(sim, WalkthroughScript, 5*time.Second)
}
