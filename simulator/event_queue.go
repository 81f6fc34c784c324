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
	n       int               // events, counting a shared entry as two
	chs     []*challengeEvent // the challenges of the queued evChallenge events, in order
	chHead  int               // chs before chHead are delivered
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
		q.chs = append(q.chs, e.ch)
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
		ch = q.chs[q.chHead]
		q.chs[q.chHead] = nil
		q.chHead++
		if q.chHead == len(q.chs) {
			q.chs, q.chHead = q.chs[:0], 0
		}
	}
	return f.event(ch)
}

// all yields the queued events in order.
func (q *eventQueue) all() iter.Seq[sessionEvent] {
	return func(yield func(sessionEvent) bool) {
		c := q.chHead
		for e := range q.entries.all() {
			var ch *challengeEvent
			if e.kind == evChallenge {
				ch = q.chs[c]
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
