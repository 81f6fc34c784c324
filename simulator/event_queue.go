package simulator

import "iter"

// eventQueue is a session's queued delegate events, first in, first out,
// held by value in blocks. A suspended app's session may gather two events
// for each of a hundred thousand downloads before it is woken: blocks
// never copy what they hold as the queue grows (a slice grown by append
// would copy it a dozen times and leave the old arrays to the collector),
// and each block is let go once it is delivered.
//
// A block holds an event without its challenge (queuedEvent, 32 bytes
// rather than 40): the few challenges wait in a FIFO of their own, taken
// in step with the evChallenge events.
type eventQueue struct {
	blocks [][]queuedEvent // the first from head on, the others whole
	head   int             // index of the first event in blocks[0]
	n      int
	chs    []*challengeEvent // the challenges of the queued evChallenge events, in order
	chHead int               // chs before chHead are delivered
}

// queuedEvent is a sessionEvent as a block holds it: its challenge, if
// any, is in the queue's chs.
type queuedEvent struct {
	t        *dtask
	location string
	kind     eventKind
}

// event is q as a sessionEvent with challenge ch.
func (q queuedEvent) event(ch *challengeEvent) sessionEvent {
	return sessionEvent{kind: q.kind, t: q.t, location: q.location, ch: ch}
}

// The first block is small, for the common queue of a few events; each
// new one is as big as the queue, up to maxEventBlock.
const (
	minEventBlock = 8
	maxEventBlock = 512
)

func (q *eventQueue) len() int { return q.n }

func (q *eventQueue) push(e sessionEvent) {
	k := len(q.blocks) - 1
	if k < 0 || len(q.blocks[k]) == cap(q.blocks[k]) {
		q.blocks = append(q.blocks, make([]queuedEvent, 0, min(max(q.n, minEventBlock), maxEventBlock)))
		k++
	}
	q.blocks[k] = append(q.blocks[k], queuedEvent{t: e.t, location: e.location, kind: e.kind})
	if e.kind == evChallenge {
		q.chs = append(q.chs, e.ch)
	}
	q.n++
}

// pop takes the first event; the queue must not be empty.
func (q *eventQueue) pop() sessionEvent {
	b := q.blocks[0]
	var ch *challengeEvent
	if b[q.head].kind == evChallenge {
		ch = q.chs[q.chHead]
		q.chs[q.chHead] = nil
		q.chHead++
		if q.chHead == len(q.chs) {
			q.chs, q.chHead = q.chs[:0], 0
		}
	}
	e := b[q.head].event(ch)
	b[q.head] = queuedEvent{} // let its task go
	q.head++
	q.n--
	if q.head == len(b) {
		q.head = 0
		if len(q.blocks) == 1 {
			q.blocks[0] = b[:0] // the only block: use it again
		} else {
			q.blocks[0] = nil
			q.blocks = q.blocks[1:]
		}
	}
	return e
}

// all yields the queued events in order.
func (q *eventQueue) all() iter.Seq[sessionEvent] {
	return func(yield func(sessionEvent) bool) {
		c := q.chHead
		for i, b := range q.blocks {
			if i == 0 {
				b = b[q.head:]
			}
			for _, e := range b {
				var ch *challengeEvent
				if e.kind == evChallenge {
					ch = q.chs[c]
					c++
				}
				if !yield(e.event(ch)) {
					return
				}
			}
		}
	}
}
