package fakes

import (
	"fmt"
	"io/fs"
	"time"
)

// FaultKind is what an injected fault does.
type FaultKind int

// The fault kinds.
const (
	// DropAtByte: the connection is lost when the body reaches AtByte.
	DropAtByte FaultKind = iota
	// DropAtTime: every transfer of the URL in flight at At fails.
	DropAtTime
	// Stall: at AtByte the body stops moving for For, then goes on.
	Stall
	// ServerError: the server answers Status with an empty body.
	ServerError
)

// String is the kind's Go name.
func (k FaultKind) String() string {
	switch k {
	case DropAtByte:
		return "DropAtByte"
	case DropAtTime:
		return "DropAtTime"
	case Stall:
		return "Stall"
	case ServerError:
		return "ServerError"
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault is one injected failure.
type Fault struct {
	Kind FaultKind
	// AtByte (DropAtByte, Stall) is an absolute body offset: a resumed
	// download from offset 5000 meets a fault at 6000 after 1000 bytes. For
	// an upload it is an offset into the upload body.
	AtByte int64
	At     time.Time     // DropAtTime: absolute virtual time
	For    time.Duration // Stall: how long no byte moves
	Status int           // ServerError: the status answered (500, 503, ...)
}

// InjectFault arranges a fault for rawURL.
//
// DropAtTime is scheduled at once and fails every transfer of the URL (as
// requested, or reached by a redirect) that is in flight at At.
//
// The other kinds queue, first in first out, per URL, and a transfer
// attempt meets only the fault at the head of the queue: a ServerError when
// the attempt reaches the server, a DropAtByte or Stall when its body
// reaches AtByte (if the attempt's body never covers AtByte, the fault stays
// queued for a later attempt). Each fault is consumed by the one attempt
// that meets it, so "drop at 5000, then answer 503" plays out over three
// attempts as drop, 503, success.
//
// It is an error if the URL does not parse (ErrBadURL) or the fault is
// malformed (fs.ErrInvalid).
func (n *Network) InjectFault(rawURL string, f Fault) error {
	u, err := n.canonical(rawURL)
	if err != nil {
		return fmt.Errorf("fakes: inject fault %q: %w", rawURL, err)
	}
	bad := ""
	switch f.Kind {
	case DropAtByte, Stall:
		if f.AtByte < 0 {
			bad = fmt.Sprintf("negative AtByte %d", f.AtByte)
		} else if f.Kind == Stall && f.For < 0 {
			bad = fmt.Sprintf("negative For %s", f.For)
		}
	case ServerError:
		if f.Status < 100 || f.Status > 599 {
			bad = fmt.Sprintf("status %d is not an HTTP status", f.Status)
		}
	case DropAtTime:
		n.clock.Schedule(f.At, func() { n.dropAll(u) })
		return nil
	default:
		bad = "unknown kind " + f.Kind.String()
	}
	if bad != "" {
		return fmt.Errorf("fakes: inject fault %s %s: %s: %w", f.Kind, u, bad, fs.ErrInvalid)
	}
	if n.faults == nil {
		n.faults = map[string][]*Fault{} // made at the first fault: most runs inject none
	}
	q := append(n.faults[u], &f)
	n.faults[u] = q
	if len(q) == 1 {
		n.rearm(u)
	}
	return nil
}

// headFault is the fault the next attempt on url meets, or nil.
func (n *Network) headFault(url string) *Fault {
	if n.faults == nil {
		return nil // most runs inject none: no map look-up at each arrival and join
	}
	if q := n.faults[url]; len(q) > 0 {
		return q[0]
	}
	return nil
}

// consumeFault removes the head fault of url and lets the flows of url see
// the next one.
func (n *Network) consumeFault(url string) {
	q := n.faults[url]
	q[0] = nil
	if len(q) == 1 {
		delete(n.faults, url)
	} else {
		n.faults[url] = q[1:]
	}
	n.rearm(url)
}

// rearm recomputes the thresholds of url's flows after its head fault
// changed. Faults are rare, so a scan of the flows is fine here.
func (n *Network) rearm(url string) {
	n.advance()
	var hit []*Transfer
	for i := range n.flows.len() {
		if t := n.flows.at(i).t; t.hop() == url {
			hit = append(hit, t)
		}
	}
	for _, t := range hit {
		n.rethreshold(t)
	}
	n.replan()
}

// arm sets t's next threshold: the end of its body, or the head fault of its
// URL if its body reaches that offset from where it is (moved bytes in). It
// returns the threshold as the flow heap orders it: the virtual service at
// which the target is reached.
func (n *Network) arm(t *Transfer, moved int64) u128 {
	if t.more != nil {
		t.more.armed = nil
	}
	t.target = t.length
	if f := n.headFault(t.hop()); f != nil && (f.Kind == DropAtByte || f.Kind == Stall) {
		if from := t.from(); f.AtByte >= from+moved && f.AtByte < from+t.length {
			t.rare().armed = f
			t.target = f.AtByte - from
		}
	}
	return t.off.add(nanobytes(t.target))
}

// dropAll fails every transfer of url in flight now (DropAtTime), in start
// order.
func (n *Network) dropAll(url string) {
	var hit []*Transfer
	for t := n.head; t != nil; t = t.next {
		if t.phase != phStarting && (t.hop() == url || t.requestURL() == url) {
			hit = append(hit, t)
		}
	}
	for _, t := range hit {
		if t.live() { // an earlier callback may have cancelled it
			t.fail(ConnectionLost)
		}
	}
}
