package scenarios

import (
	"errors"
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Options adjust a run from the caller's side.
type Options struct {
	// Seed, if not nil, replaces the file's seed.
	Seed *uint64
	// Config, if not nil, changes the configuration after the file's
	// config and device blocks were applied.
	Config func(*simulator.Config)
	// Mistakes switches on mistakes of the reference app besides the
	// file's (the CLI's --mistake); ignored for other apps, so a caller
	// that takes them from a user refuses them first with
	// Scenario.CheckMistakes.
	Mistakes appmodel.Mistakes
	// Observe, if not nil, is called with the simulation before it runs,
	// on the goroutine that runs it: for a watchdog that reads
	// Sim.Activity and Sim.TraceSoFar from another goroutine (it should
	// call Sim.WatchActivity here).
	Observe func(*simulator.Sim)
	// Unchecked leaves the scenario's expectations unchecked
	// (Result.Failures stays empty): for a caller that checks the run
	// itself, as bgsim explore does, possibly with a Config that keeps no
	// trace (TraceKeep), which expectations need; or for a run whose app
	// is not the one they describe (bgsim run --mistake switches mistakes
	// on in it).
	Unchecked bool
	// LimitsGoOn has a run-until step that reaches its limit go on to
	// the next step instead of stopping the run. bgsim explore sets it:
	// the trouble it draws delays what a target's run-until awaits, and
	// its properties, checked at the end, judge whether the outcome ever
	// came. A plain run leaves it off: a limit stops the run (Result.Err).
	LimitsGoOn bool
	// Sim, if not nil, is the simulation to run on, reset for the run
	// (simulator.Sim.Reset) rather than a new one made: a caller that
	// plays many runs one after another (bgsim explore, a worker's
	// seeds) then allocates the simulation's memory once. Result.Sim is
	// this Sim, and what the run's Result holds of it (Trace, Tasks) is
	// only good until the Sim is reset again.
	Sim *simulator.Sim
}

// Result is what a run shows.
type Result struct {
	// Sim is the simulation, for inspection after the run.
	Sim *simulator.Sim
	// Trace is every event of the run (those the Config keeps, TraceKeep).
	Trace []simulator.Event
	// Tasks is the outcome of every task, in session then creation order.
	Tasks []TaskOutcome
	// Failures are the expectations the run did not meet, in file order.
	Failures []*Failure
	// Err is why the run stopped early (a run-until limit, the event
	// budget), or nil.
	Err error
}

// Passed reports whether the run finished and met every expectation.
func (r *Result) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// Failure is an expectation the run did not meet, at the line of the
// expectation.
type Failure struct {
	// File and Pos are where the expectation is written; Message says
	// what was expected and what the trace shows instead.
	File    string
	Pos     Position
	Message string
}

// Error is "file:line:col: message".
func (f *Failure) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", f.File, f.Pos.Line, f.Pos.Col, f.Message)
}

// runner plays a scenario's steps on a simulation.
type runner struct {
	s          *Scenario
	sim        *simulator.Sim
	lastOnline fakes.Link
	mistakes   appmodel.Mistakes
	extensions map[string]int // running extensions' process ids by name
	// seen gathers the tasks' outcomes as the run goes; until, while a
	// run-until waits for an event, is told of every event.
	seen  taskFacts
	until func(*simulator.Event, *simulator.LazyDetail)
	// limitsGoOn is Options.LimitsGoOn.
	limitsGoOn bool
}

// observe is the runner's Sim.ObserveLazily observer: what it needs of
// the trace, taken as the run goes, so that a run that keeps no trace
// (Config.TraceKeep) plays and reports the same. It reads no detail but
// for a run-until pattern that names one.
func (r *runner) observe(e *simulator.Event, d *simulator.LazyDetail) {
	r.seen.event(e)
	if r.until != nil {
		r.until(e, d)
	}
}

// SimConfig is the simulator configuration the scenario runs with, before
// the caller's options.
func (s *Scenario) SimConfig() simulator.Config {
	cfg := DefaultConfig()
	s.Config.apply(&cfg)
	cfg.Scenario = s.Name
	cfg.Seed = s.Seed
	if l := s.Network.Link; l != nil {
		cfg.Link = l.link(cfg.Link)
	}
	d := s.Device
	if d.Battery != nil {
		cfg.Power.Battery = *d.Battery
	}
	cfg.Power.Charging = cfg.Power.Charging || d.Charging
	cfg.Power.LowPowerMode = cfg.Power.LowPowerMode || d.LowPowerMode
	if d.Network != nil {
		if *d.Network == fakes.Offline {
			cfg.StartOffline = true
		} else {
			cfg.Link.Kind = *d.Network
		}
	}
	if cfg.Link.Kind == fakes.Offline {
		cfg.StartOffline = true
		cfg.Link = simulator.DefaultLink
	}
	if d.DebuggerAttached != nil {
		setConfigField(&cfg, "DebuggerAttached", *d.DebuggerAttached)
	}
	return cfg
}

// Run runs the scenario and checks its expectations. The result holds
// the trace even when the run stopped early.
func (s *Scenario) Run(opts Options) *Result {
	cfg := s.SimConfig()
	if opts.Seed != nil {
		cfg.Seed = *opts.Seed
	}
	if opts.Config != nil {
		opts.Config(&cfg)
	}
	sim := resetOrNew(opts.Sim, cfg)
	r := &runner{s: s, sim: sim, lastOnline: cfg.Link, mistakes: opts.Mistakes, limitsGoOn: opts.LimitsGoOn}
	sim.ObserveLazily(r.observe)
	if opts.Observe != nil {
		opts.Observe(sim)
	}
	res := &Result{Sim: sim}
	res.Err = r.play()
	res.Trace = sim.Trace()
	res.Tasks = r.seen.outcomes(sim)
	if !opts.Unchecked {
		res.Failures = s.check(res)
	}
	return res
}

// resetOrNew is sim reset with cfg, or a new simulation if sim is nil.
func resetOrNew(sim *simulator.Sim, cfg simulator.Config) *simulator.Sim {
	if sim == nil {
		return simulator.New(cfg)
	}
	sim.Reset(cfg)
	return sim
}

func (r *runner) play() error {
	if err := r.setUp(); err != nil {
		return err
	}
	for i := range r.s.Steps {
		if err := r.step(i); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) setUp() error {
	n := r.sim.Network()
	for _, res := range r.s.Network.Resources {
		if err := n.AddResource(res.URL, res.fake()); err != nil {
			return r.errAt(res.Pos, err)
		}
	}
	for _, u := range r.s.Network.Uploads {
		status := u.Status
		if status == 0 {
			status = 201
		}
		if err := n.AddResource(u.URL, fakes.Resource{Status: status, Body: u.Body, Size: int64(len(u.Body))}); err != nil {
			return r.errAt(u.Pos, err)
		}
	}
	for _, tk := range r.s.Network.Tokens {
		n.IssueToken(tk.Token, time.Duration(tk.ValidFor))
	}
	for _, res := range r.s.Network.Resources {
		if res.RequireToken {
			if err := n.RequireToken(res.URL); err != nil {
				return r.errAt(res.Pos, err)
			}
		}
	}
	for _, u := range r.s.Network.Uploads {
		if u.RequireToken {
			if err := n.RequireToken(u.URL); err != nil {
				return r.errAt(u.Pos, err)
			}
		}
	}
	for _, f := range r.s.Network.Faults {
		if err := r.injectFault(f); err != nil {
			return r.errAt(f.Pos, err)
		}
	}
	for _, c := range r.s.Network.Timeline {
		l := c.Link.link(r.sim.Config().Link)
		r.sim.Schedule(time.Duration(c.At), func() { r.sim.Network().SetLink(l) })
	}
	if bar := r.s.Device.BackgroundAppRefresh; bar != nil && !*bar {
		if err := r.sim.SetBackgroundAppRefresh(false); err != nil {
			return r.errAt(r.s.Device.Pos, err)
		}
	}
	f, err := r.s.App.factory(r.mistakes, r.s.Extensions)
	if err != nil {
		return r.errAt(r.s.App.Pos, err)
	}
	r.sim.Install(f)
	return nil
}

// factory is the app the spec describes.
func (a AppSpec) factory(extra appmodel.Mistakes, exts []ExtensionSpec) (appmodel.Factory, error) {
	switch {
	case a.Reference != nil:
		var named appmodel.Mistakes
		if len(a.Reference.Mistakes) > 0 { // reading the names takes reflection: not on every run
			named = refMistakes(a.Reference.Mistakes)
		}
		return appmodel.NewRefApp(appmodel.RefOptions{ImageURL: a.Reference.ImageURL, Images: a.Reference.Images,
			UploadPhoto: a.Reference.UploadPhoto, DestinationTable: a.Reference.DestinationTable,
			Mistakes: withMistakes(named, extra)}), nil
	case a.Go != "":
		f, ok := registered(a.Go)
		if !ok {
			return nil, fmt.Errorf("scenarios: no Go app model registered as %q", a.Go)
		}
		return f, nil
	case a.Policy != nil:
		return NewPolicyApp(a.withExtensionTasks(exts)), nil
	}
	return nil, errors.New("scenarios: no app")
}

// errAt is err of the part of the file at p, as a *RunError when the
// scenario has a file.
func (r *runner) errAt(p Position, err error) error {
	if !p.IsValid() && r.s.file == "" {
		return err
	}
	return &RunError{File: r.s.file, Pos: p, Err: err}
}

// stepErr is err of step st, at its line; a step the caller added to the
// file's (explore's drawn trouble and recovery) has none, and says so.
func (r *runner) stepErr(st *Step, err error) error {
	if !st.Pos.IsValid() {
		err = fmt.Errorf("a step %s added to the file's steps, so without a line: %w", st.Do, err)
	}
	return r.errAt(st.Pos, err)
}

func (r *runner) step(i int) error {
	st := &r.s.Steps[i]
	var wait time.Duration
	switch {
	case st.At != nil:
		wait = time.Duration(*st.At) - r.sim.Elapsed()
	case st.After != nil:
		wait = time.Duration(*st.After)
	}
	if wait > 0 {
		if err := r.sim.RunFor(wait); err != nil {
			if hint := r.budgetHint(err); hint != "" {
				err = fmt.Errorf("%w%s", err, hint)
			}
			return r.stepErr(st, err)
		}
	}
	if st.Note != "" {
		r.sim.Note(st.Note)
	}
	a, ok := actions[string(st.Do)]
	if !ok {
		return r.errAt(st.Pos, fmt.Errorf("scenarios: unknown action %q", st.Do))
	}
	if err := a.run(r, st); err != nil {
		// An action the app's state does not allow (going home from an
		// app that crashed) is what a user would find: nothing to do. The
		// trace says so and the story goes on.
		var illegal *simulator.IllegalTransitionError
		if errors.As(err, &illegal) {
			r.sim.Note(fmt.Sprintf("step %s skipped: the app is %s", st.Do, illegal.State))
			return nil
		}
		if hint := r.budgetHint(err); hint != "" {
			err = fmt.Errorf("%w%s", err, hint)
		}
		return r.stepErr(st, fmt.Errorf("step %s: %w", st.Do, err))
	}
	return nil
}

// budgetHint names the config key that raises the bound a run reached,
// for the author of a file, who sets it there rather than in Go.
func (r *runner) budgetHint(err error) string {
	if errors.Is(err, simulator.ErrTraceFull) {
		return fmt.Sprintf("; raise the bound in the file with config: {max-trace-events: N} (now %d)", r.sim.Config().MaxTraceEvents)
	}
	return ""
}

func (r *runner) runUntil(st *Step) error {
	c := st.Until
	var cond func(*simulator.Sim) bool
	switch {
	case c.State != "":
		cond = func(s *simulator.Sim) bool { return s.State().String() == c.State }
	case c.Event != nil:
		// Matched as the events are emitted (observe), not read back from
		// a trace the run may not keep.
		p, matched := c.Event.Pattern(), false
		r.until = func(e *simulator.Event, d *simulator.LazyDetail) {
			if p.Detail != "" {
				d.Text() // the pattern reads it
			}
			matched = matched || p.Matches(*e)
		}
		defer func() { r.until = nil }()
		cond = func(*simulator.Sim) bool { return matched }
	default:
		cond = func(s *simulator.Sim) bool { return s.Clock().Pending() == 0 }
	}
	return r.waited(r.sim.RunUntil(cond, time.Duration(st.Limit)))
}

// waited is what a run-until or run-until-idle step whose wait ended with
// err gives: err, unless it is the step's limit alone and the run goes on
// past limits (Options.LimitsGoOn); the next step then starts where the
// wait stopped.
func (r *runner) waited(err error) error {
	if r.limitsGoOn && isLimitOnly(err) {
		return nil
	}
	return err
}

// isLimitOnly reports whether err is a run-until's limit and nothing
// else: an app panic or a runaway run that came with it still stops the
// run.
func isLimitOnly(err error) bool {
	var limit *simulator.RunLimitError
	return errors.As(err, &limit) && err == error(limit)
}

// withExtensionTasks is the policy with its extensions' tasks added as
// tasks it never starts but knows, so that when an extension's transfers
// wake the app (R-X2) it can tell what each is for.
func (a AppSpec) withExtensionTasks(exts []ExtensionSpec) Policy {
	p := *a.Policy
	if len(exts) == 0 {
		return p
	}
	p.Tasks = append([]PolicyTask(nil), p.Tasks...)
	for _, x := range exts {
		for _, t := range x.Policy.Tasks {
			if t.Session == "" && len(x.Policy.Sessions) > 0 {
				t.Session = x.Policy.Sessions[0].Identifier
			}
			t.Start = startByExtension
			p.Tasks = append(p.Tasks, t)
		}
	}
	return p
}
