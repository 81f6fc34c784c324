package fakes

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// resetLog is a Listener that writes what it hears, with the clock's
// time and the transfer's id, to a log.
type resetLog struct {
	c   *Clock
	out *strings.Builder
}

func (r resetLog) TransferResponse(x *Transfer, resp Response) {
	fmt.Fprintf(r.out, "%v %d response %d\n", r.c.Elapsed(), x.id, resp.Status)
}
func (r resetLog) TransferChallenge(x *Transfer, scheme string, reply func(bool)) {
	fmt.Fprintf(r.out, "%v %d challenge %s\n", r.c.Elapsed(), x.id, scheme)
	reply(false)
}
func (r resetLog) TransferStalled(x *Transfer) {
	fmt.Fprintf(r.out, "%v %d stalled\n", r.c.Elapsed(), x.id)
}
func (r resetLog) TransferDone(x *Transfer, err error) {
	fmt.Fprintf(r.out, "%v %d done %v %d %d\n", r.c.Elapsed(), x.id, err, x.Received(), x.Sent())
}

// resetRun starts three transfers (two downloads and an upload) on n, its
// link dropping at 1.5 s if drop, runs its clock c until idle and returns
// the log.
func resetRun(t *testing.T, c *Clock, n *Network, drop bool) string {
	t.Helper()
	var out strings.Builder
	l := resetLog{c: c, out: &out}
	for i, size := range []int64{3_000_000, 500_000} {
		url := fmt.Sprintf("https://files.example.com/%d.bin", i)
		if err := n.AddResource(url, Resource{Size: size, ETag: `"v1"`, AcceptRanges: true}); err != nil {
			t.Fatal(err)
		}
		n.StartListener(Request{URL: url}, l)
	}
	if err := n.AddResource("https://files.example.com/up", Resource{Size: 10}); err != nil {
		t.Fatal(err)
	}
	n.StartListener(Request{URL: "https://files.example.com/up", Method: "PUT", UploadSize: 200_000}, l)
	if drop {
		c.After(1500*time.Millisecond, func() { n.SetLink(Link{Kind: Offline}) })
	}
	if err := c.RunUntilIdle(0); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestNetworkResetIsNew: a network reset after a run, whatever it left
// (transfers done, failed, cut off), starts its next first transfer in
// the last run's first Transfer, and plays the same run as a new network,
// event for event.
func TestNetworkResetIsNew(t *testing.T) {
	start := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	link := Link{Kind: WiFi, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
	for _, before := range []bool{false, true} {
		for _, after := range []bool{false, true} {
			var c Clock
			n := new(Network).Reset(c.Reset(start), link)
			resetRun(t, &c, n, before)
			first := n.first
			if first == nil || first.id != 1 {
				t.Fatalf("the network's first transfer is %v", first)
			}
			n.Reset(c.Reset(start), link)
			got := resetRun(t, &c, n, after)
			if n.first != first {
				t.Errorf("after a run that dropped the link: %v, the first transfer is a new one", before)
			}
			var fresh Clock
			want := resetRun(t, &fresh, NewNetwork(fresh.Init(start), link), after)
			if got != want {
				t.Fatalf("before %v, after %v: the reset network played\n%s\na new one\n%s", before, after, got, want)
			}
		}
	}
}

// TestNetworkResetClearsFirstTransfer: the Transfer a reset network keeps
// holds nothing of its last run but its timer's func, bound to it.
func TestNetworkResetClearsFirstTransfer(t *testing.T) {
	var c Clock
	start := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	link := Link{Kind: WiFi, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
	n := new(Network).Reset(c.Reset(start), link)
	resetRun(t, &c, n, true)
	n.Reset(c.Reset(start), link)
	x := n.first
	if x.timer.f == nil {
		t.Fatal("the kept transfer lost its timer's func")
	}
	kept := *x
	kept.timer.f = nil
	if !reflect.ValueOf(kept).IsZero() {
		t.Fatalf("the kept transfer is not cleared: %+v", kept)
	}
}
