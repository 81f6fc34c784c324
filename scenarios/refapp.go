package scenarios

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// RefImageSize is the size of the reference app's image in the built-in
// scenarios: at the default 2 MB/s link it takes about 15 s, long enough
// for the app to be suspended, killed or force-quit while the daemon
// downloads it.
const RefImageSize = 30_000_000

// RunRefApp runs the reference app with opts through script: the network
// serves its image (RefImageSize, resumable) and its upload endpoint. It
// returns the simulation even on error, for its trace.
func RunRefApp(cfg simulator.Config, name string, opts appmodel.RefOptions, script []ScriptStep) (*simulator.Sim, error) {
	return RunRefAppOn(nil, cfg, name, opts, script)
}

// RunRefAppOn is RunRefApp on sim, reset with cfg (simulator.Sim.Reset),
// rather than on a new simulation, which it makes if sim is nil: for
// playing many runs one after another, with the simulation's memory
// allocated once. It returns sim.
func RunRefAppOn(sim *simulator.Sim, cfg simulator.Config, name string, opts appmodel.RefOptions, script []ScriptStep) (*simulator.Sim, error) {
	if cfg.Scenario == "" {
		cfg.Scenario = name
	}
	sim = resetOrNew(sim, cfg)
	url := opts.ImageURL
	if url == "" {
		url = appmodel.RefImageURL
	}
	if err := sim.Network().AddResource(url, fakes.Resource{
		Size: RefImageSize, ETag: `"monkey-v1"`, AcceptRanges: true,
	}); err != nil {
		return sim, fmt.Errorf("scenarios: %s: %w", name, err)
	}
	if err := sim.Network().AddResource(appmodel.RefUploadURL, fakes.Resource{Size: 200}); err != nil {
		return sim, fmt.Errorf("scenarios: %s: %w", name, err)
	}
	sim.Install(appmodel.NewRefApp(opts))
	return sim, RunScript(sim, script, 5*time.Second)
}
