package simulator

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// ErrNoApp is returned by actions that need an app when none is installed.
var ErrNoApp = errors.New("simulator: no app installed; call Install with the app's factory first (a nil factory installs none)")

// Sim is one simulated device with one app: the facade of the package.
type Sim struct {
	// simRun is what a run starts from zero: Reset clears it whole, in
	// place, and readies the parts that follow it, which outlive a run.
	simRun
	// The clock, the container and the network live as long as the Sim:
	// they are part of it (sim_parts.go), and clock, files and
	// daemon.net point here. Outside simRun, Reset leaves them where they
	// are for their own Reset, rather than copying their 1,392 bytes out
	// and back in around the zeroing (about 600 instructions a Reset).
	parts simParts
	// sink is what takes the run's events: 24 bytes of the Sim, its
	// store and its further parts apart (they hold the trace's tables,
	// several kilobytes whose size follows the trace's needs). Outside
	// simRun, as Reset spares its parts before zeroing it.
	sink traceSink
	// spares is what earlier runs left for this one, nil until the first
	// Reset (sim_reset.go).
	spares   *simSpares
	defaults defaultsStore
}

// simRun is the part of a Sim that each run (New, Reset) starts zero.
type simRun struct {
	cfg     simConfig
	clock   *fakes.Clock
	factory appmodel.Factory

	state   appmodel.State
	proc    *process
	current *queue // the queue whose code is running, nil outside app code
	// onClock is s.clockEvent, made the first time one of the Sim's own
	// timers is armed (clockFunc).
	onClock func()
	running bool // inside a Run call: actions must not run the clock
	// refreshOff: the user switched Background App Refresh off (R-E4).
	// (The flags are side by side to keep a Sim within 2,304 bytes, a
	// size class: TestSimSizeClass.)
	refreshOff bool
	watched    bool // publish Activity (WatchActivity)
	stopping   bool // recording a runaway stop: past MaxTraceEvents
	// pids is how many processes were launched: 32 bits, beside the
	// flags, where a Sim has room.
	pids int32
	// made lists the run's first processes, the latest first (linked by
	// madeBefore), for Reset to keep.
	made *process

	backgroundSince time.Duration // clock offset at which the app last went to the background
	termReason      TerminationReason
	termDetail      string
	lastTerm        TerminationReason

	files     *fakes.FS
	daemon    *daemon // &ownDaemon: made with the Sim, one allocation less
	ownDaemon daemon
	power     Power

	det  detail // the detail of the event being emitted (trace_detail.go)
	rare *simRare

	// What keeps a hostile app model from harming the simulation (guard.go,
	// budget.go, live.go).
	cfgErr    error      // Config.Validate's verdict: every run returns it
	exhausted error      // the trace is full: every run returns it
	inApp     int        // depth of app code running (safeCall)
	origin    string     // the callback running, or that queued the running block
	runCounts codeCounts // blocks of app code run in this Run call, by origin
	dropped   int        // events not recorded because the trace was full
	// inline is how many queue items the clock event being fired may
	// run after its own item, inlined how many it ran (run.go, queue.go).
	inline, inlined int
	ready           readyQueues  // queues whose next item is due now, without a kick (ready.go)
	owner           atomic.Int64 // the goroutine that drives the simulation (outside.go)
	foreign         foreignCalls // calls refused from other goroutines
	live            atomic.Pointer[Activity]
}

// simRare is the part of a Sim that most runs never use, made on first
// use (Sim.rarely). Kept apart, it leaves the Sim within 2,304 bytes, a
// size class: a Sim a few bytes bigger takes 2,688 (TestSimSizeClass).
type simRare struct {
	exts       []*process // app extensions' processes, in launch order (R-X1)
	violations []Violation
	// appPanic is the first app panic since the last Run call returned,
	// kept under PanicsFail for that call to return.
	appPanic *AppPanicError
	faultErr error // the first defect of the simulator itself, for Run to return
	// pendingErr is a misuse to report from the next Run call (misuse):
	// rare, and in the Sim it took the room its network's first transfer
	// now has (TestSimSizeClass).
	pendingErr error
	installs   int // app updates that moved the container (R-L9)
	// killRule is the rule of the budget that ran out, for the transition
	// of the watchdog kill being made (watchdogKill): R-L2, R-L3, R-L4 or
	// R-D8, where the table's row says R-L4.
	killRule Rule
}

// rarely is the Sim's rarely used part, made if it was not yet: for
// writing. Readers check s.rare for nil instead, so that reading makes
// nothing.
func (s *Sim) rarely() *simRare {
	if s.rare == nil {
		s.rare = new(simRare)
	}
	return s.rare
}

// takeMisuse returns the misuse to report from this Run call, if any, and
// forgets it.
func (s *Sim) takeMisuse() error {
	r := s.rare
	if r == nil || r.pendingErr == nil {
		return nil
	}
	err := r.pendingErr
	r.pendingErr = nil
	return err
}

// New returns a simulation with cfg's settings (zero fields take their
// defaults) and no app installed. If cfg is invalid (Config.Validate),
// every action and Run call of the Sim returns the error, and it records
// nothing; NewChecked returns the error at once instead.
func New(cfg Config) *Sim {
	s := new(Sim)
	s.init(cfg)
	return s
}

// init readies s, a new Sim or one Reset zeroed but for its parts, its
// sink and its spares, with cfg's settings: New's work, and Reset's after
// the zeroing.
func (s *Sim) init(cfg Config) {
	s.state = appmodel.NotRunning
	var spare *Config
	if s.spares != nil {
		spare, s.spares.config = s.spares.config, nil
	}
	s.cfgErr = s.cfg.set(&cfg, spare)
	full := &s.cfg
	s.power = full.Power
	s.clock = s.parts.clock.Reset(full.Start) // Init, for a new Sim's zero clock
	s.clock.SetBudget(full.EventBudget)
	s.files = s.parts.files.Init(s.clock)
	s.sink.init(full.TraceKeep, full.TraceLast, s.spares)
	s.files.SetHome(firstContainer(full.Seed)) // R-L9: absolute paths resolve until the container moves
	s.daemon = &s.ownDaemon
	s.daemon.init(s)
}

// Network is the simulated network: add resources, change the link,
// inject faults.
func (s *Sim) Network() *fakes.Network { return s.daemon.net }

// Install sets the factory that makes the app model of each new process.
func (s *Sim) Install(f appmodel.Factory) { s.factory = f }

// Config is the simulation's configuration, defaults filled in.
func (s *Sim) Config() Config { return s.cfg.full() }

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
func (s *Sim) Processes() int { return int(s.pids) }

// LastTermination is why the latest process ended ("" if none has).
func (s *Sim) LastTermination() TerminationReason { return s.lastTerm }

// Trace is the events the run kept, in order: every event so far with the
// default Config.TraceKeep (KeepAll), the last Config.TraceLast with
// KeepLast, none with KeepHash. The slice must not be modified. Reading it
// again after more events costs only the new ones.
func (s *Sim) Trace() []Event { return s.sink.events() }

// Violations are the rule violations so far, in order.
func (s *Sim) Violations() []Violation {
	if s.rare == nil {
		return nil
	}
	return append([]Violation(nil), s.rare.violations...)
}

// Defaults is the app's NSUserDefaults store, which outlives processes.
func (s *Sim) Defaults() appmodel.Defaults { return &s.defaults }

// Files is the app's container, which outlives processes.
func (s *Sim) Files() *fakes.FS { return s.files }
