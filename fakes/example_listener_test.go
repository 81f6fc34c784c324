package fakes_test

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// download is a record per download that hears its transfers itself: a
// fakes.Listener, so starting one costs no closures.
type download struct {
	c    *fakes.Clock
	name string
}

func (d *download) TransferResponse(x *fakes.Transfer, r fakes.Response) {
	fmt.Println(fakes.FormatOffset(d.c.Elapsed()), d.name, "HTTP", r.Status)
}
func (d *download) TransferChallenge(_ *fakes.Transfer, _ string, reply func(bool)) { reply(false) }
func (d *download) TransferStalled(*fakes.Transfer)                                 {}
func (d *download) TransferDone(x *fakes.Transfer, err error) {
	fmt.Println(fakes.FormatOffset(d.c.Elapsed()), d.name, "done:", err, x.Received(), "bytes")
}

// Two downloads share a 1 MB/s link fairly, each reporting to its own
// record.
func ExampleNetwork_StartListener() {
	c := fakes.NewClock(time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC))
	n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond})
	for _, name := range []string{"a", "b"} {
		url := "https://files.example.com/" + name + ".bin"
		if err := n.AddResource(url, fakes.Resource{Size: 1_000_000}); err != nil {
			fmt.Println(err)
		}
		n.StartListener(fakes.Request{URL: url}, &download{c: c, name: name})
	}
	if err := c.RunUntilIdle(0); err != nil {
		fmt.Println(err)
	}
	// Output:
	// T+00:00.100 a HTTP 200
	// T+00:00.100 b HTTP 200
	// T+00:02.100 a done: <nil> 1000000 bytes
	// T+00:02.100 b done: <nil> 1000000 bytes
}

// connectivity is a record that hears the link's changes itself: a
// fakes.LinkListener, so subscribing it costs no closure.
type connectivity struct {
	c       *fakes.Clock
	changes int
}

func (k *connectivity) LinkChanged(old, new fakes.Link) {
	k.changes++
	fmt.Println(fakes.FormatOffset(k.c.Elapsed()), old.Kind, "->", new.Kind)
}

// A record subscribed to the link's changes hears each after the network
// re-planned its transfers.
func ExampleNetwork_OnLinkChangeListener() {
	c := fakes.NewClock(time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC))
	n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 1_000_000})
	k := &connectivity{c: c}
	n.OnLinkChangeListener(k)
	c.After(time.Second, func() { n.SetLink(fakes.Link{Kind: fakes.Offline}) })
	c.After(3*time.Second, func() { n.SetLink(fakes.Link{Kind: fakes.Cellular, Bandwidth: 500_000}) })
	if err := c.RunUntilIdle(0); err != nil {
		fmt.Println(err)
	}
	fmt.Println(k.changes, "changes")
	// Output:
	// T+00:01.000 wifi -> offline
	// T+00:03.000 offline -> cellular
	// 2 changes
}
