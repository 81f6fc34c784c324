package simtest

import (
	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// The recording app model. The simulator calls recAppDelegate, which
// records the call, passes it on to the model the test installed (with the
// App wrapped, so that the sessions it makes are recorded too), then runs
// the test's hook. What it records lives in the Env, which outlives
// processes, as a test's recorder must (R-L6: the model's own fields die
// with its process).

// proc is what the Env knows of one process.
type proc struct {
	pid   int
	model appmodel.AppDelegate // the test's model for this process, nil when the app runs alone
	app   *recApp              // the App of this process, once a method was called
}

// factory wraps the model factory m (nil: the recording app runs alone).
func (e *Env) factory(m appmodel.Factory) appmodel.Factory {
	return func() appmodel.AppDelegate {
		p := &proc{pid: e.sim.Process()}
		var inner appmodel.AppDelegate = appmodel.AppDelegateBase{}
		if m != nil {
			p.model = m()
			if p.model == nil {
				// The simulator reports a nil AppDelegate as a crash; keep it so.
				return nil
			}
			inner = p.model
		}
		e.procs = append(e.procs, p)
		return &recAppDelegate{env: e, p: p, inner: inner}
	}
}

// Record wraps the model factory m in the recording app, for a process the
// Env does not launch itself, such as an app extension's
// (Sim.LaunchExtension): its delegate methods are recorded with the rest,
// under the extension's process.
func (e *Env) Record(m appmodel.Factory) appmodel.Factory { return e.factory(m) }

// record completes c with what the trace and the app know, and keeps it.
func (e *Env) record(a *recApp, c Call) {
	tr := e.sim.Trace()
	// The simulator traces a method's start just before calling it.
	for i := len(tr) - 1; i >= 0 && i >= len(tr)-4; i-- {
		ev := tr[i]
		if (ev.Kind == simulator.KindAppCallback || ev.Kind == simulator.KindSessionCallback) && ev.Callback == c.Callback {
			c.Seq, c.Queue = ev.Seq, ev.Queue
			if ev.Process != 0 {
				a.p.pid = ev.Process // the trace knows the process, an extension's included
			}
			break
		}
	}
	c.At, c.Process = e.sim.Elapsed(), a.p.pid
	c.State, c.Main = a.App.State(), a.App.IsMainThread()
	if c.Queue == "" && c.Main {
		c.Queue = simulator.QueueMain
	}
	e.calls = append(e.calls, c)
}

// recAppDelegate is the AppDelegate the simulator sees.
type recAppDelegate struct {
	env   *Env
	p     *proc
	inner appmodel.AppDelegate
}

var _ appmodel.AppDelegate = (*recAppDelegate)(nil)

// wrap returns the recording App around the simulator's App of this process.
func (d *recAppDelegate) wrap(app appmodel.App) *recApp {
	if d.p.app == nil || d.p.app.App != app {
		d.p.app = &recApp{App: app, env: d.env, p: d.p}
	}
	return d.p.app
}

func (d *recAppDelegate) begin(app appmodel.App, cb simulator.Callback) *recApp {
	a := d.wrap(app)
	d.env.record(a, Call{Callback: cb})
	return a
}

func (d *recAppDelegate) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a := d.wrap(app)
	d.env.record(a, Call{Callback: simulator.CbFinishedLaunching, Launch: opts, Session: opts.SessionIdentifier})
	d.inner.FinishedLaunching(a, opts)
	if h := d.env.hooks.FinishedLaunching; h != nil {
		h(a, opts)
	}
}

func (d *recAppDelegate) OnActivated(app appmodel.App) {
	a := d.begin(app, simulator.CbOnActivated)
	d.inner.OnActivated(a)
	if h := d.env.hooks.OnActivated; h != nil {
		h(a)
	}
}

func (d *recAppDelegate) OnResignActivation(app appmodel.App) {
	a := d.begin(app, simulator.CbOnResignActivation)
	d.inner.OnResignActivation(a)
	if h := d.env.hooks.OnResignActivation; h != nil {
		h(a)
	}
}

func (d *recAppDelegate) DidEnterBackground(app appmodel.App) {
	a := d.begin(app, simulator.CbDidEnterBackground)
	d.inner.DidEnterBackground(a)
	if h := d.env.hooks.DidEnterBackground; h != nil {
		h(a)
	}
}

func (d *recAppDelegate) WillEnterForeground(app appmodel.App) {
	a := d.begin(app, simulator.CbWillEnterForeground)
	d.inner.WillEnterForeground(a)
	if h := d.env.hooks.WillEnterForeground; h != nil {
		h(a)
	}
}

func (d *recAppDelegate) WillTerminate(app appmodel.App) {
	a := d.begin(app, simulator.CbWillTerminate)
	d.inner.WillTerminate(a)
	if h := d.env.hooks.WillTerminate; h != nil {
		h(a)
	}
}

func (d *recAppDelegate) HandleEventsForBackgroundURL(app appmodel.App, id string, handler func()) {
	a := d.wrap(app)
	d.env.record(a, Call{Callback: simulator.CbHandleEventsForBackgroundURL, Session: id})
	d.inner.HandleEventsForBackgroundURL(a, id, handler)
	if h := d.env.hooks.HandleEventsForBackgroundURL; h != nil {
		h(a, id, handler)
	}
}

// recApp is the App the model sees: the simulator's, with the sessions it
// makes and the files it moves recorded.
type recApp struct {
	appmodel.App
	env       *Env
	p         *proc
	delegates int // session delegates made so far
}

// NewSession makes the session with a recording delegate around d. A nil
// d stays nil, so the simulator reports the missing delegate (R-S3).
func (a *recApp) NewSession(cfg appmodel.SessionConfig, d appmodel.SessionDelegate) appmodel.Session {
	if d == nil {
		return a.App.NewSession(cfg, nil)
	}
	a.delegates++
	return a.App.NewSession(cfg, &recSessionDelegate{a: a, inner: d, n: a.delegates})
}

// Files is the container, with renames recorded so Outcome can say where
// a download went.
func (a *recApp) Files() appmodel.FileSystem { return recFS{FileSystem: a.App.Files(), env: a.env} }

// recFS records the renames that succeed.
type recFS struct {
	appmodel.FileSystem
	env *Env
}

// move is one successful rename in the container.
type move struct{ from, to string }

func (f recFS) Rename(from, to string) error {
	err := f.FileSystem.Rename(from, to)
	if err == nil {
		f.env.moves = append(f.env.moves, move{from, to})
	}
	return err
}
