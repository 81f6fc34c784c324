package fakes

// Init makes n a network on clock c whose link starts as l, with nothing
// published, as NewNetwork does, and returns n: NewNetwork for a Network
// that is part of a larger value, which then costs no allocation of its
// own (a simulator's Sim holds its network so). Whatever n held before is
// dropped, so it must be the zero Network or one nothing uses any more:
// the transfers of a network in use have events pending on its clock. A
// Network must not be copied once made: its first resources and
// subscribers are kept inside it, and its tick's callback is bound to it.
func (n *Network) Init(c *Clock, l Link) *Network {
	onTick, kept := n.tick.f, n.kept
	if n.clock != nil { // it was in use (see Clock.Init)
		if kept == nil {
			kept = new(netKept)
		}
		*n = Network{}
	}
	if onTick == nil {
		onTick = n.onTick
	}
	// The tick's callback, n.onTick, is a closure on the heap bound to n,
	// which stays where it is: made once, it serves every run a network
	// reset for run after run plays (a simulator's Sim.Reset), where
	// making it at each run's first tick cost an allocation. The tick
	// has no clock until it is first scheduled (see replan), and acts as
	// the zero Timer until then. What a run found out for the runs
	// after is kept too (network_kept.go).
	n.clock, n.link, n.tick.f, n.kept = c, l, onTick, kept
	n.vAt, n.stillSince = int64(c.Elapsed()), int64(c.Elapsed())
	return n
}
