package explore

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Chaos scenarios: a random but reproducible story drawn from a seed. An
// app that does everything right starts downloads in one or two background
// sessions, and the script throws at it what a phone throws at a real one:
// dropped and stalled connections, server errors, outages, bandwidth and
// Wi-Fi/cellular changes, power changes, content republished on the
// server, the user going home and coming back, memory-pressure kills,
// crashes and force-quits, at random times. The run ends with the user
// opening the app, on Wi-Fi and charging, and lasts until every task has
// completed and been delivered (or a generous limit of virtual time).
// CheckChaos then says whether the platform kept its promises.

// ChaosScenario is the scenario name chaos runs record in their trace header.
const ChaosScenario = "chaos"

// ChaosOptions shape a chaos run. The zero value draws the counts from the
// seed and switches every kind of trouble off; AllChaos switches it all on.
type ChaosOptions struct {
	// Downloads is how many downloads the app starts (0: drawn from 1 to 8).
	Downloads int
	// Sessions is how many background sessions the downloads are spread
	// over, 1 or 2 (0: drawn, two in about a third of the seeds). The two
	// have different identifiers.
	Sessions int

	// Faults injects DropAtByte, DropAtTime, Stall and ServerError faults.
	Faults bool
	// Kills adds memory-pressure kills and crashes of the app.
	Kills bool
	// ForceQuits adds force-quits by the user (R-E3): every task is
	// cancelled and the app restarts its downloads from resume data.
	ForceQuits bool
	// Outages takes the device offline for a while, and back.
	Outages bool
	// BandwidthChanges changes the bandwidth and switches between Wi-Fi and
	// cellular.
	BandwidthChanges bool
	// PowerChanges changes the battery, charging and low-power mode.
	PowerChanges bool
	// ContentChanges republishes resources that have a validator with a
	// new one (and maybe a new size), so that resuming must start over
	// (R-G1).
	ContentChanges bool

	// Actions is how many random script actions there are (0: drawn from
	// 4 to 24), besides the ends of outages and the final launch.
	Actions int
	// Horizon is the span of virtual time the random actions fall in.
	// Default: about one and a half times what the downloads take at the
	// initial bandwidth, from 10 seconds to 15 minutes, so that the trouble
	// comes while they run.
	Horizon time.Duration
	// TimeLimit is how much virtual time after the script the run may take
	// to complete and deliver every task. Default 48 hours.
	TimeLimit time.Duration
	// EventBudget is the simulation's Config.EventBudget. Default 1,000,000.
	EventBudget int
	// Jitter is the simulation's Config.Jitter: the timings iOS does not
	// document (wake delay, latency per request, progress phase, order of
	// same-instant completions, launch time) are drawn from the seed too.
	Jitter bool
}

// AllChaos returns options with every kind of trouble switched on.
func AllChaos() ChaosOptions {
	return ChaosOptions{Faults: true, Kills: true, ForceQuits: true, Outages: true,
		BandwidthChanges: true, PowerChanges: true, ContentChanges: true}
}

// Defaults of ChaosOptions.
const (
	DefaultChaosTimeLimit   = 48 * time.Hour
	DefaultChaosEventBudget = 1_000_000
	// chaosTail is how long the run goes on once every task was delivered,
	// so that a late duplicate delivery would show.
	chaosTail = time.Minute
	// chaosMaxRestarts bounds how often the app restarts one download.
	chaosMaxRestarts = 50
)

// ChaosReport describes a chaos run: what was drawn, what the script did,
// and what the app saw.
type ChaosReport struct {
	Seed      uint64
	Options   ChaosOptions // with the drawn counts filled in
	Sessions  []ChaosSession
	Downloads []ChaosDownload
	// Faults lists the injected faults, in injection order.
	Faults []string
	// Steps is the script as it ran, in order.
	Steps []ChaosStep
	// Finished: every task completed and was delivered to the app within
	// the time limit.
	Finished bool
	// Elapsed is the virtual time the run took.
	Elapsed time.Duration
	// App is what the app saw.
	App ChaosAppView
}

// ChaosSession is one background session of the chaos app.
type ChaosSession struct {
	Identifier     string
	AllowsCellular bool
}

// ChaosDownload is one download the chaos app makes.
type ChaosDownload struct {
	Index   int
	Session string // the identifier of its session
	URL     string
	Path    string // where the app keeps the file, in its container
	// Versions are the contents published at URL, in order; a finished
	// download must hold exactly one of them.
	Versions []ChaosVersion
}

// ChaosVersion is one content of a resource: the Source its bytes carry in
// the file system (URL, or URL#validator) and its size.
type ChaosVersion struct {
	Source string
	Size   int64
}

// ChaosStep is one script action as it ran.
type ChaosStep struct {
	At   time.Duration
	Name string
	// Skipped says why the action did not apply ("" if it did): the user
	// cannot go home from an app that is not in the foreground, a
	// suspended app cannot crash, ...
	Skipped string
}

// ChaosTaskKey names a task: task identifiers are unique only within their
// session.
type ChaosTaskKey struct {
	Session string
	Task    int
}

// String is "session/task".
func (k ChaosTaskKey) String() string { return fmt.Sprintf("%s/%d", k.Session, k.Task) }

// ChaosAppView is what the chaos app saw, recorded by the harness outside
// the simulated process (unlike the app's memory, it survives relaunches).
type ChaosAppView struct {
	// Created counts the tasks the app made.
	Created int
	// Completions counts DidCompleteWithError calls per task, as the
	// session object and task the delegate received name them.
	Completions map[ChaosTaskKey]int
	// Finishes counts DidFinishDownloading calls per task.
	Finishes map[ChaosTaskKey]int
	// Wrong lists deliveries to a session or delegate the task does not
	// belong to (R-I1, R-I3).
	Wrong []string
	// MoveErrors lists downloads the app could not move into its
	// container (R-D6).
	MoveErrors []string
	// Final is the final state of each download by index: "done" or
	// "failed: <error>".
	Final map[int]string

	completions int
}

// ErrChaosPanic is matched (errors.Is) by the error of a chaos run that
// panicked; the message carries the panic and its stack.
var ErrChaosPanic = errors.New("scenarios: chaos run panicked")

// Chaos builds and runs the chaos scenario of seed. It returns the
// simulation (for its trace and files) and the report even when the run
// stopped with an error: an event budget exhausted, or a panic
// (ErrChaosPanic). Not finishing within the time limit is not an error:
// the report says so and CheckChaos reports it.
func Chaos(seed uint64, opts ChaosOptions) (sim *simulator.Sim, rep ChaosReport, err error) {
	return ChaosOn(nil, seed, opts)
}

// ChaosOn is Chaos on sim, reset for the run (simulator.Sim.Reset),
// rather than on a new simulation, which it makes if sim is nil: for
// running many seeds one after another, with the simulation's memory
// allocated once. It returns sim, whose trace and files are the run's
// until sim is reset again.
func ChaosOn(sim *simulator.Sim, seed uint64, opts ChaosOptions) (_ *simulator.Sim, rep ChaosReport, err error) {
	plan := newChaosPlan(seed, opts.resolve(seed))
	opts = plan.opts
	rep = ChaosReport{Seed: seed, Options: opts, Sessions: plan.sessions, Downloads: plan.downloads,
		App: ChaosAppView{Completions: map[ChaosTaskKey]int{}, Finishes: map[ChaosTaskKey]int{}, Final: map[int]string{}}}
	cfg := simulator.Config{Scenario: ChaosScenario, Seed: seed, Link: plan.link, EventBudget: opts.EventBudget, Jitter: opts.Jitter}
	if sim == nil {
		sim = simulator.New(cfg)
	} else {
		sim.Reset(cfg)
	}
	r := &chaosRun{sim: sim, plan: plan, rep: &rep, online: plan.link}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w (seed %d): %v\n%s", ErrChaosPanic, seed, p, debug.Stack())
		}
		rep.Elapsed = sim.Elapsed()
		rep.Downloads = plan.downloads
	}()
	if err := r.setup(); err != nil {
		return sim, rep, err
	}
	sim.Install(func() appmodel.AppDelegate { return &chaosApp{plan: plan, view: &rep.App} })
	err = r.run()
	return sim, rep, err
}

func (o ChaosOptions) resolve(seed uint64) ChaosOptions {
	rng := simulator.Rand(seed, "chaos-options")
	if o.Downloads <= 0 {
		o.Downloads = 1 + rng.IntN(8)
	}
	switch {
	case o.Sessions <= 0:
		o.Sessions = 1
		if rng.IntN(3) == 0 {
			o.Sessions = 2
		}
	case o.Sessions > 2:
		o.Sessions = 2
	}
	if o.Actions <= 0 {
		o.Actions = 4 + rng.IntN(21)
	}
	if o.TimeLimit <= 0 {
		o.TimeLimit = DefaultChaosTimeLimit
	}
	if o.EventBudget <= 0 {
		o.EventBudget = DefaultChaosEventBudget
	}
	return o
}

// chaosPlan is what the seed decided before the run: the app's sessions
// and downloads (its "bundle"), the resources and the initial link.
type chaosPlan struct {
	opts      ChaosOptions
	sessions  []ChaosSession
	downloads []ChaosDownload
	resources []fakes.Resource // by download index, as first published
	link      fakes.Link
}

// The chaos app's session identifiers.
var chaosIdentifiers = [...]string{"com.bgsim.chaos.Primary", "com.bgsim.chaos.Secondary"}

func newChaosPlan(seed uint64, opts ChaosOptions) *chaosPlan {
	rng := simulator.Rand(seed, "chaos-resources")
	p := &chaosPlan{opts: opts}
	for i := 0; i < opts.Sessions; i++ {
		p.sessions = append(p.sessions, ChaosSession{Identifier: chaosIdentifiers[i], AllowsCellular: rng.IntN(10) >= 3})
	}
	p.link = fakes.Link{Kind: fakes.WiFi, Bandwidth: chaosBandwidth(rng), Latency: time.Duration(20+rng.IntN(180)) * time.Millisecond}
	for i := 0; i < opts.Downloads; i++ {
		// Sizes from 64 KiB to 32 MiB, spread over the powers of two.
		base := int64(64<<10) << rng.IntN(9)
		size := base + rng.Int64N(base)
		res := fakes.Resource{Size: size}
		switch k := rng.IntN(20); {
		case k < 8: // ETag and ranges: resumable
			res.ETag, res.AcceptRanges = fmt.Sprintf(`"file-%d-v1"`, i), true
		case k < 11: // Last-Modified and ranges: resumable
			res.LastModified, res.AcceptRanges = simulator.DefaultStart.Add(-time.Duration(1+rng.IntN(1000))*time.Hour), true
		case k < 16: // no validator: every retry starts from 0 (R-G1)
			res.AcceptRanges = rng.IntN(2) == 0
		case k < 18: // a validator but no ranges
			res.ETag = fmt.Sprintf(`"file-%d-v1"`, i)
		default: // resumable, with no Content-Length (R-G3)
			res.ETag, res.AcceptRanges, res.NoContentLength = fmt.Sprintf(`"file-%d-v1"`, i), true, true
		}
		url := fmt.Sprintf("https://cdn%d.example.com/chaos/file-%d.bin", i%3, i)
		sess := p.sessions[rng.IntN(len(p.sessions))].Identifier
		p.downloads = append(p.downloads, ChaosDownload{Index: i, Session: sess, URL: url,
			Path:     fmt.Sprintf("/Documents/chaos/file-%d.bin", i),
			Versions: []ChaosVersion{{Source: chaosSource(url, res), Size: size}}})
		p.resources = append(p.resources, res)
	}
	if p.opts.Horizon <= 0 {
		var total int64
		for _, r := range p.resources {
			total += r.Size
		}
		secs := 3 * total / p.link.Bandwidth / 2
		p.opts.Horizon = time.Duration(min(max(secs, 10), 15*60)) * time.Second
	}
	return p
}

// chaosBandwidth draws a bandwidth from 50 kB/s to 2 MB/s.
func chaosBandwidth(rng *rand.Rand) int64 {
	return 50_000 * int64(1+rng.IntN(40))
}

// chaosSource is the Source the bytes of res at url carry: the URL and the
// validator the daemon keeps (see simulator's dtask.source).
func chaosSource(url string, res fakes.Resource) string {
	switch {
	case res.ETag != "":
		return url + "#" + res.ETag
	case !res.LastModified.IsZero():
		return url + "#" + res.LastModified.UTC().Format(http.TimeFormat)
	}
	return url
}
