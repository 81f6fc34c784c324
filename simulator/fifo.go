package simulator

import (
	"iter"
	"slices"
)

// fifo is a first-in first-out queue of values held in blocks. A session
// may queue a hundred thousand delegate events or timeouts: blocks never
// copy what they hold as the queue grows (a slice grown by append would
// copy it a dozen times and leave five times its final size to the
// collector), each block is let go once it is consumed, and nothing taken
// from the front stays in memory.
//
// The first block holds one value: most queues of a session (its events,
// its resource deadlines, its idle checks) hold one or two at a time, one
// per task under way, and a block of eight would be three quarters empty in
// every session made. Each block after it is as big as the queue, at least
// minFIFOBlock and at most maxFIFOBlock. A queue that values pass
// through steadily does not make a block for every block's worth of them:
// an emptied only block is used again, and a consumed block (the biggest,
// if two wait) is kept as a spare for the next one needed, in the slot of
// blocks' array past its last block (takeSpare, keepSpare): a field of
// its own, three times in a session, kept a session out of its size
// class (TestSessionSizeClass).
type fifo[T any] struct {
	blocks [][]T // the first from head on, the others whole
	// head is the index of the front value in blocks[0], n the values
	// queued: 32 bits each, as a block holds at most maxFIFOBlock and a
	// session at most one or two values per task (a fifo sits three times
	// in every session).
	head, n int32
	// firstList is blocks' first backing array, part of the queue: most
	// queues never hold two blocks at once, and the list of a queue's
	// first block would otherwise be an allocation of its own (three in a
	// walkthrough). A fifo is therefore not copied once used.
	firstList [1][]T
}

const (
	firstFIFOBlock = 1
	minFIFOBlock   = 8
	maxFIFOBlock   = 512
)

func (q *fifo[T]) len() int { return int(q.n) }

// push adds v at the back.
func (q *fifo[T]) push(v T) {
	k := len(q.blocks) - 1
	if k < 0 || len(q.blocks[k]) == cap(q.blocks[k]) {
		b := q.takeSpare()
		if b == nil {
			size := firstFIFOBlock
			if k >= 0 { // not the queue's first block
				size = min(max(int(q.n), minFIFOBlock), maxFIFOBlock)
			}
			b = make([]T, 0, size)
		}
		if q.blocks == nil {
			q.blocks = q.firstList[:0]
		}
		q.blocks = append(q.blocks, b)
		k++
	}
	q.blocks[k] = append(q.blocks[k], v)
	q.n++
}

// startWith has q's first block use buf's array, an empty one that is
// part of q's owner, rather than one push makes: q must be unused. The
// array then serves as any block does (reused while it is the only one,
// or dropped for a bigger spare).
func (q *fifo[T]) startWith(buf []T) {
	q.firstList[0] = buf[:0]
	q.blocks = q.firstList[:1]
}

// takeSpare returns the spare block, empty, and clears its slot: nil if
// there is none. The spare is kept in the slot of blocks' array past the
// last block, when the array has one.
func (q *fifo[T]) takeSpare() []T {
	k := len(q.blocks)
	if k == cap(q.blocks) {
		return nil
	}
	slot := &q.blocks[:k+1][k]
	b := *slot
	*slot = nil
	return b
}

// keepSpare keeps b, empty, as the spare block (see takeSpare), if blocks'
// array has a slot past the last block.
func (q *fifo[T]) keepSpare(b []T) {
	if k := len(q.blocks); k < cap(q.blocks) {
		q.blocks[:k+1][k] = b
	}
}

// take returns q's values in a fifo of their own and leaves q empty: a
// copy of q would share q's firstList, which q then uses again. (The spare
// block, if any, goes with q's old block list.)
func (q *fifo[T]) take() fifo[T] {
	t := fifo[T]{blocks: slices.Clone(q.blocks), head: q.head, n: q.n}
	*q = fifo[T]{}
	return t
}

// front is the value at the front, for reading or changing in place; the
// queue must not be empty.
func (q *fifo[T]) front() *T { return &q.blocks[0][q.head] }

// back is the value at the back, for reading or changing in place; the
// queue must not be empty.
func (q *fifo[T]) back() *T {
	b := q.blocks[len(q.blocks)-1]
	return &b[len(b)-1]
}

// pop takes the value at the front; the queue must not be empty.
func (q *fifo[T]) pop() T {
	b := q.blocks[0]
	v := b[q.head]
	var zero T
	b[q.head] = zero // let what it names go
	q.head++
	q.n--
	if int(q.head) == len(b) {
		q.head = 0
		if len(q.blocks) == 1 {
			q.blocks[0] = b[:0] // the only block: use it again
		} else {
			spare := q.takeSpare()
			if cap(b) >= cap(spare) {
				spare = b[:0] // its values are zeroed: nothing stays reachable
			}
			// Shift the few block headers down rather than slice them off
			// the front, so that the array holding them is used again; the
			// slot this frees holds the spare.
			n := copy(q.blocks, q.blocks[1:])
			q.blocks[n] = nil
			q.blocks = q.blocks[:n]
			q.keepSpare(spare)
		}
	}
	return v
}

// all yields the values from front to back, each in place.
func (q *fifo[T]) all() iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for i, b := range q.blocks {
			if i == 0 {
				b = b[q.head:]
			}
			for j := range b {
				if !yield(&b[j]) {
					return
				}
			}
		}
	}
}

// retainBehindFront drops the values behind the front for which keep is
// false, keeping the others in order, in place; the front value stays
// whatever keep says of it. The blocks this empties at the back are let
// go.
func (q *fifo[T]) retainBehindFront(keep func(*T) bool) {
	if q.n <= 1 {
		return
	}
	spare := q.takeSpare() // kept past the blocks left (keepSpare, below)
	// Kept values move towards the front into slots already read, so the
	// write position (wk, wj) never passes the read one.
	wk, wj, n := 0, int(q.head)+1, int32(1)
	for k, b := range q.blocks {
		j0 := 0
		if k == 0 {
			j0 = int(q.head) + 1
		}
		for j := j0; j < len(b); j++ {
			if !keep(&b[j]) {
				continue
			}
			if wj == len(q.blocks[wk]) {
				wk, wj = wk+1, 0
			}
			q.blocks[wk][wj] = b[j]
			wj++
			n++
		}
	}
	clear(q.blocks[wk][wj:]) // let what the dropped values name go
	q.blocks[wk] = q.blocks[wk][:wj]
	for k := wk + 1; k < len(q.blocks); k++ {
		clear(q.blocks[k])
		q.blocks[k] = nil
	}
	q.blocks = q.blocks[:wk+1]
	q.keepSpare(spare)
	q.n = n
}
