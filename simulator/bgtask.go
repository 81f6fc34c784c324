package simulator

import (
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// bgTasks are a process's background-task assertions (R-L4). They keep a
// background app running until they end or the budget, counted from when the
// app entered the background, runs out; the expiration handlers run on the
// main queue BackgroundTaskExpiryWarning before that, and an assertion still
// open at the end gets the app killed by the watchdog.
type bgTasks struct {
	open   []*bgTask
	last   appmodel.BackgroundTaskID
	warn   fakes.Timer
	expire fakes.Timer
}

type bgTask struct {
	id      appmodel.BackgroundTaskID
	name    string
	expired func()
}

func (b *bgTasks) disarm() {
	b.warn.Stop()
	b.expire.Stop()
	b.warn, b.expire = fakes.Timer{}, fakes.Timer{}
}

func (p *process) beginBackgroundTask(name string, expired func()) appmodel.BackgroundTaskID {
	if p.bg == nil {
		p.bg = new(bgTasks)
	}
	p.bg.last++
	t := &bgTask{id: p.bg.last, name: name, expired: expired}
	p.bg.open = append(p.bg.open, t)
	p.s.emit(Event{Actor: ActorApp, Kind: KindBGTaskBegin, Process: p.pid, BGTask: int(t.id), Detail: name, Rule: RuleL4})
	if p.s.state == background {
		p.armBackgroundBudget()
	}
	return t.id
}

func (p *process) endBackgroundTask(id appmodel.BackgroundTaskID) {
	if p.bg != nil {
		for i, t := range p.bg.open {
			if t.id != id {
				continue
			}
			p.bg.open = append(p.bg.open[:i], p.bg.open[i+1:]...)
			p.s.emit(Event{Actor: ActorApp, Kind: KindBGTaskEnd, Process: p.pid, BGTask: int(id), Detail: t.name, Rule: RuleL4})
			if len(p.bg.open) == 0 {
				p.bg.disarm()
			}
			p.s.maybeSuspend()
			return
		}
	}
	p.s.violate(p, RuleL4, fmt.Sprintf("EndBackgroundTask(%d): no such open background task", id))
}

// armBackgroundBudget starts the budget's timers, once per stay in the
// background: tasks begun later share what is left of it.
func (p *process) armBackgroundBudget() {
	if p.bg == nil || len(p.bg.open) == 0 || p.bg.expire.Pending() {
		return
	}
	s := p.s
	end := s.clock.Start().Add(s.backgroundSince + s.cfg.BackgroundTaskBudget)
	warnAt := end.Add(-s.cfg.BackgroundTaskExpiryWarning)
	p.bg.warn = s.clock.Schedule(warnAt, func() {
		p.bg.warn = fakes.Timer{}
		if p.dead {
			return
		}
		for _, t := range p.bg.open {
			s.emit(Event{Actor: ActorSystem, Kind: KindBGTaskExpire, Process: p.pid, BGTask: int(t.id), Detail: t.name, Rule: RuleL4})
			if t.expired != nil {
				p.main.async(t.expired)
			}
		}
	})
	p.bg.expire = s.clock.Schedule(end, func() {
		p.bg.expire = fakes.Timer{}
		if p.dead || len(p.bg.open) == 0 {
			return
		}
		names := make([]string, len(p.bg.open))
		for i, t := range p.bg.open {
			names[i] = fmt.Sprintf("%d %q", t.id, t.name)
		}
		s.watchdogKill(p, RuleL4, fmt.Sprintf("background task %v still open when its %s budget ran out",
			names, s.cfg.BackgroundTaskBudget))
	})
}
