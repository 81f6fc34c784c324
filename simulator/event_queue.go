package simulator

import "iter"

// eventQueue is a session's queued delegate events, first in, first out,
// held by value in blocks. A suspended app's session may gather two events
// for each of a hundred thousand downloads before it is woken: blocks
// never copy what they hold as the queue grows (a slice grown by append
// would copy it a dozen times and leave the old arrays to the collector),
// and each block is let go once it is delivered.
type eventQueue struct {
	blocks [][]sessionEvent // the first from head on, the others whole
	head   int              // index of the first event in blocks[0]
	n      int
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
		q.blocks = append(q.blocks, make([]sessionEvent, 0, min(max(q.n, minEventBlock), maxEventBlock)))
		k++
	}
	q.blocks[k] = append(q.blocks[k], e)
	q.n++
}

// pop takes the first event; the queue must not be empty.
func (q *eventQueue) pop() sessionEvent {
	b := q.blocks[0]
	e := b[q.head]
	b[q.head] = sessionEvent{} // let its task and error go
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
		for i, b := range q.blocks {
			if i == 0 {
				b = b[q.head:]
			}
			for _, e := range b {
				if !yield(e) {
					return
				}
			}
		}
	}
}
