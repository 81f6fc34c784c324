package simulator

// A queue whose next item comes due while a run fires events (RunFor,
// RunUntilIdle, an action's settle) does not give the clock a kick: it
// takes the kick's ticket, its place among the events due now, and is
// listed ready. The run then runs the ready queues itself, in ticket order,
// each as the event its kick would have been, while nothing else is due at
// this instant; once something is, it gives the clock their kicks with
// their tickets, and the clock puts them where they belong among the
// others. The order of everything is the one the kicks would have given:
// only Clock().Fired counts fewer events. A run that looks between events
// (Step, RunUntil) arms kicks as before.

// readyQueues are the queues listed ready, in the order of their tickets,
// linked through the queues (queue.ready): listing one allocates nothing.
type readyQueues struct {
	first, last *queue
	// acting: a user's or the system's action (userAct, systemAct) is
	// changing the app's state outside a run, and settles it next, in a
	// run that runs the ready queues as any other: the queues its change
	// gives items are listed too, rather than given a clock event each
	// (and the main queue a kick function to make).
	acting bool
}

// add lists q, whose ticket is set, in ticket order. Tickets are taken in
// increasing order, so q nearly always goes last; a queue that held its
// kick while it ran items (queue.settleKick) may go before others.
func (r *readyQueues) add(q *queue) {
	if r.last == nil || r.last.ticket < q.ticket {
		q.ready = nil
		if r.last == nil {
			r.first = q
		} else {
			r.last.ready = q
		}
		r.last = q
		return
	}
	at := &r.first
	for *at != nil && (*at).ticket < q.ticket {
		at = &(*at).ready
	}
	q.ready, *at = *at, q
}

// remove unlists q, if listed. (A queue listed is held, queue.held: a
// flag of its own took a queue's flags past a word, 8 bytes more in a
// queue, twice in a process.)
func (r *readyQueues) remove(q *queue) {
	var prev *queue
	for at := r.first; at != nil; prev, at = at, at.ready {
		if at != q {
			continue
		}
		if prev == nil {
			r.first = q.ready
		} else {
			prev.ready = q.ready
		}
		if r.last == q {
			r.last = prev
		}
		break
	}
	q.ready = nil
}

// pop unlists the first queue and returns it, or nil. Its kick is no
// longer held: the caller runs the queue or gives the clock its kick.
func (r *readyQueues) pop() *queue {
	q := r.first
	if q == nil {
		return nil
	}
	r.first = q.ready
	if r.first == nil {
		r.last = nil
	}
	q.ready, q.held = nil, false
	return q
}

// readyHere reports whether the first ready queue may run now, in the
// event that ran before it (a clock event or a ready queue), rather than in
// an iteration of its own of the run's loop: as for a queue's next item
// (queue.continueHere), nothing else is due at this instant, the run allows
// it (Sim.inline, which counts it as an event) and the trace has room. The
// loop would run that queue next: the order is the same, and a walkthrough
// saves about 70 instructions each of its 19 ready queues. The caller
// checks that a queue is listed.
func (s *Sim) readyHere() bool {
	if s.inlined >= s.inline || s.traceFull() {
		return false
	}
	next, ok := s.clock.NextElapsed()
	return !ok || next > s.clock.Elapsed()
}

// armReady gives the clock the kicks of the ready queues, with their
// tickets: something else is due at this instant, or the run stops.
func (s *Sim) armReady() {
	for q := s.ready.pop(); q != nil; q = s.ready.pop() {
		q.armHeld()
	}
}
