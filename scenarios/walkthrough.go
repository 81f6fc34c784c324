package scenarios

import (
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// WalkthroughImageSize is the size of the walkthrough's image.
const WalkthroughImageSize = RefImageSize

// WalkthroughScript is the user's and the system's part of the walkthrough.
var WalkthroughScript = []ScriptStep{
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
	return RunRefApp(cfg, "seed-walkthrough", opts, WalkthroughScript)
}
