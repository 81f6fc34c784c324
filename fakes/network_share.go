package fakes

import (
	"math/bits"
	"time"
)

// The link is shared by generalised processor sharing: every flow (a
// transfer currently moving body bytes) gets Bandwidth/N. Rather than
// updating N counters whenever something changes, the network keeps one
// virtual-service counter v: the nanobytes a single flow has received since
// the network was made. A flow that joins at v0 with m bytes already moved
// records off = v0 - m; it has moved v - off and reaches its next threshold
// (end of body or an armed fault) at v = off + target. Flows sit in a heap
// by threshold and one clock event (tick) waits for the smallest, so a start,
// finish, stall or link change costs O(log n) and nothing ticks per byte.
//
// v is advanced with floor(B*dt/N) and the tick is scheduled at the ceiling
// of the time the threshold needs, so when the tick fires v has reached the
// threshold exactly as computed, and never before.

// bandwidth is the rate the link moves bytes at now: 0 when offline or when
// the configured bandwidth is not positive.
func (n *Network) bandwidth() int64 {
	if n.link.Kind == Offline || n.link.Bandwidth <= 0 {
		return 0
	}
	return n.link.Bandwidth
}

// serviceAt is v extrapolated to clock offset now at the current rate.
func (n *Network) serviceAt(now int64) u128 {
	dt, b, k := now-n.vAt, n.bandwidth(), n.flows.len()
	if dt <= 0 || b == 0 || k == 0 {
		return n.v
	}
	m := &n.svc
	if m.now == now && m.vAt == n.vAt && m.b == b && m.k == k {
		return m.out // first: a progress tick over many flows asks here for each
	}
	hi, lo := bits.Mul64(uint64(b), uint64(dt)) // bytes/s * ns = nanobytes
	if k == 1 {
		// One flow has the whole link: no division, and nothing worth
		// remembering (a walkthrough's progress ticks ask at eight
		// instants, ~25 instructions each).
		return n.v.add(u128{hi, lo})
	}
	d, _ := u128{hi, lo}.div(uint64(k))
	*m = serviceMemo{now: now, vAt: n.vAt, b: b, k: k, out: n.v.add(d)}
	return m.out
}

// serviceMemo is serviceAt's last answer and what it was computed from: a
// progress tick asks for every moving transfer's bytes at one instant, and
// the divisions need doing only once. v is not kept: it changes only when
// advance moves vAt on, so vAt says which v it was. The zero memo (k 0)
// answers nothing: serviceAt answers k 0 without one.
type serviceMemo struct {
	now int64
	vAt int64
	out u128
	b   int64
	k   int
}

// advance brings v up to now; every change of the flow set or of the rate
// calls it first so that the past is accounted at the rate that held then.
func (n *Network) advance() {
	now := n.now()
	n.v = n.serviceAt(now)
	n.vAt = now
}

// join puts t (whose moved count is current) into the flow set.
func (n *Network) join(t *Transfer) {
	n.advance()
	t.phase = phFlowing
	t.off = n.v.sub(nanobytes(t.moved))
	t.joinAt = n.vAt
	n.flows.push(t, n.arm(t, t.moved))
	n.replan()
}

// leave takes t out of the flow set, freezing its moved count and the time
// its last byte moved.
func (n *Network) leave(t *Transfer) {
	n.advance()
	t.lastByte = t.lastByteOffset()
	t.moved = n.movedAt(t, n.v)
	n.flows.remove(int(t.hidx))
	n.replan()
}

// movedAt is the body bytes t has moved when the virtual service is v.
func (n *Network) movedAt(t *Transfer, v u128) int64 {
	return min(v.sub(t.off).bytesFloor(), t.target)
}

// rethreshold recomputes t's threshold after the fault it may meet changed.
func (n *Network) rethreshold(t *Transfer) {
	n.flows.fix(int(t.hidx), n.arm(t, n.movedAt(t, n.v)))
}

// replan points the tick at the moment the smallest threshold is reached.
func (n *Network) replan() {
	b := n.bandwidth()
	if n.flows.len() == 0 || b == 0 {
		n.tick.Stop()
		return
	}
	n.advance()
	now := n.vAt
	var dt int64
	if thr := n.flows.at(0).thr; n.v.less(thr) {
		p, overflow := thr.sub(n.v).mul(uint64(n.flows.len()))
		if overflow {
			n.stopTick()
			return
		}
		q, r := p.div(uint64(b))
		if r != 0 {
			q = q.add(u128of(1))
		}
		if q.hi != 0 || q.lo > uint64(1<<63-1-now) {
			n.stopTick() // centuries away: beyond what time.Time offsets can hold
			return
		}
		dt = int64(q.lo)
	}
	at := time.Duration(now + dt) // an offset, as the clock keeps it
	switch {
	case n.tick.c == nil:
		n.tick = n.clock.ScheduleOffset(at, n.tick.f) // n.onTick (see Init)
	case n.tick.Pending() && n.tick.WhenOffset() == at:
		// unchanged: keep its place among events due at the same instant
	default:
		n.tick.ResetOffset(at)
	}
}

func (n *Network) stopTick() { n.tick.Stop() }

// onTick settles every flow whose threshold has been reached, in threshold
// then start order. Their callbacks may start, cancel or re-plan anything;
// the loop re-reads the heap after each.
func (n *Network) onTick() {
	n.advance()
	for n.flows.len() > 0 && !n.v.less(n.flows.at(0).thr) {
		t := n.flows.at(0).t
		t.lastByte = n.vAt // it was moving up to this instant
		t.moved = t.target
		n.flows.remove(0)
		t.reached()
	}
	n.replan()
}
