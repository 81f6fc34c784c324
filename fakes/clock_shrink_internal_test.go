package fakes

import (
	"testing"
	"time"
)

// TestClockHeapGivesBackABurst checks that the clock's event heap lets go
// of its array once a burst of events has fired, and that the events still
// fire in order across the copies.
func TestClockHeapGivesBackABurst(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	const n = 100_000
	last, fired := time.Duration(-1), 0
	for i := range n {
		d := time.Duration((i*7919)%n) * time.Millisecond
		c.After(d, func() {
			if c.Elapsed() < last {
				t.Fatalf("event at %s fired after one at %s", c.Elapsed(), last)
			}
			last = c.Elapsed()
			fired++
		})
	}
	high := cap(c.heap)
	for range n - 10 {
		c.Step()
	}
	if cap(c.heap) > high/8 {
		t.Fatalf("heap array holds %d entries after the burst, %d at its height", cap(c.heap), high)
	}
	if err := c.RunUntilIdle(0); err != nil {
		t.Fatal(err)
	}
	if fired != n {
		t.Fatalf("%d events fired, want %d", fired, n)
	}
}
