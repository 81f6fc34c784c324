package fakes_test

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// An endpoint that accepts uploads is one line: its status, the document it
// answers with, and how long the server works before answering. A 1 MB
// upload over a 1 MB/s link with 100 ms of latency is answered one round
// trip, one second of body and the server's 300 ms later.
func ExampleNetwork_AddUploadEndpoint() {
	c := fakes.NewClock(time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC))
	n := fakes.NewNetwork(c, fakes.Link{Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}) // Kind unset: Wi-Fi
	const url = "https://api.example.com/photos"
	if err := n.AddUploadEndpoint(url, fakes.UploadEndpoint{Status: 201, Body: `{"id": 7}`, Latency: 300 * time.Millisecond}); err != nil {
		fmt.Println(err)
	}
	n.Start(fakes.Request{URL: url, Method: "POST", UploadSize: 1_000_000}, fakes.Handler{
		Response: func(r fakes.Response) {
			fmt.Println(fakes.FormatOffset(c.Elapsed()), "HTTP", r.Status, string(r.Body))
		},
	})
	if err := c.RunUntilIdle(1000); err != nil {
		fmt.Println(err)
	}
	// Output:
	// T+00:01.400 HTTP 201 {"id": 7}
}
