package simulator

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// appHandle is the appmodel.App of one process. Calls made after the
// process ended do nothing: the code that makes them is running on in Go,
// but on the device it would be gone. It is the process itself seen
// through appmodel.App's methods (process.app), so that a launch makes
// no handle apart.
type appHandle process

var _ appmodel.App = (*appHandle)(nil)

// proc is the process a is the App of.
func (a *appHandle) proc() *process { return (*process)(a) }

func (a *appHandle) sim() *Sim { return a.proc().s }

func (a *appHandle) State() appmodel.State {
	if !a.sim().onSim("App.State") {
		return appmodel.NotRunning
	}
	if a.proc().dead {
		return appmodel.Terminated
	}
	if a.proc().ext != nil {
		return appmodel.Active // R-X1: an extension runs on screen until it ends
	}
	return a.proc().s.state
}

func (a *appHandle) Now() time.Time {
	if !a.sim().onSim("App.Now") {
		return time.Time{}
	}
	return a.proc().s.clock.Now()
}

// InvokeOnMainThread queues f on the main queue. A nil f crashes the app,
// as a null block does.
func (a *appHandle) InvokeOnMainThread(f func()) {
	if !a.sim().fromApp(a.proc(), "InvokeOnMainThread") {
		return
	}
	if f == nil {
		a.sim().appFault(a.proc(), "InvokeOnMainThread(nil)", nilBlock)
		return
	}
	a.proc().main.asyncFrom(f, a.sim().origin)
}

// DispatchBackground queues f on the global queue. A nil f crashes the app.
func (a *appHandle) DispatchBackground(f func()) {
	if !a.sim().fromApp(a.proc(), "DispatchBackground") {
		return
	}
	if f == nil {
		a.sim().appFault(a.proc(), "DispatchBackground(nil)", nilBlock)
		return
	}
	a.proc().globalQueue().asyncFrom(f, a.sim().origin)
}

// nilBlock is why a call given a nil block crashes the app: Xamarin throws
// ArgumentNullException, and GCD dereferences the null block.
const nilBlock = "the block is nil (ArgumentNullException; a null block crashes GCD)"

// IsMainThread reports whether the caller runs on the main queue; another
// goroutine never does.
func (a *appHandle) IsMainThread() bool {
	return a.sim().onSim("App.IsMainThread") && a.sim().current == a.proc().main
}

// UpdateUI records a UI change; off the main thread it is a violation that,
// under PolicyTerminate, kills the app (R-D5).
func (a *appHandle) UpdateUI(what string) {
	s, p := a.sim(), a.proc()
	if !s.fromApp(p, "UpdateUI") {
		return
	}
	q := s.queueName()
	s.emitLine(&uiLine, p.pid, q, what, nil)
	if s.current == p.main {
		return
	}
	s.violate(p, RuleD5, fmt.Sprintf("UI updated on queue %q, not the main thread: %s", q, what))
	if s.cfg.MainThreadPolicy == PolicyTerminate {
		s.crashProcess(p, "UI updated off the main thread (R-D5, MainThreadPolicy terminate)")
	}
}

func (a *appHandle) BeginBackgroundTask(name string, expired func()) appmodel.BackgroundTaskID {
	if !a.sim().fromApp(a.proc(), "BeginBackgroundTask") {
		return appmodel.InvalidBackgroundTask
	}
	return a.proc().beginBackgroundTask(name, expired)
}

func (a *appHandle) EndBackgroundTask(id appmodel.BackgroundTaskID) {
	if a.sim().fromApp(a.proc(), "EndBackgroundTask") {
		a.proc().endBackgroundTask(id)
	}
}

// MaxAppDuration is the longest Work the app may ask for; longer is
// reported and cut to it. With MaxVirtualTime it keeps every instant far
// from the end of time.Duration's range.
const MaxAppDuration = MaxVirtualTime

// After runs f on the main queue once d has passed. The clock event only
// queues f: while the app is suspended the main queue is frozen, so f waits
// until the app runs again (R-L5). A negative d is taken as 0, as an
// NSTimer does; a timer due after MaxVirtualTime never fires.
func (a *appHandle) After(d time.Duration, f func()) appmodel.Timer {
	p, s := a.proc(), a.sim()
	if !s.fromApp(p, "After") {
		return stoppedTimer{}
	}
	if f == nil {
		s.appFault(p, fmt.Sprintf("After(%s, nil)", d), nilBlock)
		return stoppedTimer{}
	}
	d = max(d, 0)
	if d > MaxVirtualTime-s.clock.Elapsed() {
		return stoppedTimer{}
	}
	origin := s.origin
	// One closure, which checks p.dead itself, rather than a block and a
	// closure around it that checks: an allocation less at every call.
	return appTimer{p: p, t: s.clock.After(d, func() {
		if !p.dead {
			p.main.asyncFrom(f, origin)
		}
	})}
}

// Work keeps the current queue busy for d of virtual CPU time, then runs
// then on it. A negative d, or one longer than MaxAppDuration, is reported
// and taken as 0 or MaxAppDuration: a thread blocked that long is an app
// bug (on the main thread, the watchdog kills the app first: R-L2, R-L3).
func (a *appHandle) Work(d time.Duration, then func()) {
	s, p := a.sim(), a.proc()
	if !s.fromApp(p, "Work") {
		return
	}
	if then == nil {
		s.appFault(p, fmt.Sprintf("Work(%s, nil)", d), nilBlock)
		return
	}
	q := s.current
	if q == nil || q.p != p {
		s.violate(p, RuleL5, "Work called from outside the app's queues; it was ignored")
		return
	}
	switch {
	case d < 0:
		s.violate(p, ruleContract, fmt.Sprintf("Work(%s): a negative duration; it was taken as 0", d))
		d = 0
	case d > MaxAppDuration:
		s.violate(p, ruleContract, fmt.Sprintf("Work(%s): longer than the simulation can run (%s); it was cut to that", d, MaxAppDuration))
		d = MaxAppDuration
	}
	c := q.work()
	c.works = append(c.works, work{d: d, then: then})
}

func (a *appHandle) Files() appmodel.FileSystem { return appFiles{a.proc()} }

func (a *appHandle) Defaults() appmodel.Defaults { return appDefaults{a.proc()} }

func (a *appHandle) Log(format string, args ...any) {
	s, p := a.sim(), a.proc()
	if !s.fromApp(p, "Log") {
		return
	}
	e := Event{Actor: ActorApp, Kind: KindLog, Process: p.pid, Queue: s.queueName()}
	if s.det.set(format, args) {
		s.emitDetail(e, &s.det) // rendered when read (trace_detail.go)
		return
	}
	e.Detail = fmt.Sprintf(format, args...)
	s.emit(e)
}

// queueName is the name of the running queue, "" outside app code.
func (s *Sim) queueName() string {
	if s.current == nil {
		return ""
	}
	return s.current.name()
}

type stoppedTimer struct{}

func (stoppedTimer) Stop() bool { return false }

// appTimer is a timer the app holds: stopping it is a call of the app's.
type appTimer struct {
	p *process
	t fakes.Timer
}

func (t appTimer) Stop() bool {
	if !t.p.s.fromApp(t.p, "Timer.Stop") {
		return false
	}
	return t.t.Stop()
}
