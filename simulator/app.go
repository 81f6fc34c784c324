package simulator

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/appmodel"
)

// appHandle is the appmodel.App of one process. Calls made after the
// process ended do nothing: the code that makes them is running on in Go,
// but on the device it would be gone.
type appHandle struct{ p *process }

var _ appmodel.App = (*appHandle)(nil)

func (a *appHandle) sim() *Sim { return a.p.s }

func (a *appHandle) State() appmodel.State {
	if a.p.dead {
		return appmodel.Terminated
	}
	if a.p.ext != nil {
		return appmodel.Active // R-X1: an extension runs on screen until it ends
	}
	return a.p.s.state
}

func (a *appHandle) Now() time.Time { return a.p.s.clock.Now() }

func (a *appHandle) InvokeOnMainThread(f func()) {
	if !a.p.dead {
		a.p.main.async(f, nil)
	}
}

func (a *appHandle) DispatchBackground(f func()) {
	if !a.p.dead {
		a.p.global.async(f, nil)
	}
}

func (a *appHandle) IsMainThread() bool { return a.sim().current == a.p.main }

// UpdateUI records a UI change; off the main thread it is a violation that,
// under PolicyTerminate, kills the app (R-D5).
func (a *appHandle) UpdateUI(what string) {
	s, p := a.sim(), a.p
	if p.dead {
		return
	}
	q := s.queueName()
	s.emit(Event{Actor: ActorApp, Kind: KindUI, Process: p.pid, Queue: q, Detail: what})
	if s.current == p.main {
		return
	}
	s.violate(p, RuleD5, fmt.Sprintf("UI updated on queue %q, not the main thread: %s", q, what))
	if s.cfg.MainThreadPolicy == PolicyTerminate {
		s.crashProcess(p, "UI updated off the main thread (R-D5, MainThreadPolicy terminate)")
	}
}

func (a *appHandle) BeginBackgroundTask(name string, expired func()) appmodel.BackgroundTaskID {
	if a.p.dead {
		return appmodel.InvalidBackgroundTask
	}
	return a.p.beginBackgroundTask(name, expired)
}

func (a *appHandle) EndBackgroundTask(id appmodel.BackgroundTaskID) {
	if !a.p.dead {
		a.p.endBackgroundTask(id)
	}
}

// After runs f on the main queue once d has passed. The clock event only
// queues f: while the app is suspended the main queue is frozen, so f waits
// until the app runs again (R-L5).
func (a *appHandle) After(d time.Duration, f func()) appmodel.Timer {
	p := a.p
	if p.dead {
		return stoppedTimer{}
	}
	return p.after(d, func() { p.main.async(f, nil) })
}

// Work keeps the current queue busy for d of virtual CPU time, then runs
// then on it.
func (a *appHandle) Work(d time.Duration, then func()) {
	s, p := a.sim(), a.p
	if p.dead {
		return
	}
	q := s.current
	if q == nil || q.p != p {
		s.violate(p, RuleL5, "Work called from outside the app's queues; it was ignored")
		return
	}
	q.works = append(q.works, work{d: max(d, 0), then: then})
}

func (a *appHandle) Files() appmodel.FileSystem { return a.sim().files }

func (a *appHandle) Defaults() appmodel.Defaults { return a.sim().defaults }

func (a *appHandle) Log(format string, args ...any) {
	s, p := a.sim(), a.p
	if p.dead {
		return
	}
	s.emit(Event{Actor: ActorApp, Kind: KindLog, Process: p.pid, Queue: s.queueName(), Detail: fmt.Sprintf(format, args...)})
}

// queueName is the name of the running queue, "" outside app code.
func (s *Sim) queueName() string {
	if s.current == nil {
		return ""
	}
	return s.current.name
}

type stoppedTimer struct{}

func (stoppedTimer) Stop() bool { return false }
