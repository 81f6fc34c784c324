package simulator

import (
	"slices"
	"time"

	"github.com/bgsim/bgsim/appmodel"
)

// Progress (R-G3): while the app runs, every ProgressInterval the session's
// ticker reports what each moving task received (or sent) since its last
// report. With thousands of tasks sharing a link, every task moves at every
// tick for hours of virtual time, so this is the simulator's hottest path:
// the ticker walks only the moving tasks (movingList), takes their figures
// into a batch it reuses, and queues the batch as one typed queue item that
// stands for one item per report. The delegate queue runs the reports one
// after another, with the callbacks, the order and the trace of one item
// each (queue.continueHere).

// armProgress starts the progress ticker if anything is moving and the app
// can hear about it (R-E1, R-G3).
func (b *bgSession) armProgress() {
	if b.progress.Pending() || b.transferring == 0 || b.conn == nil || !b.conn.p.runnable() {
		return
	}
	b.startTicker(b.d.jitter.firstTick(b.d.s.cfg.ProgressInterval))
}

// startTicker arms the ticker's timer after d, reusing it from the second
// time on.
func (b *bgSession) startTicker(d time.Duration) {
	b.ticking = true
	if b.progress.ResetAfter(d); b.progress.Pending() {
		return
	}
	b.progress = b.d.s.clock.After(d, b.clockFunc())
}

// tick queues the reports of every task that moved since its last one, in
// id order, and arms the next tick while anything moves.
func (b *bgSession) tick() {
	if b.conn == nil || !b.conn.p.runnable() {
		return
	}
	pb := b.batch(b.conn, false)
	if t := b.moving.first; t != nil && t == b.moving.last {
		// One task moves (nearly every app): a list of one is in order,
		// and the batch's own first record holds its report.
		pb.add(t)
	} else {
		pb.recs = slices.Grow(pb.recs, int(b.transferring))
		if b.movingUnsorted {
			b.moving.sort(b.tasks)
			b.movingUnsorted = false
		}
		for t := b.moving.first; t != nil; t = t.movingNext {
			pb.add(t)
		}
	}
	b.queueBatch(pb)
	if b.transferring > 0 {
		// The ticker keeps its phase while it runs (Config.Jitter draws it
		// only when it starts).
		b.startTicker(b.d.s.cfg.ProgressInterval)
	}
}

// finalProgress reports the last bytes of a task that just finished, if
// the app is there to hear it.
func (b *bgSession) finalProgress(t *dtask) {
	if b.conn != nil && b.conn.p.runnable() {
		pb := b.batch(b.conn, true)
		pb.add(t)
		b.queueBatch(pb)
	}
}

// progressRec is one DidWriteData (or DidSendBodyData) call, its figures
// taken when the ticker ran: 32 bytes, one per moving task in a tick.
type progressRec struct {
	t                 *dtask
	delta, now, total int64
}

// uploads reports whether t's progress is what it sends (DidSendBodyData),
// not what it receives; it never changes in a task's life.
func (t *dtask) uploads() bool { return t.kind() == appmodel.UploadKind || t.fromMemory }

// progressBatch is the reports of one tick for the delegate queue of so.
// The queue takes them in order (next); once the last one has run, the
// batch goes back to its session for a later tick.
type progressBatch struct {
	so   *sessionObj
	b    *bgSession
	recs []progressRec
	next int32 // the report the queue takes next (32 bits: the batch stays in its 256-byte size class)
	one  bool  // a task's final report, not a tick's
	// nextSpare links the session's spare batches of one kind (batch).
	nextSpare *progressBatch
	// rec0 is recs' first array, part of the batch: a session with one
	// task moving (nearly every app) then makes one object, not two.
	rec0 [1]progressRec
	// ev is the event of each report, kept from one to the next: the
	// fields every report of the batch shares are set once (batch), and a
	// report sets only its own, where one built afresh is cleared and
	// filled whole at each. Nothing keeps a pointer to it: emitCallback
	// stores its fields, and writes only its desc, which each report sets
	// anew.
	ev callbackEvent
	// full is ev as an Event, for the sinks that take one (a hash, a
	// stream, observers), made at the batch's first report to them
	// (fullEvent) and kept like ev, so that a report sets only its own
	// fields in it.
	// An Event filled whole at every report cost those sinks about 100
	// instructions a report (6% of BenchmarkBulk's 10,000 foreground
	// downloads with the hash sink).
	full *Event
}

// batch returns an empty batch for so, a spare one if there is one. A
// task's final report has batches of its own (one), so that it does not
// take the spare of a tick and make the next tick grow a new one. The
// spares are a list linked through the batches, so that giving one back
// allocates nothing. A spare that last served so is taken as it is
// (inlined: every tick but a connection's first); otherwise takeBatch
// readies one.
func (b *bgSession) batch(so *sessionObj, one bool) *progressBatch {
	spare := &b.spare
	if one {
		spare = &b.spareOne
	}
	if pb := *spare; pb != nil && pb.so == so {
		*spare, pb.nextSpare = pb.nextSpare, nil
		return pb
	}
	return b.takeBatch(spare, so, one)
}

// takeBatch is batch for a batch new to so: the spare at the head of the
// list, if any, or a new one; its event gets the fields so's reports
// share. It is kept out of line (noinline) so that batch, small, inlines
// into tick.
//
//go:noinline
func (b *bgSession) takeBatch(spare **progressBatch, so *sessionObj, one bool) *progressBatch {
	pb := *spare
	if pb != nil {
		*spare, pb.nextSpare = pb.nextSpare, nil
	} else {
		if pb = &b.batch0; pb.b != nil { // the session's own, if not taken yet
			pb = b.d.s.newProgressBatch() // a spare of an earlier run's (Sim.Reset), or new
		}
		pb.b, pb.one = b, one
		pb.recs = pb.rec0[:0]
		pb.ev.rule = RuleG3 // what so.callback emits for a report, but for what each sets
	}
	pb.so = so
	pb.ev.pid, pb.ev.session, pb.ev.queue = so.p.pid, so.b.id, QueueDelegate // so.queue's name
	if pb.full != nil {
		pb.ev.fill(KindSessionCallback, pb.full) // the fields so's reports share
	}
	return pb
}

// queueBatch puts pb on its delegate queue, or keeps it for later if it
// has nothing to report.
func (b *bgSession) queueBatch(pb *progressBatch) {
	if len(pb.recs) == 0 {
		pb.release()
		return
	}
	pb.so.queue.push(queueItem{code: pb})
}

// run, as pb's queue item's code, calls its next report: the batch stays
// at the head of its queue until its last report is over, and stands for
// one item per report.
func (pb *progressBatch) run(*queue) {
	pb.next++
	pb.report(int(pb.next) - 1)
}

// more reports whether pb has reports left to run: its item stays at the
// head of its queue until its last report is over (queue.returned).
func (pb *progressBatch) more() bool { return int(pb.next) < len(pb.recs) }

// over: pb's last report is over, and its item has left the queue; pb is
// kept for a later tick.
func (pb *progressBatch) over(*queue) { pb.release() }

// add takes t's report, if it moved since the last one (R-G3).
func (pb *progressBatch) add(t *dtask) {
	now, total := t.bytes(), t.expected
	if t.uploads() {
		now, total = t.sent(), t.expectedToSend()
	}
	if now <= t.reported {
		return
	}
	pb.recs = append(pb.recs, progressRec{t: t, delta: now - t.reported, now: now, total: total})
	t.reported = now
}

// report runs report i: DidWriteData, DidSendBodyData for an upload, or
// DidReceiveData for a data task, which has no file to write (R-G3).
func (pb *progressBatch) report(i int) {
	r, so := &pb.recs[i], pb.so
	t := r.t
	method := CbDidWriteData
	switch {
	case t.uploads():
		method = CbDidSendBodyData
	case t.kind() == appmodel.DataKind:
		method = CbDidReceiveData
	}
	// What emit would look up, without the search where it can
	// (sessionObj.descOf): the search was about 30 of a report's 140
	// instructions.
	desc := so.descOf(t)
	s := so.p.s
	// What so.callback emits: the batch's event, the fields its reports
	// share set when it was taken, and this report's set here, in ev for
	// the store or in full for the sinks that take an Event. This runs
	// once per moving task per tick.
	if s.typedStore() != nil {
		e := &pb.ev
		e.cb, e.task, e.desc = method, t.id, desc
		e.bytes, e.total, e.expected = r.delta, r.now, r.total
		s.emitCallback(KindSessionCallback, e)
	} else {
		e := pb.fullEvent()
		e.Callback, e.Task, e.Desc = method, t.id, desc
		e.Bytes, e.Total, e.Expected = r.delta, r.now, r.total
		s.emitEvent(e, nil)
	}
	switch method {
	case CbDidSendBodyData:
		so.delegate.DidSendBodyData(so, so.taskObj(t), r.delta, r.now, r.total)
	case CbDidReceiveData:
		so.receiveData(so.taskObj(t), r.delta)
	default:
		so.delegate.DidWriteData(so, so.taskObj(t), r.delta, r.now, r.total)
	}
}

// dataChunk is the most bytes one DidReceiveData of a data task's progress
// hands over: a report of more (a link above 16 MB/s) is several calls.
const dataChunk = 16 << 20

// receiveData hands a data task's n new bytes to the delegate
// (DidReceiveData). bgsim models a body's size, not its bytes: they are
// zeros, from one buffer the daemon keeps and clears before every call,
// so that an app that writes into the slice changes nothing it gets next.
func (so *sessionObj) receiveData(t appmodel.Task, n int64) {
	r := so.b.d.rarely()
	for n > 0 {
		k := int(min(n, dataChunk))
		if len(r.zeros) < k {
			r.zeros = make([]byte, k)
		}
		buf := r.zeros[:k:k]
		clear(buf)
		so.delegate.DidReceiveData(so, t, buf)
		n -= int64(k)
	}
}

// fullEvent returns the batch's Event (full), made at its first report
// to a sink that takes one, with the fields its reports share.
func (pb *progressBatch) fullEvent() *Event {
	if pb.full == nil {
		pb.full = pb.b.d.s.newEvent()
		pb.ev.fill(KindSessionCallback, pb.full)
	}
	return pb.full
}

// release gives the batch back to its session, empty. The records' array
// is not cleared: the tasks it names are its session's, which keeps every
// task it made for as long as it lives (bgSession.task), so it holds
// nothing the collector could otherwise take, and clearing it (a bulk
// write of pointers, with the collector's barrier) would be work for
// nothing at every tick. It keeps the session object it served (so), and
// its event the fields so's reports share, for the next tick of the same
// connection (batch); at most the last connection's process is kept from
// the collector so, until the next connection's first tick.
func (pb *progressBatch) release() {
	pb.recs, pb.next = pb.recs[:0], 0
	spare := &pb.b.spare
	if pb.one {
		spare = &pb.b.spareOne
	}
	pb.nextSpare, *spare = *spare, pb
}

// movingList is a session's tasks in phaseTransferring, in id order, linked
// through the tasks themselves (dtask.movingPrev, movingNext): setPhase
// keeps it, so the progress ticker walks only what moves, and making a
// task move or stop allocates nothing. A task appended out of id order
// (insert) leaves it out of order until the ticker sorts it: its session
// keeps that flag with its others (bgSession.movingUnsorted), where a
// list's own took 8 bytes.
type movingList struct {
	first, last *dtask
}

// insertSearch is how far back insert looks for a task's place. Tasks
// mostly start moving in id order, and a few come back after a retry;
// when many come back out of order (a link that flapped, with Jitter), a
// search for each would cost O(n) every time: they are appended and the
// list is put in order once, at the next tick.
const insertSearch = 8

// insert links t in id order, or at the end if its place is far from it,
// and reports the latter: the list is then out of order.
func (l *movingList) insert(t *dtask) (outOfOrder bool) {
	at := l.last
	for i := 0; at != nil && at.id > t.id; i++ {
		if i == insertSearch {
			at, outOfOrder = l.last, true
			break
		}
		at = at.movingPrev
	}
	t.movingPrev = at
	if at == nil {
		t.movingNext, l.first = l.first, t
	} else {
		t.movingNext, at.movingNext = at.movingNext, t
	}
	if t.movingNext == nil {
		l.last = t
	} else {
		t.movingNext.movingPrev = t
	}
	return outOfOrder
}

// remove unlinks t.
func (l *movingList) remove(t *dtask) {
	if t.movingPrev == nil {
		l.first = t.movingNext
	} else {
		t.movingPrev.movingNext = t.movingNext
	}
	if t.movingNext == nil {
		l.last = t.movingPrev
	} else {
		t.movingNext.movingPrev = t.movingPrev
	}
	t.movingPrev, t.movingNext = nil, nil
}

// sort puts the list in id order, relinking the moving tasks of all, the
// session's tasks in id order. It is kept out of line (noinline): inlined
// in tick, its loop cost the ticker's loop over the moving tasks two
// instructions a task (BenchmarkBulk n=10000 foreground, +0.16%).
//
//go:noinline
func (l *movingList) sort(all []*dtask) {
	l.first, l.last = nil, nil
	for _, t := range all {
		if t.phase != phaseTransferring {
			continue
		}
		t.movingPrev, t.movingNext = l.last, nil
		if l.last == nil {
			l.first = t
		} else {
			l.last.movingNext = t
		}
		l.last = t
	}
}
