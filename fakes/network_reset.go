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
	t := n.first // made by StartListener (newFirst) if it was not kept
	if n.nextID != 1 {
		t = new(Transfer)
		t.timer.f = t.onTimer
	}
	f := t.timer.f
	*t = Transfer{n: n, id: n.nextID, l: l, hidx: -1, lastByte: n.now()}
	return t, f
}

// firstTransfer is a network's first Transfer and the first array of its
// flow heap, made together (newFirst): nearly every network that starts a
// transfer has one flowing (a walkthrough's one download), and one
// allocation of 224 bytes costs a new network less than a Transfer of 192
// and a block of 24 apart (each object a new Sim makes costs some 40-75
// ns of the allocator's and collector's time; BenchmarkFreshMemory).
type firstTransfer struct {
	t     Transfer
	flows [minFlowBlock]flowEntry
}

// newFirst makes n.first, the network's first Transfer, with its timer's
// func, and its flow heap's first block beside it unless the heap has
// one already (one that Reset kept). It is apart from newTransfer, which
// every transfer calls, so that newTransfer stays small enough to inline
// (a chaos seed took ~110 instructions more when it was not).
func (n *Network) newFirst() {
	ft := new(firstTransfer)
	if h := &n.flows; h.n == 0 && cap(h.block1[0]) == 0 {
		h.block1[0] = ft.flows[:0] // the heap's first push takes it (flowHeap.push)
	}
	ft.t.timer.f = ft.t.onTimer
	n.first = &ft.t
}
