package simtest

import (
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// DefaultPower is the power state an Env starts with unless an option says
// otherwise: charging, so that discretionary transfers are not held back
// by power (R-S6) in a test that does not mean to.
var DefaultPower = simulator.Power{Charging: true, Battery: 80}

// DefaultHangLimit is how long one run helper or action may take in real
// time before the test fails as hung (see [WithHangLimit]): generous, as
// even long runs take well under a second.
const DefaultHangLimit = 30 * time.Second

// Env is one simulation under test: a [simulator.Sim] with the recording
// app installed, tied to a test. Make it with [New].
type Env struct {
	t     testing.TB
	sim   *simulator.Sim
	hooks Hooks
	calls []Call
	procs []*proc
	moves []move
	// hangLimit bounds each run in real time (0: no bound); hung is the
	// report of a run that did not return, after which the Sim is not
	// touched again.
	hangLimit time.Duration
	hung      *hang.Error
}

// New makes a simulation for the test t with the options applied, installs
// the recording app (around the model of [WithApp], if any) and publishes
// the resources. It does not launch the app: call Launch when the test is
// ready.
//
// Unless an option says otherwise the device is online on Wi-Fi (the
// simulator's default link) and charging ([DefaultPower]), so that a test
// that finds nothing failed has seen transfers run. When the test fails,
// the rendered trace is written to its log. A panic in the app model
// fails the test ([WithAppPanics]), and so does a run that does not return
// in real time ([WithHangLimit]).
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	var s settings
	for _, o := range opts {
		o(&s)
	}
	cfg := s.cfg
	if s.seed != nil {
		cfg.Seed = *s.seed
	}
	if s.link != nil {
		cfg.Link = *s.link
	}
	if s.offline {
		cfg.StartOffline = true
	}
	switch {
	case s.power != nil:
		cfg.Power = *s.power
	case cfg.Power == (simulator.Power{}):
		cfg.Power = DefaultPower
	}
	cfg.AppPanics = simulator.PanicsFail
	if s.panics != nil {
		cfg.AppPanics = *s.panics
	}
	e := &Env{t: t, sim: simulator.New(cfg), hooks: s.hooks, hangLimit: DefaultHangLimit}
	if s.hang != nil {
		e.hangLimit = max(*s.hang, 0)
	}
	for _, r := range s.resources {
		if err := e.sim.Network().AddResource(r.url, r.r); err != nil {
			t.Fatalf("simtest: resource %s: %v", r.url, err)
		}
	}
	e.sim.Install(e.factory(s.app))
	if !s.noTrace {
		t.Cleanup(e.logTraceOnFailure)
	}
	return e
}

// logTraceOnFailure writes the rendered trace to the test log if the test
// failed, so the failure comes with the story that led to it.
func (e *Env) logTraceOnFailure() {
	if !e.t.Failed() {
		return
	}
	var tr []simulator.Event
	if e.hung != nil {
		tr = e.hung.Trace // the stuck run still owns the Sim
	} else {
		tr = e.sim.Trace()
	}
	var b strings.Builder
	if err := simulator.RenderText(&b, tr, simulator.TextOptions{}); err != nil {
		e.t.Logf("simtest: render the trace: %v", err)
		return
	}
	e.t.Logf("simtest: the trace of the failed test (%d events):\n%s", len(tr), b.String())
}

// Sim is the simulation, for everything Env does not wrap: user and system
// actions (Launch, Home, MemoryPressureKill, ...), the network, the files.
func (e *Env) Sim() *simulator.Sim { return e.sim }

// T is the test the Env belongs to.
func (e *Env) T() testing.TB { return e.t }

// Trace is every event so far, in order. The slice must not be modified.
func (e *Env) Trace() []simulator.Event { return e.sim.Trace() }

// Violations are the rule violations so far, in order.
func (e *Env) Violations() []simulator.Violation { return e.sim.Violations() }

// ViolationsOf are the violations of rule, in order.
func (e *Env) ViolationsOf(rule simulator.Rule) []simulator.Violation {
	var out []simulator.Violation
	for _, v := range e.sim.Violations() {
		if v.Rule == rule {
			out = append(out, v)
		}
	}
	return out
}

// State is the app's state.
func (e *Env) State() appmodel.State { return e.sim.State() }

// Elapsed is the virtual time since T+0.
func (e *Env) Elapsed() time.Duration { return e.sim.Elapsed() }

// drive makes the calling goroutine the one that drives the simulation
// (simulator.Sim.Own): test code is the driver wherever it runs, and
// Ginkgo runs each node (BeforeEach, It) on a goroutine of its own. The
// Env's methods that hand out or call the app's objects call it, so an It
// reads and calls what a BeforeEach drove. After a hang the stuck run
// keeps the simulation, which the Env no longer touches.
func (e *Env) drive() {
	if e.hung == nil {
		e.sim.Own()
	}
}

// Model is the app model [WithApp]'s factory made for process pid, nil if
// there is none (no such process, or the recording app runs alone). Type
// assert it to the model's type to read its state. Like every method of
// the Env that hands out the app's objects, it makes the calling goroutine
// the simulation's driver, so it works from any Ginkgo node.
func (e *Env) Model(pid int) appmodel.AppDelegate {
	e.drive()
	if p := e.proc(pid); p != nil {
		return p.model
	}
	return nil
}

// Instances is how many app model instances the recording app made: one
// per process launched.
func (e *Env) Instances() int { return len(e.procs) }

// App is the App handle of process pid, as its model received it; nil if
// the process never had a delegate method called. It makes the calling
// goroutine the simulation's driver (see [Env.Model]), so the test may
// call the handle (its Defaults, Files, InvokeOnMainThread) from any
// Ginkgo node.
func (e *Env) App(pid int) appmodel.App {
	e.drive()
	if p := e.proc(pid); p != nil && p.app != nil {
		return p.app
	}
	return nil
}

func (e *Env) proc(pid int) *proc {
	for _, p := range e.procs {
		if p.pid == pid {
			return p
		}
	}
	return nil
}
