package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"bgsim/appmodel"
	"bgsim/fakes"
	"bgsim/simulator"
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
	plan := newChaosPlan(seed, opts.resolve(seed))
	opts = plan.opts
	rep = ChaosReport{Seed: seed, Options: opts, Sessions: plan.sessions, Downloads: plan.downloads,
		App: ChaosAppView{Completions: map[ChaosTaskKey]int{}, Finishes: map[ChaosTaskKey]int{}, Final: map[int]string{}}}
	sim = simulator.New(simulator.Config{Scenario: ChaosScenario, Seed: seed, Link: plan.link, EventBudget: opts.EventBudget})
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

// chaosRun is the script's state while it runs.
type chaosRun struct {
	sim     *simulator.Sim
	plan    *chaosPlan
	rep     *ChaosReport
	actions []chaosAction
	online  fakes.Link // the link when no outage is on
	outages int        // outages in progress
	err     error      // the first unexpected error of an action
}

type chaosAction struct {
	at   time.Duration
	name string
	do   func() string // "" or why it was skipped
}

func (r *chaosRun) add(at time.Duration, name string, do func() string) {
	r.actions = append(r.actions, chaosAction{at: at, name: name, do: do})
}

// setup publishes the resources, injects the faults and draws the script.
func (r *chaosRun) setup() error {
	net := r.sim.Network()
	for i, d := range r.plan.downloads {
		if err := net.AddResource(d.URL, r.plan.resources[i]); err != nil {
			return fmt.Errorf("scenarios: chaos: %w", err)
		}
	}
	if r.plan.opts.Faults {
		if err := r.injectFaults(); err != nil {
			return err
		}
	}
	r.drawScript()
	return nil
}

func (r *chaosRun) injectFaults() error {
	rng := simulator.Rand(r.rep.Seed, "chaos-faults")
	net := r.sim.Network()
	start := r.sim.Config().Start
	horizon := int64(r.plan.opts.Horizon / time.Millisecond)
	for i, d := range r.plan.downloads {
		size := r.plan.resources[i].Size
		if rng.IntN(2) == 0 {
			for range 1 + rng.IntN(2) {
				var f fakes.Fault
				switch k := rng.IntN(6); {
				case k < 3:
					f = fakes.Fault{Kind: fakes.DropAtByte, AtByte: rng.Int64N(size)}
				case k < 5:
					// Some stalls outlast the 60 s request timeout (R-S8).
					f = fakes.Fault{Kind: fakes.Stall, AtByte: rng.Int64N(size), For: time.Duration(1+rng.IntN(120)) * time.Second}
				default:
					f = fakes.Fault{Kind: fakes.ServerError, Status: []int{500, 503}[rng.IntN(2)]}
				}
				if err := net.InjectFault(d.URL, f); err != nil {
					return fmt.Errorf("scenarios: chaos: %w", err)
				}
				r.rep.Faults = append(r.rep.Faults, chaosFaultString(d.URL, f, start))
			}
		}
		if rng.IntN(10) < 3 {
			f := fakes.Fault{Kind: fakes.DropAtTime, At: start.Add(time.Duration(rng.Int64N(horizon)) * time.Millisecond)}
			if err := net.InjectFault(d.URL, f); err != nil {
				return fmt.Errorf("scenarios: chaos: %w", err)
			}
			r.rep.Faults = append(r.rep.Faults, chaosFaultString(d.URL, f, start))
		}
	}
	return nil
}

func chaosFaultString(url string, f fakes.Fault, start time.Time) string {
	switch f.Kind {
	case fakes.DropAtByte:
		return fmt.Sprintf("%s: drop at byte %d", url, f.AtByte)
	case fakes.Stall:
		return fmt.Sprintf("%s: stall at byte %d for %s", url, f.AtByte, f.For)
	case fakes.ServerError:
		return fmt.Sprintf("%s: server error %d", url, f.Status)
	}
	return fmt.Sprintf("%s: drop at %s", url, fakes.FormatOffset(f.At.Sub(start)))
}

// drawScript draws the random actions, then adds the ending: Wi-Fi back,
// the phone on its charger, and the user opening the app.
func (r *chaosRun) drawScript() {
	o := r.plan.opts
	rng := simulator.Rand(r.rep.Seed, "chaos-script")
	type kind struct {
		weight int
		draw   func(at time.Duration)
	}
	kinds := []kind{
		{3, func(at time.Duration) { r.add(at, "the user opens the app", r.lifecycle(r.sim.Launch)) }},
		{3, func(at time.Duration) { r.add(at, "the user goes to the home screen", r.lifecycle(r.sim.Home)) }},
	}
	if o.Kills {
		kinds = append(kinds,
			kind{2, func(at time.Duration) {
				r.add(at, "iOS reclaims the app's memory", r.lifecycle(r.sim.MemoryPressureKill))
			}},
			kind{1, func(at time.Duration) {
				r.add(at, "the app crashes", r.lifecycle(func() error { return r.sim.Crash("chaos: injected crash") }))
			}})
	}
	if o.ForceQuits {
		kinds = append(kinds, kind{1, func(at time.Duration) {
			r.add(at, "the user force-quits the app", r.lifecycle(r.sim.ForceQuit))
		}})
	}
	if o.Outages {
		kinds = append(kinds, kind{2, func(at time.Duration) {
			d := time.Duration(1+rng.IntN(90)) * time.Second
			r.add(at, "the device goes offline", r.outage(+1))
			r.add(at+d, "the device is back online", r.outage(-1))
		}})
	}
	if o.BandwidthChanges {
		kinds = append(kinds,
			kind{2, func(at time.Duration) {
				bw := chaosBandwidth(rng)
				r.add(at, fmt.Sprintf("the bandwidth becomes %d B/s", bw), r.relink(func(l *fakes.Link) { l.Bandwidth = bw }))
			}},
			kind{1, func(at time.Duration) {
				bw := chaosBandwidth(rng)
				r.add(at, "the device switches between Wi-Fi and cellular", r.relink(func(l *fakes.Link) {
					l.Kind, l.Bandwidth = fakes.Cellular+fakes.WiFi-l.Kind, bw
				}))
			}})
	}
	if o.PowerChanges {
		kinds = append(kinds, kind{1, func(at time.Duration) {
			p := simulator.Power{Charging: rng.IntN(2) == 0, Battery: 5 + rng.IntN(96), LowPowerMode: rng.IntN(4) == 0}
			r.add(at, "the power becomes "+p.String(), func() string { r.sim.SetPower(p); return "" })
		}})
	}
	if o.ContentChanges {
		kinds = append(kinds, kind{1, func(at time.Duration) {
			i := rng.IntN(len(r.plan.downloads))
			resize := rng.IntN(2) == 0
			delta := rng.Int64N(64 << 10)
			r.add(at, fmt.Sprintf("the server republishes file %d", i), func() string { return r.republish(i, resize, delta) })
		}})
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	horizon := int64(o.Horizon / time.Millisecond)
	for range o.Actions {
		at := time.Duration(1+rng.Int64N(horizon)) * time.Millisecond
		w := rng.IntN(total)
		for _, k := range kinds {
			if w < k.weight {
				k.draw(at)
				break
			}
			w -= k.weight
		}
	}
	end := o.Horizon + 2*time.Minute // after the longest outage
	final := fakes.Link{Kind: fakes.WiFi, Bandwidth: max(r.plan.link.Bandwidth, 500_000), Latency: r.plan.link.Latency}
	r.add(end, "the device is on Wi-Fi", func() string {
		r.online, r.outages = final, 0
		r.sim.Network().SetLink(final)
		return ""
	})
	// Charging, as overnight: a download restarted while the app was in
	// the background is discretionary and waits for power (R-S6).
	r.add(end, "the user plugs the phone in", func() string {
		r.sim.SetPower(simulator.Power{Charging: true, Battery: 100})
		return ""
	})
	r.add(end, "the user opens the app", r.lifecycle(r.sim.Launch))
	sort.SliceStable(r.actions, func(i, j int) bool { return r.actions[i].at < r.actions[j].at })
}

// lifecycle makes a user or system action a script action; one that is
// illegal in the app's state at that moment is skipped.
func (r *chaosRun) lifecycle(f func() error) func() string {
	return func() string {
		before := r.sim.State()
		err := f()
		var illegal *simulator.IllegalTransitionError
		if errors.As(err, &illegal) {
			return "illegal in state " + before.String()
		}
		if err != nil && r.err == nil {
			r.err = fmt.Errorf("scenarios: chaos: %w", err)
		}
		return ""
	}
}

func (r *chaosRun) outage(step int) func() string {
	return func() string {
		if step < 0 && r.outages == 0 {
			return "the device is already online"
		}
		r.outages += step
		switch {
		case step > 0 && r.outages == 1:
			r.sim.Network().SetLink(fakes.Link{Kind: fakes.Offline, Latency: r.online.Latency})
		case step < 0 && r.outages == 0:
			r.sim.Network().SetLink(r.online)
		default:
			return "another outage is on"
		}
		return ""
	}
}

func (r *chaosRun) relink(change func(*fakes.Link)) func() string {
	return func() string {
		change(&r.online)
		if r.outages > 0 {
			return "offline: takes effect when the device is back online"
		}
		r.sim.Network().SetLink(r.online)
		return ""
	}
}

// republish gives resource i a new content, if it has a validator to tell
// the versions apart.
func (r *chaosRun) republish(i int, resize bool, delta int64) string {
	d := &r.plan.downloads[i]
	res, _ := r.sim.Network().Resource(d.URL)
	v := len(d.Versions) + 1
	switch {
	case res.ETag != "":
		res.ETag = fmt.Sprintf(`"file-%d-v%d"`, i, v)
	case !res.LastModified.IsZero():
		res.LastModified = r.sim.Now().Add(-time.Second).Truncate(time.Second)
	default:
		return "no validator: a new content could not be told apart"
	}
	if resize {
		res.Size += delta
	}
	src := chaosSource(d.URL, res)
	for _, old := range d.Versions {
		if old.Source == src {
			// Last-Modified has a one-second grain: a second content within
			// the same second could not be told apart, on a device either.
			return "the same validator as an earlier version"
		}
	}
	if err := r.sim.Network().UpdateResource(d.URL, res); err != nil {
		r.err = fmt.Errorf("scenarios: chaos: republish: %w", err)
		return err.Error()
	}
	d.Versions = append(d.Versions, ChaosVersion{Source: src, Size: res.Size})
	return ""
}

// run plays the script, then waits for every task to be delivered.
func (r *chaosRun) run() error {
	sim := r.sim
	// The first launch, at T+0, starts the downloads.
	if err := sim.Launch(); err != nil {
		return fmt.Errorf("scenarios: chaos: first launch: %w", err)
	}
	r.rep.Steps = append(r.rep.Steps, ChaosStep{At: 0, Name: "the user launches the app; it starts the downloads"})
	for _, a := range r.actions {
		if d := a.at - sim.Elapsed(); d > 0 {
			if err := sim.RunFor(d); err != nil {
				return err
			}
		}
		r.rep.Steps = append(r.rep.Steps, ChaosStep{At: sim.Elapsed(), Name: a.name, Skipped: a.do()})
		if r.err != nil {
			return r.err
		}
	}
	view := &r.rep.App
	done := func(*simulator.Sim) bool {
		return len(view.Final) == len(r.plan.downloads) && view.completions >= view.Created
	}
	err := sim.RunUntil(done, r.plan.opts.TimeLimit)
	switch {
	case errors.Is(err, simulator.ErrRunLimit):
		return nil
	case err != nil:
		return err
	}
	r.rep.Finished = true
	return sim.RunFor(chaosTail)
}

// The chaos app's keys in Defaults: it persists which downloads it started
// and where each one stands, since a relaunch is a new process (R-L6).
const chaosKeyStarted = "chaos.started"

func chaosKeyDownload(i int) string { return fmt.Sprintf("chaos.download.%d", i) }

// chaosDescription is the TaskDescription of download i: the daemon keeps
// it across relaunches, so a new process can tell what a task is for.
func chaosDescription(d ChaosDownload) string {
	return fmt.Sprintf("download-%d@%s", d.Index, d.Session)
}

func parseChaosDescription(desc string) (int, string, bool) {
	rest, ok := strings.CutPrefix(desc, "download-")
	if !ok {
		return 0, "", false
	}
	num, sess, ok := strings.Cut(rest, "@")
	if !ok {
		return 0, "", false
	}
	var i int
	if _, err := fmt.Sscanf(num, "%d", &i); err != nil {
		return 0, "", false
	}
	return i, sess, true
}

// chaosApp is an app that does everything right: it persists what it
// started, recreates its sessions at every launch (R-I3), keeps each
// completion handler and calls it on the main thread after
// DidFinishEventsForBackgroundSession (R-D3, R-D4), moves every file
// before DidFinishDownloading returns (R-D6), and restarts a download that
// was cancelled (from its resume data, R-G1) or answered with an HTTP
// error.
type chaosApp struct {
	appmodel.AppDelegateBase
	plan     *chaosPlan
	view     *ChaosAppView
	app      appmodel.App
	sessions map[string]appmodel.Session
	handlers map[string]func()
}

func (a *chaosApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a.app = app
	if app.Defaults().Bool(chaosKeyStarted) {
		for _, s := range a.plan.sessions {
			a.session(s.Identifier)
		}
	}
}

func (a *chaosApp) OnActivated(app appmodel.App) {
	a.app = app
	if app.Defaults().Bool(chaosKeyStarted) {
		return
	}
	app.Defaults().SetBool(chaosKeyStarted, true)
	for _, d := range a.plan.downloads {
		a.startDownload(d, nil)
	}
	app.UpdateUI(fmt.Sprintf("started %d downloads", len(a.plan.downloads)))
}

func (a *chaosApp) HandleEventsForBackgroundURL(app appmodel.App, id string, completionHandler func()) {
	a.app = app
	if a.handlers == nil {
		a.handlers = map[string]func(){}
	}
	a.handlers[id] = completionHandler
	a.session(id)
}

// session returns the process's session object for id, making it (and so
// reconnecting to the daemon's session) on first use.
func (a *chaosApp) session(id string) appmodel.Session {
	if s, ok := a.sessions[id]; ok {
		return s
	}
	if a.sessions == nil {
		a.sessions = map[string]appmodel.Session{}
	}
	cfg := appmodel.BackgroundSessionConfig(id)
	for _, s := range a.plan.sessions {
		if s.Identifier == id {
			cfg.AllowsCellularAccess = s.AllowsCellular
		}
	}
	s := a.app.NewSession(cfg, &chaosDelegate{a: a, id: id})
	a.sessions[id] = s
	return s
}

func (a *chaosApp) startDownload(d ChaosDownload, resume *appmodel.ResumeData) {
	s := a.session(d.Session)
	var t appmodel.Task
	if resume != nil {
		t = s.DownloadTaskWithResumeData(resume)
	} else {
		t = s.DownloadTask(appmodel.Request{URL: d.URL})
	}
	t.SetTaskDescription(chaosDescription(d))
	a.app.Defaults().SetString(chaosKeyDownload(d.Index), "running")
	a.view.Created++
	t.Resume()
}

// chaosDelegate is the delegate of one session, made for identifier id.
type chaosDelegate struct {
	appmodel.SessionDelegateBase
	a  *chaosApp
	id string
}

// identify finds the download a delivered task is for, and records a
// delivery to a session object or delegate the task does not belong to.
func (d *chaosDelegate) identify(s appmodel.Session, t appmodel.Task, what string) (ChaosDownload, bool) {
	i, owner, ok := parseChaosDescription(t.TaskDescription())
	key := ChaosTaskKey{s.Identifier(), t.ID()}
	switch {
	case !ok || i < 0 || i >= len(d.a.plan.downloads):
		d.a.view.Wrong = append(d.a.view.Wrong, fmt.Sprintf("%s of task %s: unknown description %q", what, key, t.TaskDescription()))
		return ChaosDownload{}, false
	case s.Identifier() != d.id:
		d.a.view.Wrong = append(d.a.view.Wrong, fmt.Sprintf("%s of task %s: session object %s, delegate made for %s", what, key, s.Identifier(), d.id))
	case owner != d.id:
		d.a.view.Wrong = append(d.a.view.Wrong, fmt.Sprintf("%s of task %s (%s): delivered to the delegate of %s", what, key, t.TaskDescription(), d.id))
	}
	return d.a.plan.downloads[i], true
}

func status(t appmodel.Task) string {
	if r := t.Response(); r != nil {
		return fmt.Sprint(r.StatusCode)
	}
	return "nothing"
}

func success(t appmodel.Task) bool {
	r := t.Response()
	return r != nil && r.StatusCode >= 200 && r.StatusCode < 300
}

// DidWriteData saves the progress, which keeps the delegate queue busy a
// little: events queued behind it wait, a window for a kill or a
// suspension between queueing an event and delivering it.
func (d *chaosDelegate) DidWriteData(appmodel.Session, appmodel.Task, int64, int64, int64) {
	d.a.app.Work(20*time.Millisecond, func() {})
}

func (d *chaosDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	a := d.a
	d.a.view.Finishes[ChaosTaskKey{s.Identifier(), t.ID()}]++
	dl, ok := d.identify(s, t, "DidFinishDownloading")
	if !ok {
		return
	}
	if !success(t) {
		a.app.Log("download %d: the server answered %s; not keeping the body", dl.Index, status(t))
		return
	}
	if err := a.app.Files().Rename(location, dl.Path); err != nil {
		a.view.MoveErrors = append(a.view.MoveErrors, fmt.Sprintf("download %d (task %d): %v", dl.Index, t.ID(), err))
		a.app.Log("could not move download %d: %v", dl.Index, err)
		return
	}
	a.app.Defaults().SetString(chaosKeyDownload(dl.Index), "moved")
	// Then it checks the file, which takes a while: the delegate queue
	// stays busy, a window for a kill or a suspension mid-delivery.
	a.app.Work(chaosWork(dl.Index), func() { a.app.Log("download %d checked", dl.Index) })
}

// chaosWork is how long the app works on download i in a delegate
// callback, after it has done what must not be lost.
func chaosWork(i int) time.Duration { return time.Duration(50+150*(i%4)) * time.Millisecond }

func (d *chaosDelegate) DidCompleteWithError(s appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	a := d.a
	a.view.Completions[ChaosTaskKey{s.Identifier(), t.ID()}]++
	a.view.completions++
	dl, ok := d.identify(s, t, "DidCompleteWithError")
	if !ok {
		return
	}
	restarts := fmt.Sprintf("chaos.restarts.%d", dl.Index)
	switch {
	case err == nil && success(t):
		a.finish(dl.Index, "done")
	case (err == nil || err.Code == appmodel.ErrCancelled) && a.app.Defaults().Int(restarts) < chaosMaxRestarts:
		a.app.Defaults().SetInt(restarts, a.app.Defaults().Int(restarts)+1)
		var resume *appmodel.ResumeData
		if err != nil {
			resume = err.ResumeData
		}
		a.app.Log("download %d: restarting (resume data: %t)", dl.Index, resume != nil)
		a.startDownload(dl, resume)
	case err == nil:
		a.finish(dl.Index, "failed: HTTP "+status(t))
	default:
		a.finish(dl.Index, "failed: "+err.Error())
	}
	a.app.Work(chaosWork(dl.Index+1), func() { a.app.Log("download %d: bookkeeping done", dl.Index) })
}

func (a *chaosApp) finish(i int, state string) {
	a.app.Defaults().SetString(chaosKeyDownload(i), state)
	a.view.Final[i] = state
}

func (d *chaosDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	a := d.a
	h := a.handlers[d.id]
	delete(a.handlers, d.id)
	if h == nil {
		a.app.Log("DidFinishEventsForBackgroundSession %s: no completion handler kept", d.id)
		return
	}
	app := a.app
	app.InvokeOnMainThread(func() {
		app.UpdateUI("shows the downloads of " + d.id)
		h()
	})
}

// ChaosProblem is one broken property of a chaos run.
type ChaosProblem struct {
	// Property is the number of the property:
	//  1. every task completes exactly once and is delivered exactly once;
	//  2. every downloaded byte reaches the app's file, or a violation says why;
	//  3. nothing is delivered to a session it does not belong to;
	//  4. no panic (an exhausted event budget is the run's error);
	//  5. an app that does everything right breaks no rule.
	Property int
	Detail   string
}

func (p ChaosProblem) String() string { return fmt.Sprintf("property %d: %s", p.Property, p.Detail) }

// CheckChaos checks a chaos run's properties against its trace, the app's
// container and the report, and returns what is broken.
func CheckChaos(events []simulator.Event, files *fakes.FS, rep ChaosReport) []ChaosProblem {
	c := &chaosChecker{rep: rep, files: files}
	c.index(events)
	c.completions()
	c.bytes(events)
	c.sessions(events)
	for _, e := range events {
		switch e.Kind {
		case simulator.KindCrash:
			if strings.HasPrefix(e.Detail, "panic:") {
				c.add(4, "seq %d: the app model panicked: %s at %s", e.Seq, e.Detail, e.Reason)
			}
		case simulator.KindViolation:
			c.add(5, "seq %d: violation of %s by process %d: %s", e.Seq, e.Rule, e.Process, e.Detail)
		}
	}
	return c.problems
}

type chaosTaskFacts struct {
	created     int
	url         string
	createSeq   int
	completes   []simulator.Event // task.complete
	doneCbs     []simulator.Event // DidCompleteWithError callbacks
	finishCbs   []simulator.Event // DidFinishDownloading callbacks
	written     []string          // files the daemon wrote for it
	lastStatus  int               // of the last transfer.response
	successSeen bool
}

type chaosChecker struct {
	rep      ChaosReport
	files    *fakes.FS
	tasks    map[ChaosTaskKey]*chaosTaskFacts
	keys     []ChaosTaskKey // in creation order
	problems []ChaosProblem
}

func (c *chaosChecker) add(prop int, format string, args ...any) {
	c.problems = append(c.problems, ChaosProblem{Property: prop, Detail: fmt.Sprintf(format, args...)})
}

func (c *chaosChecker) task(e simulator.Event) *chaosTaskFacts {
	k := ChaosTaskKey{e.Session, e.Task}
	f := c.tasks[k]
	if f == nil {
		f = &chaosTaskFacts{}
		c.tasks[k] = f
	}
	return f
}

const chaosWritten = "downloaded file written to "

func (c *chaosChecker) index(events []simulator.Event) {
	c.tasks = map[ChaosTaskKey]*chaosTaskFacts{}
	for _, e := range events {
		switch e.Kind {
		case simulator.KindTaskCreate:
			f := c.task(e)
			f.created++
			f.createSeq = e.Seq
			_, f.url, _ = strings.Cut(e.Detail, " ")
			c.keys = append(c.keys, ChaosTaskKey{e.Session, e.Task})
		case simulator.KindTaskComplete:
			c.task(e).completes = append(c.task(e).completes, e)
		case simulator.KindTransferResponse:
			c.task(e).lastStatus = e.Code
		case simulator.KindFile:
			if loc, ok := strings.CutPrefix(e.Detail, chaosWritten); ok {
				c.task(e).written = append(c.task(e).written, loc)
			}
		case simulator.KindSessionCallback:
			switch e.Callback {
			case "DidCompleteWithError":
				c.task(e).doneCbs = append(c.task(e).doneCbs, e)
			case "DidFinishDownloading":
				c.task(e).finishCbs = append(c.task(e).finishCbs, e)
			}
		}
	}
}

// completions checks property 1.
func (c *chaosChecker) completions() {
	if !c.rep.Finished {
		c.add(1, "not every task completed and was delivered within %s after the script", c.rep.Options.TimeLimit)
	}
	keys := slices.SortedFunc(maps.Keys(c.tasks), func(a, b ChaosTaskKey) int {
		if a.Session != b.Session {
			return strings.Compare(a.Session, b.Session)
		}
		return a.Task - b.Task
	})
	for _, k := range keys {
		f := c.tasks[k]
		switch {
		case f.created == 0:
			c.add(1, "task %s was never created, yet has %d task.complete and %d DidCompleteWithError", k, len(f.completes), len(f.doneCbs))
			continue
		case f.created > 1:
			c.add(1, "task %s was created %d times", k, f.created)
		}
		if n := len(f.completes); n != 1 {
			c.add(1, "task %s completed %d times in the daemon, want exactly once%s", k, n, seqs(f.completes))
		}
		if n := len(f.doneCbs); n != 1 {
			c.add(1, "task %s: DidCompleteWithError delivered %d times, want exactly once%s", k, n, seqs(f.doneCbs))
		}
		if n := c.rep.App.Completions[k]; n != 1 {
			c.add(1, "task %s: the app saw DidCompleteWithError %d times, want exactly once", k, n)
		}
		if len(f.completes) != 1 || len(f.doneCbs) != 1 {
			continue
		}
		done, cb := f.completes[0], f.doneCbs[0]
		if cb.Seq < done.Seq {
			c.add(1, "task %s: DidCompleteWithError (seq %d) before the daemon completed it (seq %d)", k, cb.Seq, done.Seq)
		}
		if cb.Code != done.Code {
			c.add(1, "task %s completed with code %d but DidCompleteWithError says %d", k, done.Code, cb.Code)
		}
		// R-D2: a download that succeeded gets DidFinishDownloading first;
		// one that failed never does.
		want := 0
		if done.Code == 0 {
			want = 1
		}
		if len(f.finishCbs) != want {
			c.add(1, "task %s (code %d): DidFinishDownloading delivered %d times, want %d%s", k, done.Code, len(f.finishCbs), want, seqs(f.finishCbs))
		} else if want == 1 && f.finishCbs[0].Seq > cb.Seq {
			c.add(1, "task %s: DidFinishDownloading (seq %d) after DidCompleteWithError (seq %d)", k, f.finishCbs[0].Seq, cb.Seq)
		}
		if n := c.rep.App.Finishes[k]; n != want {
			c.add(1, "task %s: the app saw DidFinishDownloading %d times, want %d", k, n, want)
		}
	}
	if created := len(c.keys); created != c.rep.App.Created {
		c.add(1, "the trace has %d task.create events, the app made %d tasks", created, c.rep.App.Created)
	}
	for _, d := range c.rep.Downloads {
		if c.rep.Finished && c.rep.App.Final[d.Index] == "" {
			c.add(1, "download %d never reached a final state", d.Index)
		}
	}
}

// bytes checks property 2: the file of every download that succeeded holds
// one content of its resource, whole.
func (c *chaosChecker) bytes(events []simulator.Event) {
	byURL := map[string]ChaosDownload{}
	for _, d := range c.rep.Downloads {
		byURL[d.URL] = d
	}
	succeeded := map[int]ChaosTaskKey{}
	for _, k := range c.keys {
		f := c.tasks[k]
		if len(f.completes) == 1 && f.completes[0].Code == 0 && f.lastStatus >= 200 && f.lastStatus < 300 {
			d, ok := byURL[f.url]
			if !ok {
				c.add(2, "task %s downloaded %s, which is not one of the app's downloads", k, f.url)
				continue
			}
			if prev, dup := succeeded[d.Index]; dup {
				c.add(2, "download %d succeeded twice: tasks %s and %s", d.Index, prev, k)
			}
			succeeded[d.Index] = k
		}
	}
	for _, d := range c.rep.Downloads {
		k, ok := succeeded[d.Index]
		final := c.rep.App.Final[d.Index]
		if !ok {
			switch {
			case final == "done":
				c.add(2, "download %d: the app counts it done but no task of it succeeded", d.Index)
			case final != "" && !c.explained(events, d, ChaosTaskKey{}):
				// Nothing in a chaos run makes a download fail for good: the
				// app restarts what was cancelled or answered with an HTTP
				// error, and the daemon retries the rest (R-G2, R-S9).
				c.add(2, "download %d never reached the app's file: %s, and no violation explains it", d.Index, final)
			}
			continue
		}
		if final != "done" {
			c.add(2, "download %d: task %s succeeded but the app's final state is %q", d.Index, k, final)
		}
		if why := c.checkFile(d); why != "" && !c.explained(events, d, k) {
			c.add(2, "download %d (task %s): %s, and no violation explains it", d.Index, k, why)
		}
	}
	for _, p := range c.files.List("/tmp") {
		c.add(2, "the daemon's download %s is still there: neither moved nor deleted (R-D6)", p)
	}
	for _, m := range c.rep.App.MoveErrors {
		c.add(2, "the app could not move a download: %s", m)
	}
}

func (c *chaosChecker) checkFile(d ChaosDownload) string {
	f, err := c.files.Stat(d.Path)
	if err != nil {
		return fmt.Sprintf("the app's file: %v", err)
	}
	if len(f.Segments) == 0 {
		return fmt.Sprintf("the app's file %s is empty", d.Path)
	}
	at, src := int64(0), f.Segments[0].Source
	for _, s := range f.Segments {
		if s.From != at {
			return fmt.Sprintf("the app's file %s has a gap or overlap at byte %d (segment from %d)", d.Path, at, s.From)
		}
		if s.Source != src {
			return fmt.Sprintf("the app's file %s mixes bytes of %s and %s (from byte %d)", d.Path, src, s.Source, s.From)
		}
		at = s.To
	}
	for _, v := range d.Versions {
		if v.Source == src {
			if at != v.Size {
				return fmt.Sprintf("the app's file %s has %d bytes of %s, which has %d", d.Path, at, src, v.Size)
			}
			return ""
		}
	}
	return fmt.Sprintf("the app's file %s holds bytes of %s, not a published version of %s", d.Path, src, d.URL)
}

// explained: a violation names the download's file or its temporary file.
func (c *chaosChecker) explained(events []simulator.Event, d ChaosDownload, k ChaosTaskKey) bool {
	names := []string{d.Path}
	if f := c.tasks[k]; f != nil {
		names = append(names, f.written...)
	}
	for _, e := range events {
		if e.Kind != simulator.KindViolation {
			continue
		}
		for _, n := range names {
			if strings.Contains(e.Detail, n) {
				return true
			}
		}
	}
	return false
}

// sessions checks property 3: every delegate message went to the session
// its task belongs to, in a process connected to that session.
func (c *chaosChecker) sessions(events []simulator.Event) {
	for _, w := range c.rep.App.Wrong {
		c.add(3, "the app was handed %s", w)
	}
	connected := map[ChaosTaskKey]bool{} // (session, pid)
	woken := map[string]bool{}
	for _, e := range events {
		switch e.Kind {
		case simulator.KindConnect:
			connected[ChaosTaskKey{e.Session, e.Process}] = true
		case simulator.KindRelaunch:
			woken[e.Session] = true
		case simulator.KindSessionCallback:
			if !connected[ChaosTaskKey{e.Session, e.Process}] {
				c.add(3, "seq %d: %s for session %s in process %d, which never connected to it", e.Seq, e.Callback, e.Session, e.Process)
			}
			if e.Task == 0 {
				if e.Callback == "DidFinishEventsForBackgroundSession" && !woken[e.Session] {
					c.add(3, "seq %d: DidFinishEventsForBackgroundSession for session %s, which was never woken for", e.Seq, e.Session)
				}
				continue
			}
			f := c.tasks[ChaosTaskKey{e.Session, e.Task}]
			if f == nil || f.created == 0 || f.createSeq > e.Seq {
				c.add(3, "seq %d: %s of task %d delivered to session %s, which has no such task", e.Seq, e.Callback, e.Task, e.Session)
				continue
			}
			if e.Callback == "DidFinishDownloading" && !slices.Contains(f.written, e.Detail) {
				c.add(3, "seq %d: DidFinishDownloading of task %s hands over %s, which the daemon wrote for another task", e.Seq, ChaosTaskKey{e.Session, e.Task}, e.Detail)
			}
		}
	}
}

func seqs(events []simulator.Event) string {
	if len(events) == 0 {
		return ""
	}
	s := make([]string, len(events))
	for i, e := range events {
		s[i] = fmt.Sprint(e.Seq)
	}
	return " (seq " + strings.Join(s, ", ") + ")"
}
