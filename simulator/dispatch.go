package simulator

import "github.com/bgsim/bgsim/fakes"

// A lifecycle row's callbacks run on the main queue one after another: the
// next is queued only once the one before has returned (with the Work it
// asked for), so blocks the app queued in between run between them.
//
// Each callback queued is a step in its process's list, and an item
// (callbackItem) on the main queue. The main queue runs its items in
// order and finishes each before it starts the next, so the step at the
// head of the list is always the one whose item runs (runStep) and ends
// (endStep): queueing a callback allocates nothing.

// callbackStep is one callback of a lifecycle row, queued on the main queue.
// Two fields (four words, two pointers): pushing and dropping one writes
// them one by one, not through a bulk write barrier over the whole step
// while the collector marks, as the nine words it had with its watchdog
// did (the watchdog is the running step's: callbackSteps keeps it).
type callbackStep struct {
	cbs  []Callback     // cbs[0] is this step's; the rest follow it
	then func(*process) // runs after the last, if not nil
}

// callbackSteps are a process's queued callbacks, pending ones from head.
type callbackSteps struct {
	list []callbackStep
	head int
	// watchdog is the main-thread watchdog of the running step's callback
	// (R-L2, watchdog.go), armed only if the callback does not return in
	// the instant it starts; until then watchdogAt is the place among the
	// events due at its time that it takes as the callback starts. Only
	// the head step runs, and endStep clears both before the next starts.
	watchdog   fakes.Timer
	watchdogAt fakes.Ticket
}

func (c *callbackSteps) push(st callbackStep) { c.list = append(c.list, st) }

// running is the step whose callback runs now: the head.
func (c *callbackSteps) running() *callbackStep { return &c.list[c.head] }

// pop removes the head step; endStep ends its watchdog first.
func (c *callbackSteps) pop() {
	c.list, c.head = dropHead(c.list, c.head, 16)
}

// dispatch queues the callbacks on the main queue, one after another, and
// calls then (if not nil) after the last.
func (s *Sim) dispatch(p *process, cbs []Callback, then func(*process)) {
	if len(cbs) == 0 {
		if then != nil {
			then(p)
		}
		return
	}
	if cbs[0] == CbDidEnterBackground {
		p.inDidEnterBackground = true // R-L3: the grace period counts from delivery
	}
	p.steps.push(callbackStep{cbs: cbs, then: then})
	p.main.push(queueItem{code: (*callbackItem)(p)})
}

// runStep delivers the head step's callback.
func (s *Sim) runStep(p *process) {
	st := p.steps.running()
	cb := st.cbs[0]
	if s.mainThreadLimit(cb) > 0 {
		p.steps.watchdogAt = s.clock.Ticket() // R-L2: launch and scene transitions (armWatchdog)
	}
	s.emitCallback(KindAppCallback, &callbackEvent{pid: p.pid, cb: cb, queue: QueueMain,
		reason: s.callbackReason(p, cb), rule: callbackRule(cb)}) // stored with no Event built
	s.invoke(p, cb)
}

// endStep follows the head step's callback once it has returned: the next
// callback of its row is queued, or its then runs.
func (s *Sim) endStep(p *process) {
	c := &p.steps
	st := c.running()
	cbs, then := st.cbs, st.then
	c.watchdog.Stop()
	c.watchdog, c.watchdogAt = fakes.Timer{}, 0
	c.pop()
	if cbs[0] == CbDidEnterBackground {
		p.inDidEnterBackground = false
	}
	s.dispatch(p, cbs[1:], then)
}
