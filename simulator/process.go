package simulator

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// process is one run of the app, from launch to termination. A new process
// gets a new app model instance from the factory, so in-memory state dies
// with the process (R-L6).
type process struct {
	s        *Sim
	pid      int
	delegate appmodel.AppDelegate
	opts     appmodel.LaunchOptions
	main     *queue
	queues   []*queue // every queue of the process, main first, then the global queue if made (globalQueue)
	sessions []*sessionObj
	// ext is set for an app extension's process, which runs beside the
	// app's own and does not follow its lifecycle (R-X1).
	ext *extension
	// madeBefore links the run's first processes (Sim.made), and a Sim's
	// spare ones (simSpares.procs).
	madeBefore *process
	// reserved is the background session made with a new Sim's first
	// process, until the daemon makes its first session
	// (Sim.reservedSession).
	reserved *bgSession

	dead bool
	// terminating: the system is ending the process; a crash now (in
	// WillTerminate) does not change why it ends.
	terminating bool
	// inDidEnterBackground: DidEnterBackground has not returned yet (R-L3).
	inDidEnterBackground bool
	// graceArmed: grace was armed and has neither fired nor been stopped
	// (Sim.clockEvent tells its clock event so).
	graceArmed bool

	// grace is the grace period's timer, pending while it lasts (R-L3).
	grace fakes.Timer

	// bg: the background tasks the app opened (R-L4), made when it first
	// opens one: most processes never do.
	bg *bgTasks

	// steps are the lifecycle callbacks queued on the main queue
	// (dispatch.go).
	steps callbackSteps
	mainQ queue // *main: made with the process
	// First backing arrays of queues, steps and main queue items, sized
	// for what a typical run uses (a step at a time; the main, global and
	// delegate queues; one item on the main queue at a time: in all but two
	// of the catalog's scenarios, the walkthrough's included, the main
	// queue never holds a second): a process rarely needs more, and then they grow as
	// slices do. Room for three main queue items, as the tests' busiest
	// runs use, would take a process into the 1,024-byte class.
	queuesBuf    [3]*queue
	stepsBuf     [1]callbackStep
	mainItemsBuf [1]queueItem
	sessionsBuf  [1]*sessionObj
	// session0 is the first session object the process makes (newSession):
	// nearly every app makes one, and a process and its session objects
	// live exactly as long as each other (an object points at its
	// process). Part of the process, it saves a walkthrough two
	// allocations (one a process) for its bytes in the process: with it,
	// a process is 688 bytes, 696 with the allocator's header, within the
	// 704-byte size class (TestProcessSizeClass).
	session0 sessionObj
}

// newSession is a session object of p's, cleared: p.session0 if p has not
// used it yet.
func (p *process) newSession() *sessionObj {
	if p.session0.p == nil {
		p.session0.p = p
		return &p.session0
	}
	return &sessionObj{p: p}
}

func (s *Sim) newProcess(opts appmodel.LaunchOptions) *process {
	s.pids++
	p := s.processObj() // a spare of an earlier run's (Sim.Reset), or new
	p.s, p.pid, p.opts = s, int(s.pids), opts
	p.queues = p.queuesBuf[:0]
	p.steps.list = p.stepsBuf[:0]
	p.sessions = p.sessionsBuf[:0]
	p.main = &p.mainQ
	p.main.init(p, QueueMain)
	p.main.items = p.mainItemsBuf[:0]
	p.queues = append(p.queues, p.main)
	return p
}

// app is the process's appmodel.App: what its app model calls.
func (p *process) app() *appHandle { return (*appHandle)(p) }

// globalQueue is the process's global queue, made the first time the app
// dispatches to it: most processes never do, and a queue costs a few
// allocations. It takes its place second in p.queues, after the main
// queue, as if it had been made at launch: queues are frozen, thawed and
// stopped in that order.
func (p *process) globalQueue() *queue {
	if len(p.queues) > 1 && p.queues[1].name() == QueueGlobal {
		return p.queues[1]
	}
	q := newQueue(p, QueueGlobal)
	p.queues = slices.Insert(p.queues, 1, q)
	return q
}

// runnable reports whether the process may run code now.
func (p *process) runnable() bool {
	if p.ext != nil {
		return !p.dead // R-X1: an extension runs until it ends
	}
	return !p.dead && p.s.proc == p && p.s.state.Running()
}

func (p *process) freeze() {
	for _, q := range p.queues {
		q.freeze()
	}
}

func (p *process) thaw() {
	for _, q := range p.queues {
		q.thaw()
	}
}

// kill ends the process: its queues, timers and holds are gone.
func (p *process) kill() {
	p.dead = true
	for _, q := range p.queues {
		q.stop()
	}
	p.graceArmed = false
	if p.grace.Pending() {
		p.grace.Stop()
	}
	if p.bg != nil {
		p.bg.disarm()
	}
}

// safeCall runs app code. A panic in it is the app crashing: the simulator
// reports it in the trace, with where in the app's code it was raised, and
// terminates the process, and carries on; under Config.AppPanics
// PanicsFail the Run call under way returns it too (AppPanicError). The
// items of a queue do the same in queue.exec.
func (s *Sim) safeCall(p *process, f func()) {
	s.inApp++
	defer func() {
		s.inApp--
		if s.foreign.any() {
			s.reportForeign()
		}
		if r := recover(); r != nil {
			s.appPanicked(p, r)
		}
	}()
	f()
}

// appPanicked crashes p for the panic r of its code, which the deferred
// function that calls it has just recovered: appFrames still sees the
// stack of the panic.
func (s *Sim) appPanicked(p *process, r any) {
	if p.dead {
		return
	}
	where, stack := appFrames()
	msg := panicText(r)
	s.emit(Event{Actor: ActorApp, Kind: KindCrash, Process: p.pid,
		Detail: "panic: " + msg, Where: shortWhere(where)})
	s.notePanic(p, r, where, stack)
	s.crashProcess(p, "the app model panicked: "+msg)
}

// appFault crashes the app for a call it made that iOS would raise an
// exception for (a nil block, say): the crash names the call and the app's
// own line that made it.
func (s *Sim) appFault(p *process, call, why string) {
	if p.dead {
		return
	}
	where, _ := appFrames()
	s.emit(Event{Actor: ActorApp, Kind: KindCrash, Process: p.pid,
		Detail: call + ": " + why, Where: shortWhere(where)})
	s.crashProcess(p, call+": "+why)
}

// addressRE matches what fmt prints for a pointer.
var addressRE = regexp.MustCompile(`0x[0-9a-f]{6,}`)

// panicText is a panic value as text that is the same in every run: an
// error's or a Stringer's text, or the value printed by fmt, with the
// addresses of pointers replaced by the pointer's type.
func panicText(r any) string {
	var msg string
	switch v := r.(type) {
	case error:
		msg = v.Error()
	case fmt.Stringer:
		msg = v.String()
	case string:
		return v
	default:
		msg = fmt.Sprintf("%+v", r)
		switch reflect.ValueOf(r).Kind() {
		case reflect.Pointer, reflect.UnsafePointer, reflect.Func, reflect.Chan, reflect.Map:
			if addressRE.MatchString(msg) {
				return fmt.Sprintf("a value of type %T", r)
			}
		}
	}
	return addressRE.ReplaceAllString(msg, "(address)")
}
