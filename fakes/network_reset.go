package fakes

// Reset makes n a network on clock c whose link starts as l, with no
// resource, fault, token, subscriber or transfer, as Init does, and
// returns n, but keeps the first block of its flows' heap, where the
// transfers moving bytes are ordered, and the first Transfer it started,
// which its next first transfer is: a caller that plays run after run on
// one network (a simulator's Sim.Reset) then allocates them once, not
// every run. Its Transfers from before Reset must not be used. On a zero
// Network, Reset is Init.
func (n *Network) Reset(c *Clock, l Link) *Network {
	var first []flowEntry
	if len(n.flows.blocks) > 0 {
		first = n.flows.blocks[0]
		clear(first[:cap(first)]) // no transfer of the last run stays reachable
	}
	t := n.first
	if t != nil {
		// Its timer's func, bound to it, is the one it keeps (newTransfer).
		*t = Transfer{timer: event{f: t.timer.f}}
	}
	n.Init(c, l)                  // the whole Network zeroed first, then made new
	n.flows.block1[0] = first[:0] // the heap's first push takes it (flowHeap.push)
	n.first = t
	return n
}

// newTransfer is a new transfer for StartListener, numbered n.nextID,
// whose events go to l, and the func its timer calls (t.onTimer): for the
// first transfer after Reset, the last run's first, with its func (a
// reset simulator's walkthrough makes 208 bytes and two allocations less).
// A network keeps its first transfer (n.first) for a Reset to come.
func (n *Network) newTransfer(l Listener) (*Transfer, func()) {
	t := n.first
	if n.nextID != 1 || t == nil {
		t = new(Transfer)
		if n.nextID == 1 {
			n.first = t
		}
		t.timer.f = t.onTimer
	}
	f := t.timer.f
	*t = Transfer{n: n, id: n.nextID, l: l, hidx: -1, lastByte: n.now()}
	return t, f
}
