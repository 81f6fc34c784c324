package fakes

import (
	"fmt"
	"time"
)

// LinkKind is the kind of connection the device has. Its zero value is
// WiFi: a Link that does not say otherwise is connected, so
// Link{Bandwidth: 1_000_000} is Wi-Fi at 1 MB/s. Offline must be asked for.
type LinkKind int

// The link kinds. Cellular and WiFi differ here only by label and the
// bandwidth given with them; which transfers may use which is the daemon's
// policy.
const (
	WiFi LinkKind = iota // the zero value
	Cellular
	Offline // no connection: never the zero value, so always explicit
)

// String is "offline", "wifi" or "cellular".
func (k LinkKind) String() string {
	switch k {
	case Offline:
		return "offline"
	case WiFi:
		return "wifi"
	case Cellular:
		return "cellular"
	}
	return fmt.Sprintf("LinkKind(%d)", int(k))
}

// Link is the device's connection at one moment. A Network takes a Link
// as it is (NewNetwork, SetLink): the zero Link is Wi-Fi with no
// bandwidth, connected and moving nothing. (simulator.Config.Link fills
// in a zero Link or Bandwidth at T+0 with defaults: its doc says how.)
type Link struct {
	Kind LinkKind // zero is WiFi; set Offline for no connection
	// Bandwidth in bytes per second, shared fairly by every transfer moving
	// body bytes. Zero or negative moves nothing: transfers wait, their
	// LastByteAt frozen, until the bandwidth comes back.
	Bandwidth int64
	// Latency is one round trip: paid before each response (and each
	// redirect hop). Negative is taken as zero.
	Latency time.Duration
}

// Network is the fake network: HTTP resources by URL, one link whose
// condition changes over time, fault injection, and transfers whose bytes are
// computed analytically from the link's fair share (see network_share.go).
// All its callbacks run from events of its Clock. Not safe for concurrent
// use.
type Network struct {
	clock     *Clock
	link      Link
	subs      []LinkListener
	subsBuf   [1]LinkListener     // subs' first array: a simulator subscribes once
	resources resourceTable       // by canonical URL
	faults    map[string][]*Fault // made at the first fault
	auth      *auth               // tokens and the URLs that demand them, see network_auth.go; nil until one is issued or demanded

	// in flight, in start order: offline and DropAtTime fail transfers in
	// this order so that their callbacks come in a stable order.
	head, tail *Transfer
	nextID     uint64
	first      *Transfer // the run's first transfer, for Reset to reuse (network_reset.go)

	// fair-share scheduler state, see network_share.go
	v          u128  // virtual service per flow, nanobytes
	vAt        int64 // clock offset v was computed at
	flows      flowHeap
	tick       Timer
	stillSince int64 // clock offset at which the link last stopped moving bytes
	svc        serviceMemo

	kept *netKept // what Init keeps for the runs after, see network_kept.go
}

// NewNetwork returns a network on clock c whose link starts as l.
func NewNetwork(c *Clock, l Link) *Network { return new(Network).Init(c, l) }

// Link is the current link.
func (n *Network) Link() Link { return n.link }

// SetLink changes the link at the clock's Now. Every flowing transfer is
// re-planned at the new rate from this instant. Going offline fails every
// transfer in flight with ErrConnectionLost (delivered by a clock event at
// Now, in start order), except those whose start event has not fired yet:
// they never reached the network and fail with ErrNotConnected. Round trips
// already under way keep the latency they started with. Subscribers of
// OnLinkChange run after all of that, in subscription order.
func (n *Network) SetLink(l Link) {
	n.advance()
	old := n.link
	wasMoving := n.bandwidth() > 0
	n.link = l
	if wasMoving && n.bandwidth() == 0 {
		n.stillSince = n.vAt
	}
	if l.Kind == Offline {
		for t := n.head; t != nil; {
			next := t.next
			if t.phase != phStarting {
				t.failLater(ConnectionLost)
			}
			t = next
		}
	}
	n.replan()
	for _, sub := range n.subs {
		sub.LinkChanged(old, l)
	}
}

// OnLinkChange subscribes f to link changes. Subscribers are called in
// subscription order, after the transfers have been re-planned.
func (n *Network) OnLinkChange(f func(old, new Link)) {
	n.OnLinkChangeListener(linkFunc(f))
}

// LinkListener hears a network's link changes (see
// [Network.OnLinkChangeListener]).
type LinkListener interface {
	// LinkChanged is called after the link changed from old to new, once
	// the transfers have been re-planned.
	LinkChanged(old, new Link)
}

// OnLinkChangeListener subscribes l to link changes, as
// [Network.OnLinkChange] subscribes a func. A listener that is a pointer
// (or a struct holding just one pointer) is kept as it is, where a method
// value given to OnLinkChange is a closure made for it, an allocation of
// its own. Subscribers of both kinds are called in subscription order,
// after the transfers have been re-planned.
func (n *Network) OnLinkChangeListener(l LinkListener) {
	if n.subs == nil {
		n.subs = n.subsBuf[:0]
	}
	n.subs = append(n.subs, l)
}

// linkFunc is a func subscribed with OnLinkChange: a func value, which a
// LinkListener holds with no allocation of its own.
type linkFunc func(old, new Link)

func (f linkFunc) LinkChanged(old, new Link) { f(old, new) }

// Active is the number of transfers in flight: started, and neither
// finished, failed nor cancelled. It counts them: nothing but a caller
// asks, so a count kept up at every start and end would be work done
// for nothing (and a field of every simulator's Sim).
func (n *Network) Active() int {
	k := 0
	for t := n.head; t != nil; t = t.next {
		k++
	}
	return k
}

// latency is the current round trip, never negative.
func (n *Network) latency() time.Duration { return max(n.link.Latency, 0) }

func (n *Network) track(t *Transfer) {
	t.prev = n.tail
	if n.tail != nil {
		n.tail.next = t
	} else {
		n.head = t
	}
	n.tail = t
}

func (n *Network) untrack(t *Transfer) {
	if t.prev != nil {
		t.prev.next = t.next
	} else {
		n.head = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else {
		n.tail = t.prev
	}
	t.prev, t.next = nil, nil
}

// now is the clock's offset from its start in nanoseconds: the network's
// unit of time.
func (n *Network) now() int64 { return int64(n.clock.Elapsed()) }
