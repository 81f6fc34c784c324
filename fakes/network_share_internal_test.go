package fakes

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestServiceMemoAnswersAsComputed checks serviceAt's memo against the
// computation it saves: on a network whose transfers start, end and are
// cancelled at random, whose link changes and whose clock moves in steps
// of random size, serviceAt at each moment, asked once or twice and
// between changes, gives what it gives with the memo forgotten.
func TestServiceMemoAnswersAsComputed(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 34))
	c := NewClock(time.Unix(0, 0))
	n := NewNetwork(c, Link{Bandwidth: 1_000_000})
	var live []*Transfer
	hits := 0
	for i := range 20 {
		u := fmt.Sprintf("https://a.example/f%d", i)
		if err := n.AddResource(u, Resource{Size: int64(1 + rng.IntN(3_000_000))}); err != nil {
			t.Fatal(err)
		}
	}
	for step := range 20_000 {
		switch rng.IntN(6) {
		case 0:
			live = append(live, n.Start(Request{URL: fmt.Sprintf("https://a.example/f%d", rng.IntN(20))}, Handler{}))
		case 1:
			if len(live) > 0 {
				live[rng.IntN(len(live))].Cancel()
			}
		case 2:
			n.SetLink(Link{Bandwidth: int64(rng.IntN(4)) * 700_000})
		default:
			if err := c.RunFor(time.Duration(rng.IntN(3)) * time.Duration(rng.IntN(400)) * time.Millisecond); err != nil {
				t.Fatal(err)
			}
		}
		for range 1 + rng.IntN(2) {
			now := n.now()
			if now > n.vAt && n.bandwidth() > 0 && n.flows.len() > 0 && n.svc.now == now {
				hits++ // answered from the memo
			}
			got := n.serviceAt(now)
			n.svc = serviceMemo{}
			if want := n.serviceAt(now); got != want {
				t.Fatalf("step %d: serviceAt(%d) = %v with the memo, %v without", step, now, got, want)
			}
		}
	}
	if hits < 1000 {
		t.Fatalf("the memo answered %d times: the test does not exercise it", hits)
	}
}
