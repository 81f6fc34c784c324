package simulator

import "iter"

// eventQueue is a session's queued delegate events, first in, first out,
// held by value in a fifo. A suspended app's session may gather two events
// for each of a hundred thousand downloads before it is woken, so an entry
// is kept small:
//
//   - a download's DidFinishDownloading and its DidCompleteWithError, which
//     always follow each other (R-D2), share one entry (thenComplete);
//   - an entry holds an event without its challenge (queuedEvent, 32
//     bytes rather than 40): the few challenges wait in a FIFO of their
//     own, taken in step with the evChallenge events.
type eventQueue struct {
	entries fifo[queuedEvent]
	n       int // events, counting a shared entry as two
	// chs are the challenges of the queued evChallenge events, made at
	// the first: few sessions meet one, and inline they kept a session
	// out of its size class (TestSessionSizeClass).
	chs *challengeQueue
}

// challengeQueue is an eventQueue's challenges, in order: those before
// head are delivered.
type challengeQueue struct {
	list []*challengeEvent
	head int
}

// queuedEvent is a sessionEvent as the queue holds it: its challenge, if
// any, is in the queue's chs.
type queuedEvent struct {
	t        *dtask
	location string
	kind     eventKind
	// thenComplete: an evFinishDownloading followed by the task's
	// evComplete, which the entry stands for too.
	thenComplete bool
}

// event is q as a sessionEvent with challenge ch.
func (q queuedEvent) event(ch *challengeEvent) sessionEvent {
	return sessionEvent{kind: q.kind, t: q.t, location: q.location, ch: ch}
}

func (q *eventQueue) len() int { return q.n }

// challenged reports whether an evChallenge event is queued: its challenge
// is in chs, not delivered yet.
func (q *eventQueue) challenged() bool { return q.chs != nil && q.chs.head < len(q.chs.list) }

// take returns the queued events and leaves q empty. (A copy of q would
// share its fifo's first block list: fifo.take.)
func (q *eventQueue) take() eventQueue {
	old := *q
	old.entries = q.entries.take()
	*q = eventQueue{}
	return old
}

func (q *eventQueue) push(e sessionEvent) {
	q.n++
	if e.kind == evComplete && q.entries.len() > 0 {
		if last := q.entries.back(); last.kind == evFinishDownloading && last.t == e.t && !last.thenComplete {
			last.thenComplete = true
			return
		}
	}
	q.entries.push(queuedEvent{t: e.t, location: e.location, kind: e.kind})
	if e.kind == evChallenge {
		if q.chs == nil {
			q.chs = new(challengeQueue)
		}
		q.chs.list = append(q.chs.list, e.ch)
	}
}

// pop takes the first event; the queue must not be empty.
func (q *eventQueue) pop() sessionEvent {
	q.n--
	if f := q.entries.front(); f.thenComplete {
		// Hand out the DidFinishDownloading; the entry stays for the
		// DidCompleteWithError.
		e := f.event(nil)
		*f = queuedEvent{t: f.t, kind: evComplete}
		return e
	}
	f := q.entries.pop()
	var ch *challengeEvent
	if f.kind == evChallenge {
		c := q.chs
		ch = c.list[c.head]
		c.list[c.head] = nil
		c.head++
		if c.head == len(c.list) {
			c.list, c.head = c.list[:0], 0
		}
	}
	return f.event(ch)
}

// all yields the queued events in order.
func (q *eventQueue) all() iter.Seq[sessionEvent] {
	return func(yield func(sessionEvent) bool) {
		c := 0
		if q.chs != nil {
			c = q.chs.head
		}
		for e := range q.entries.all() {
			var ch *challengeEvent
			if e.kind == evChallenge {
				ch = q.chs.list[c]
				c++
			}
			if !yield(e.event(ch)) {
				return
			}
			if e.thenComplete && !yield(sessionEvent{kind: evComplete, t: e.t}) {
				return
			}
		}
	}
}
