package fakes

// Reset makes n a network on clock c whose link starts as l, with no
// resource, fault, token, subscriber or transfer, as Init does, and
// returns n, but keeps the first block of its flows' heap, where the
// transfers moving bytes are ordered: a caller that plays run after run on
// one network (a simulator's Sim.Reset) then allocates it once, not every
// run. Its Transfers from before Reset must not be used. On a zero
// Network, Reset is Init.
func (n *Network) Reset(c *Clock, l Link) *Network {
	var first []flowEntry
	if len(n.flows.blocks) > 0 {
		first = n.flows.blocks[0]
		clear(first[:cap(first)]) // no transfer of the last run stays reachable
	}
	n.Init(c, l)                  // the whole Network zeroed first, then made new
	n.flows.block1[0] = first[:0] // the heap's first push takes it (flowHeap.push)
	return n
}
