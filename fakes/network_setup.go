package fakes

// Init makes n a network on clock c whose link starts as l, with nothing
// published, as NewNetwork does, and returns n: NewNetwork for a Network
// that is part of a larger value, which then costs no allocation of its
// own (a simulator's Sim holds its network so). Whatever n held before is
// dropped, so it must be the zero Network or one nothing uses any more:
// the transfers of a network in use have events pending on its clock. A
// Network must not be copied once in use: its first resources and
// subscribers are kept inside it.
func (n *Network) Init(c *Clock, l Link) *Network {
	if n.clock != nil { // it was in use (see Clock.Init)
		*n = Network{}
	}
	n.clock, n.link = c, l
	n.vAt, n.stillSince = int64(c.Elapsed()), int64(c.Elapsed())
	return n
}
