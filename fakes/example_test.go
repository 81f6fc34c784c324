package fakes_test

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// The fake clock runs callbacks in virtual time: it jumps from one event
// to the next, so an hour costs nothing, and events at the same instant
// fire in the order they were scheduled.
func ExampleClock() {
	start := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	c := fakes.NewClock(start)
	say := func(what string) func() {
		return func() { fmt.Println(fakes.FormatOffset(c.Elapsed()), what) }
	}
	c.After(time.Hour, say("an hour later"))
	c.After(5*time.Second, say("five seconds"))
	c.After(5*time.Second, say("five seconds, scheduled second"))
	cancelled := c.After(time.Minute, say("never"))
	cancelled.Stop()
	c.After(2*time.Second, func() {
		say("two seconds: schedules one more")()
		c.After(time.Second, say("one second after that"))
	})

	if err := c.RunFor(2 * time.Hour); err != nil {
		fmt.Println(err)
	}
	fmt.Println("now", c.Now().Format(time.TimeOnly), "pending", c.Pending())
	// Output:
	// T+00:02.000 two seconds: schedules one more
	// T+00:03.000 one second after that
	// T+00:05.000 five seconds
	// T+00:05.000 five seconds, scheduled second
	// T+01:00:00.000 an hour later
	// now 11:00:00 pending 0
}

// The fake network serves resources over a link in virtual time: a
// download of 4 MB over a 1 MB/s link with 100 ms of latency answers after
// one round trip; when the link turns to a slower one at 2 s, the rest of
// the body moves at the new rate.
func ExampleNetwork() {
	c := fakes.NewClock(time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC))
	n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond})
	const url = "https://files.example.com/video.mp4"
	if err := n.AddResource(url, fakes.Resource{Size: 4_000_000, ETag: `"v1"`, AcceptRanges: true}); err != nil {
		fmt.Println(err)
	}

	var x *fakes.Transfer
	x = n.Start(fakes.Request{URL: url}, fakes.Handler{
		Response: func(r fakes.Response) {
			fmt.Println(fakes.FormatOffset(c.Elapsed()), "HTTP", r.Status, r.ContentLength, "bytes")
		},
		Done: func(err error) {
			fmt.Println(fakes.FormatOffset(c.Elapsed()), "done:", err, x.Received(), "bytes")
		},
	})
	c.After(2*time.Second, func() {
		fmt.Println(fakes.FormatOffset(c.Elapsed()), "received so far:", x.Received())
		n.SetLink(fakes.Link{Kind: fakes.Cellular, Bandwidth: 500_000, Latency: 100 * time.Millisecond})
	})
	if err := c.RunUntilIdle(1000); err != nil {
		fmt.Println(err)
	}
	// Output:
	// T+00:00.100 HTTP 200 4000000 bytes
	// T+00:02.000 received so far: 1900000
	// T+00:06.200 done: <nil> 4000000 bytes
}
