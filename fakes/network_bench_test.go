package fakes_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// benchDownloads runs count concurrent downloads of size bytes over a link
// of bw bytes per second to completion, b.N times.
func benchDownloads(b *testing.B, count int, size, bw int64) {
	urls := make([]string, count)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://cdn.example.com/f%05d", i)
	}
	want := time.Duration(int64(count)*size*1000/bw)*time.Millisecond + 50*time.Millisecond
	b.ReportAllocs()
	for b.Loop() {
		c := fakes.NewClock(netStart)
		n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: bw, Latency: 50 * time.Millisecond})
		done := 0
		h := fakes.Handler{Done: func(err error) {
			if err != nil {
				b.Fatal(err)
			}
			done++
		}}
		for _, u := range urls {
			if err := n.AddResource(u, fakes.Resource{Size: size}); err != nil {
				b.Fatal(err)
			}
			n.Start(fakes.Request{URL: u}, h)
		}
		if err := c.RunUntilIdle(0); err != nil {
			b.Fatal(err)
		}
		if done != count || c.Elapsed() != want {
			b.Fatalf("%d of %d done at %s, want all at %s", done, count, c.Elapsed(), want)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*count), "ns/transfer")
}

// BenchmarkNetwork10kDownloads: 10,000 x 1 MB sharing 100 MB/s, to the end.
func BenchmarkNetwork10kDownloads(b *testing.B) { benchDownloads(b, 10_000, 1_000_000, 100_000_000) }

// BenchmarkNetwork100Downloads: a session-sized batch.
func BenchmarkNetwork100Downloads(b *testing.B) { benchDownloads(b, 100, 1_000_000, 10_000_000) }

// BenchmarkNetworkStaggered10k: 10,000 downloads of different sizes started
// 10 ms apart, so every start and finish re-plans a busy link.
func BenchmarkNetworkStaggered10k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c := fakes.NewClock(netStart)
		n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 100_000_000, Latency: 50 * time.Millisecond})
		done := 0
		h := fakes.Handler{Done: func(error) { done++ }}
		for i := range 10_000 {
			u := fmt.Sprintf("https://cdn.example.com/f%05d", i)
			if err := n.AddResource(u, fakes.Resource{Size: int64(100_000 + i*37)}); err != nil {
				b.Fatal(err)
			}
			c.Schedule(netStart.Add(time.Duration(i)*10*time.Millisecond), func() {
				n.Start(fakes.Request{URL: u}, h)
			})
		}
		if err := c.RunUntilIdle(0); err != nil {
			b.Fatal(err)
		}
		if done != 10_000 {
			b.Fatalf("%d done", done)
		}
	}
}
