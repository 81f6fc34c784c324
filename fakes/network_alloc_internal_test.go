package fakes

import (
	"testing"
	"time"
)

// quietListener is a Listener that ignores what it hears.
type quietListener struct{}

func (quietListener) TransferResponse(*Transfer, Response)                  {}
func (quietListener) TransferChallenge(_ *Transfer, _ string, r func(bool)) { r(false) }
func (quietListener) TransferStalled(*Transfer)                             {}
func (quietListener) TransferDone(*Transfer, error)                         {}

// oneDownload plays one download of a new network on c from start to end.
func oneDownload(t *testing.T, c *Clock) {
	n := NewNetwork(c, Link{Bandwidth: 1 << 20, Latency: 50 * time.Millisecond})
	if err := n.AddResource("https://files.example.com/a.bin", Resource{Size: 3 << 20}); err != nil {
		t.Fatal(err)
	}
	n.StartListener(Request{URL: "https://files.example.com/a.bin"}, quietListener{})
	if err := c.RunUntilIdle(0); err != nil {
		t.Fatal(err)
	}
}

// TestNewNetworkDownloadAllocs pins what a new network allocates for its
// first download, each object one a new simulator pays for at every run:
// the Network, its tick's func, the first Transfer with the flow heap's
// first block beside it (newFirst), and its timer's func.
func TestNewNetworkDownloadAllocs(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	oneDownload(t, c) // the clock's arrays grow once
	if a := testing.AllocsPerRun(50, func() { oneDownload(t, c) }); a != 4 {
		t.Errorf("a new network's first download makes %v objects, want 4", a)
	}
}

// linkCount is a LinkListener that counts the changes it hears.
type linkCount struct{ n int }

func (l *linkCount) LinkChanged(old, new Link) { l.n++ }

// TestOnLinkChangeListenerAllocs: a listener is kept as it is, in the
// network's own first array, where a method value given to OnLinkChange
// is a closure of its own (as a simulator's was at every new Sim).
func TestOnLinkChangeListenerAllocs(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	n, l := NewNetwork(c, Link{}), &linkCount{}
	subscribe := func() {
		n.Init(c, Link{}) // what it keeps from its first run made once, before counting
		n.OnLinkChangeListener(l)
	}
	subscribe()
	if a := testing.AllocsPerRun(50, subscribe); a != 0 {
		t.Errorf("subscribing a listener to a network made anew makes %v objects, want 0", a)
	}
	n.SetLink(Link{Kind: Offline})
	if l.n != 1 {
		t.Errorf("the listener heard %d changes, want 1", l.n)
	}
}
