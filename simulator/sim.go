package simulator

import (
	"errors"
	"fmt"
	"time"

	"bgsim/appmodel"
	"bgsim/fakes"
)

// ErrNoApp is returned by actions that need an app when none is installed.
var ErrNoApp = errors.New("simulator: no app installed; call Install first")

// Sim is one simulated device with one app: the facade of the package.
type Sim struct {
	cfg     Config
	clock   *fakes.Clock
	factory appmodel.Factory

	state   appmodel.State
	proc    *process
	pids    int
	current *queue // the queue whose code is running, nil outside app code
	running bool   // inside a Run call: actions must not run the clock

	backgroundSince time.Time
	termReason      TerminationReason
	termDetail      string
	lastTerm        TerminationReason

	defaults *defaultsStore
	files    *fakes.FS
	daemon   *daemon
	power    Power

	trace      []Event
	violations []Violation
}

// New returns a simulation with cfg's settings (zero fields take their
// defaults) and no app installed.
func New(cfg Config) *Sim {
	cfg = cfg.withDefaults()
	c := fakes.NewClock(cfg.Start)
	c.SetBudget(cfg.EventBudget)
	s := &Sim{
		cfg:      cfg,
		clock:    c,
		state:    appmodel.NotRunning,
		defaults: newDefaultsStore(),
		files:    fakes.NewFS(c),
		power:    cfg.Power,
	}
	s.daemon = newDaemon(s)
	return s
}

// Network is the simulated network: add resources, change the link,
// inject faults.
func (s *Sim) Network() *fakes.Network { return s.daemon.net }

// Install sets the factory that makes the app model of each new process.
func (s *Sim) Install(f appmodel.Factory) { s.factory = f }

// Config is the simulation's configuration, defaults filled in.
func (s *Sim) Config() Config { return s.cfg }

// Clock is the simulation's virtual clock.
func (s *Sim) Clock() *fakes.Clock { return s.clock }

// Now is the current virtual time.
func (s *Sim) Now() time.Time { return s.clock.Now() }

// Elapsed is the virtual time since T+0.
func (s *Sim) Elapsed() time.Duration { return s.clock.Elapsed() }

// State is the app's state.
func (s *Sim) State() appmodel.State { return s.state }

// Process is the id of the running (or suspended) process, 0 if none.
func (s *Sim) Process() int {
	if s.proc == nil {
		return 0
	}
	return s.proc.pid
}

// Processes is how many processes have been launched so far.
func (s *Sim) Processes() int { return s.pids }

// LastTermination is why the latest process ended ("" if none has).
func (s *Sim) LastTermination() TerminationReason { return s.lastTerm }

// Trace is every event so far, in order. The slice must not be modified.
func (s *Sim) Trace() []Event { return s.trace[:len(s.trace):len(s.trace)] }

// Violations are the rule violations so far, in order.
func (s *Sim) Violations() []Violation { return append([]Violation(nil), s.violations...) }

// Defaults is the app's NSUserDefaults store, which outlives processes.
func (s *Sim) Defaults() appmodel.Defaults { return s.defaults }

// Files is the app's container, which outlives processes.
func (s *Sim) Files() *fakes.FS { return s.files }

// Launch is the user tapping the app's icon: a cold launch if the app is
// not running, a return to the foreground otherwise (R-L2).
func (s *Sim) Launch() error {
	if s.factory == nil {
		return ErrNoApp
	}
	return s.userAct("taps the app icon", EvUserLaunch, "the user tapped the icon", s.activateAfter)
}

// Home is the user going to the home screen: the app resigns active, then
// enters the background (R-L2).
func (s *Sim) Home() error {
	return s.userAct("goes to the home screen", EvResignActive, "the user left the app", s.enterBackgroundAfter)
}

// ForceQuit is the user swiping the app away in the app switcher. An active
// app first resigns active, as opening the switcher makes it do (R-L7, R-E3).
func (s *Sim) ForceQuit() error {
	if s.state == active {
		return s.userAct("swipes the app away in the app switcher", EvResignActive, "the user opened the app switcher", func(*process) {
			_ = s.terminate(EvForceQuit, TermUserForceQuit, "the user swiped the app away")
		})
	}
	if _, ok := lookup(s.state, EvForceQuit); !ok {
		return &IllegalTransitionError{State: s.state, Event: EvForceQuit}
	}
	s.emit(Event{Actor: ActorUser, Kind: KindUserAction, Detail: "swipes the app away in the app switcher"})
	return s.settle(s.terminate(EvForceQuit, TermUserForceQuit, "the user swiped the app away"))
}

// MemoryPressureKill is the system terminating the app to reclaim memory
// (R-L7, R-E2).
func (s *Sim) MemoryPressureKill() error {
	return s.systemAct(EvSystemKill, TermMemoryPressure, "the system reclaimed memory")
}

// Crash makes the running app crash with message.
func (s *Sim) Crash(message string) error {
	return s.systemAct(EvCrash, TermCrash, message)
}

func (s *Sim) systemAct(ev LifecycleEvent, reason TerminationReason, detail string) error {
	if _, ok := lookup(s.state, ev); !ok {
		return &IllegalTransitionError{State: s.state, Event: ev}
	}
	return s.settle(s.terminate(ev, reason, detail))
}

func (s *Sim) userAct(what string, ev LifecycleEvent, cause string, then func(p *process)) error {
	if _, ok := lookup(s.state, ev); !ok {
		return &IllegalTransitionError{State: s.state, Event: ev}
	}
	s.emit(Event{Actor: ActorUser, Kind: KindUserAction, Detail: what})
	var err error
	if ev == EvUserLaunch && (s.state == notRunning || s.state == terminated) {
		err = s.launch(EvUserLaunch, appmodel.LaunchOptions{Reason: appmodel.LaunchUser}, cause, then)
	} else {
		p := s.proc
		err = s.fire(ev, cause, func() { then(p) })
	}
	return s.settle(err)
}

// activateAfter makes a launched or returning app active once its callback
// returned, if nothing else happened to it meanwhile.
func (s *Sim) activateAfter(p *process) {
	if s.proc == p && s.state == inactive {
		_ = s.fire(EvActivate, "the app is frontmost", nil)
	}
}

func (s *Sim) enterBackgroundAfter(p *process) {
	if s.proc == p && s.state == inactive {
		_ = s.fire(EvEnterBackground, "the app is no longer visible", nil)
	}
}

// launch starts a new process with opts and fires ev for it.
func (s *Sim) launch(ev LifecycleEvent, opts appmodel.LaunchOptions, cause string, then func(*process)) error {
	if s.factory == nil {
		return ErrNoApp
	}
	if _, ok := lookup(s.state, ev); !ok {
		return &IllegalTransitionError{State: s.state, Event: ev}
	}
	p := s.newProcess(opts)
	s.proc = p
	s.emit(Event{Actor: ActorSystem, Kind: KindLaunch, Process: p.pid, Reason: opts.Reason.String(),
		Session: opts.SessionIdentifier, Rule: "R-L6"})
	return s.fire(ev, cause, func() {
		if then != nil {
			then(p)
		}
	})
}

// fire applies the lifecycle table's row for (state, ev): the state
// changes, the system does its bookkeeping, and the row's callbacks are
// queued on the main queue; then runs once the last of them has returned.
func (s *Sim) fire(ev LifecycleEvent, cause string, then func()) error {
	t, ok := lookup(s.state, ev)
	if !ok {
		return &IllegalTransitionError{State: s.state, Event: ev}
	}
	p := s.proc
	from := s.state
	if t.To == terminated {
		s.willTerminate(p, t.Callbacks)
	}
	s.state = t.To
	s.emit(Event{Actor: ActorSystem, Kind: KindTransition, Process: p.pid, From: from.String(),
		To: t.To.String(), Cause: ev.String(), Detail: cause, Rule: t.Rule})

	if t.To == terminated {
		s.endProcess(p, ev)
		if then != nil {
			then()
		}
		return nil
	}
	switch {
	case t.To == suspended:
		p.freeze()
		s.daemon.appSuspended()
	case ev == EvEnterBackground:
		s.enterBackground(p)
		s.daemon.appLeftForeground()
	case ev == EvUserLaunch && (from == background || from == suspended):
		s.enterForeground(p)
	case ev == EvBackgroundLaunch || ev == EvBackgroundResume:
		s.backgroundSince = s.clock.Now()
	}
	if ev == EvUserLaunch {
		s.daemon.userLaunched()
	}
	if from == suspended {
		p.thaw()
	}
	if t.NewProcess {
		s.safeCall(p, func() { p.delegate = s.factory() })
		if p.dead {
			return nil
		}
		if p.delegate == nil {
			s.crashProcess(p, "the app factory returned a nil AppDelegate")
			return nil
		}
	}
	s.dispatch(p, t.Callbacks, then)
	if t.To.Running() && !from.Running() {
		s.daemon.appRunnable()
	}
	return nil
}

// dispatch queues the callbacks on the main queue, one after another, and
// calls then after the last.
func (s *Sim) dispatch(p *process, cbs []Callback, then func()) {
	if len(cbs) == 0 {
		if then != nil {
			then()
		}
		return
	}
	cb, rest := cbs[0], cbs[1:]
	if cb == CbDidEnterBackground {
		p.inDidEnterBackground = true // R-L3: the grace period counts from delivery
	}
	p.main.async(func() {
		s.emit(Event{Actor: ActorApp, Kind: KindAppCallback, Process: p.pid, Callback: string(cb),
			Queue: QueueMain, Reason: s.callbackReason(p, cb), Rule: callbackRule(cb)})
		s.invoke(p, cb)
	}, func() {
		if cb == CbDidEnterBackground {
			p.inDidEnterBackground = false
		}
		s.dispatch(p, rest, then)
	})
}

func (s *Sim) callbackReason(p *process, cb Callback) string {
	if cb == CbFinishedLaunching {
		return p.opts.Reason.String()
	}
	return ""
}

func callbackRule(cb Callback) string {
	switch cb {
	case CbDidEnterBackground:
		return "R-L3"
	case CbWillTerminate:
		return "R-L7"
	}
	return "R-L2"
}

// invoke calls one AppDelegate method.
func (s *Sim) invoke(p *process, cb Callback) {
	d, app := p.delegate, p.app
	switch cb {
	case CbFinishedLaunching:
		d.FinishedLaunching(app, p.opts)
	case CbOnActivated:
		d.OnActivated(app)
	case CbOnResignActivation:
		d.OnResignActivation(app)
	case CbDidEnterBackground:
		d.DidEnterBackground(app)
	case CbWillEnterForeground:
		d.WillEnterForeground(app)
	case CbWillTerminate:
		d.WillTerminate(app)
	}
}

// willTerminate runs the row's last callbacks (WillTerminate)
// synchronously on the main queue, while the app still runs in its state
// (R-L7): the process will not live to run its queue.
func (s *Sim) willTerminate(p *process, cbs []Callback) {
	p.terminating = true
	for _, cb := range cbs {
		s.emit(Event{Actor: ActorApp, Kind: KindAppCallback, Process: p.pid, Callback: string(cb),
			Queue: QueueMain, Rule: callbackRule(cb)})
		prev := s.current
		s.current = p.main
		s.safeCall(p, func() { s.invoke(p, cb) })
		s.current = prev
	}
}

// endProcess ends the process (R-L6) and tells the daemon.
func (s *Sim) endProcess(p *process, ev LifecycleEvent) {
	reason, detail := s.termReason, s.termDetail
	if reason == "" {
		reason = defaultTermReason(ev)
	}
	s.termReason, s.termDetail = "", ""
	p.kill()
	s.proc = nil
	s.lastTerm = reason
	s.emit(Event{Actor: ActorSystem, Kind: KindTerminate, Process: p.pid, Reason: string(reason), Detail: detail, Rule: "R-L6"})
	s.daemon.processEnded(p, reason)
}

func defaultTermReason(ev LifecycleEvent) TerminationReason {
	switch ev {
	case EvForceQuit:
		return TermUserForceQuit
	case EvCrash:
		return TermCrash
	case EvWatchdogKill:
		return TermWatchdog
	}
	return TermMemoryPressure
}

// settle runs what is due at the current instant, so that an action called
// from outside a Run call has its immediate consequences when it returns.
func (s *Sim) settle(err error) error {
	if err != nil || s.running {
		return err
	}
	return s.run(func() error { return s.clock.RunUntil(s.clock.Now()) })
}

// Schedule runs f (typically a user or system action) at offset d from T+0,
// or now if that has passed.
func (s *Sim) Schedule(d time.Duration, f func()) *fakes.Timer {
	return s.clock.Schedule(s.cfg.Start.Add(d), f)
}

// Step fires the next event and reports whether there was one. Called
// from inside a run (an event callback) it does nothing and reports false.
func (s *Sim) Step() bool {
	if s.running {
		return false
	}
	s.running = true
	defer func() { s.running = false }()
	return s.clock.Step()
}

// RunFor runs the simulation for d of virtual time.
func (s *Sim) RunFor(d time.Duration) error {
	return s.run(func() error { return s.clock.RunFor(d) })
}

// RunUntilIdle runs until no event is pending.
func (s *Sim) RunUntilIdle() error {
	return s.run(func() error { return s.clock.RunUntilIdle(s.cfg.EventBudget) })
}

// ErrRunLimit is returned by RunUntil when the condition did not become true
// within the time limit.
var ErrRunLimit = errors.New("simulator: condition not met within the time limit")

// RunUntil runs until cond is true, for at most limit of virtual time.
func (s *Sim) RunUntil(cond func(*Sim) bool, limit time.Duration) error {
	deadline := s.clock.Now().Add(limit)
	return s.run(func() error {
		for n := 0; !cond(s); n++ {
			if n == s.cfg.EventBudget {
				return &fakes.BudgetError{Limit: n, At: s.clock.Elapsed(), Pending: s.clock.Pending()}
			}
			next, ok := s.clock.Next()
			if !ok || next.After(deadline) {
				if err := s.clock.RunUntil(deadline); err != nil {
					return err
				}
				return fmt.Errorf("%w (%s, stopped at %s)", ErrRunLimit, limit, fakes.FormatOffset(s.clock.Elapsed()))
			}
			s.clock.Step()
		}
		return nil
	})
}

func (s *Sim) run(f func() error) error {
	if s.running {
		return fakes.ErrReentrantRun
	}
	s.running = true
	defer func() { s.running = false }()
	if err := f(); err != nil {
		return fmt.Errorf("simulator: run stopped at %s: %w", fakes.FormatOffset(s.clock.Elapsed()), err)
	}
	return nil
}
