package fakes_test

// One workload, five schedulers, so that ns/event compares like with like:
// a chain of events where each callback schedules the next a small
// pseudo-random delay ahead, while 1,000 background events sit pending far
// in the future (so every push and pop works against a heap ~10 levels
// deep, as in a busy simulation). The delays come from one fixed-seed PCG
// stream precomputed into a slice, so every scheduler sees the same times.
//
// Run them with:
//
//	go test -run '^$' -bench 'Clock|ValueHeap|BareHeap|Synctest' -benchtime=200000x -cpu 1,2 ./fakes
//	go test -run '^$' -bench 'BenbjohnsonMock' -benchtime=100x ./fakes
//
// Each op is one chained event, so ns/op and ns/event agree; ns/event and
// allocs/event are reported explicitly because they are the units the
// targets are stated in: fakes.Clock within 1.5x of BenchmarkValueHeapChained
// (the least a scheduler can do: a written-out binary heap of values that
// allocates nothing and sifts through a hole, as fakes.Clock's heap does),
// on 1 and 2 cores (-cpu 1,2), with 0 allocs/event.
// The container/heap loop is shown too, but it boxes every push and pop
// into an interface, so it is a flattering yardstick. Except for
// the benbjohnson Mock, the measured time includes making the 1,000
// background events, because the synctest bubble cannot be timed apart
// from its setup; at 200000x that is well under 1% of the total.
//
// On a busy machine the ratio of two separate benchmarks swings with the
// load; BenchmarkClockVsValueHeap (clock_paired_bench_test.go) runs the
// Clock and the value heap in alternating slices and reports the ratio
// that holds still:
//
//	go test -run '^$' -bench 'ClockVsValueHeap' -benchtime=500000x -cpu 1,2 ./fakes

import (
	"container/heap"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/bgsim/bgsim/fakes"
)

const (
	backgroundEvents = 1000
	delaySlots       = 1 << 12 // the chain cycles through this many precomputed delays
)

// chainWorkload is the shared workload: chain delays of 1µs to 1ms, and
// background offsets 100 to 101 days out, beyond the end of any chain a
// benchmark can run (b.N <= 1e9 events of at most 1ms is under 12 days).
type chainWorkload struct {
	delays [delaySlots]time.Duration
	far    [backgroundEvents]time.Duration
}

// horizon is where the runs stop: after every chained event, before every
// background one.
const horizon = 50 * 24 * time.Hour

func (w *chainWorkload) delay(i int) time.Duration { return w.delays[i&(delaySlots-1)] }

var workload = sync.OnceValue(func() *chainWorkload {
	rng := rand.New(rand.NewPCG(0x6267, 0x73696d)) // "bg", "sim"
	w := new(chainWorkload)
	for i := range w.delays {
		w.delays[i] = time.Duration(1+rng.IntN(1000)) * time.Microsecond
	}
	for i := range w.far {
		w.far[i] = 100*24*time.Hour + time.Duration(rng.Int64N(int64(24*time.Hour)))
	}
	return w
})

func reportPerEvent(b *testing.B, events int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
}

// reportAllocsPerEvent reports heap allocations per event, measured around
// the run (the setup's 1,000 background events included, so a scheduler
// that allocates nothing per event shows a value near 0 at large b.N).
func reportAllocsPerEvent(b *testing.B, before runtime.MemStats, events int) {
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(events), "allocs/event")
}

func memStats() runtime.MemStats {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

func noop() {}

// BenchmarkClockChained runs the workload on fakes.Clock.
func BenchmarkClockChained(b *testing.B) {
	w := workload()
	b.ReportAllocs()
	b.ResetTimer()

	before := memStats()
	clk := fakes.NewClock(time.Time{})
	clk.SetBudget(b.N + 1)
	for _, d := range w.far {
		clk.After(d, noop)
	}
	n := 0
	var next func()
	next = func() {
		n++
		if n < b.N {
			clk.After(w.delay(n), next)
		}
	}
	clk.After(w.delay(0), next)
	if err := clk.RunUntil(clk.Start().Add(horizon)); err != nil {
		b.Fatal(err)
	}

	b.StopTimer()
	if n != b.N || clk.Fired() != b.N || clk.Pending() != backgroundEvents {
		b.Fatalf("fired %d chained, %d in all, %d pending; want %d, %d, %d", n, clk.Fired(), clk.Pending(), b.N, b.N, backgroundEvents)
	}
	reportPerEvent(b, b.N)
	reportAllocsPerEvent(b, before, b.N)
}

// BenchmarkClockShortRun is the clock as a short run uses it, with a
// handful of events pending rather than a thousand: each fired event
// schedules the next one soon, moves one of four timeouts further off
// (a Reset of a pending event), and every fourth one stops another
// timeout, which the next move schedules again. Each op is one Step.
func BenchmarkClockShortRun(b *testing.B) {
	w := workload()
	clk := fakes.NewClock(time.Unix(0, 0))
	var timeouts [4]fakes.Timer
	for i := range timeouts {
		timeouts[i] = clk.After(time.Hour, func() {})
	}
	i := 0
	var next func()
	next = func() {
		i++
		clk.After(w.delay(i), next)
		timeouts[i&3].ResetAfter(time.Minute + w.delay(i))
		if i%4 == 0 {
			timeouts[(i+1)&3].Stop()
		}
	}
	clk.After(0, next)
	b.ReportAllocs()
	for b.Loop() {
		if !clk.Step() {
			b.Fatal("nothing pending")
		}
	}
	if clk.Pending() < 2 || clk.Pending() > 6 {
		b.Fatalf("%d events pending, want the short run's few", clk.Pending())
	}
}

// BenchmarkClockResetChained runs the workload on fakes.Clock with a
// watchdog: every chained event also pushes one pending timer a minute
// ahead with ResetAfter, as a transfer re-arms its idle timeout whenever
// bytes move. It measures what re-arming a pending timer costs on top of
// BenchmarkClockChained; the value heap has no Reset to compare with.
func BenchmarkClockResetChained(b *testing.B) {
	w := workload()
	b.ReportAllocs()
	b.ResetTimer()

	before := memStats()
	clk := fakes.NewClock(time.Time{})
	clk.SetBudget(b.N + 1)
	for _, d := range w.far {
		clk.After(d, noop)
	}
	watchdog := clk.After(time.Minute, func() { b.Error("the watchdog fired: a reset did not move it") })
	n, stopped := 0, false
	var next func()
	next = func() {
		n++
		if n < b.N {
			watchdog.ResetAfter(time.Minute)
			clk.After(w.delay(n), next)
			return
		}
		stopped = watchdog.Stop() // the chain is over: so is the watch
	}
	clk.After(w.delay(0), next)
	if err := clk.RunUntil(clk.Start().Add(horizon)); err != nil {
		b.Fatal(err)
	}

	b.StopTimer()
	if !stopped {
		b.Fatal("the watchdog was not pending when the chain ended")
	}
	if n != b.N || clk.Fired() != b.N || clk.Pending() != backgroundEvents {
		b.Fatalf("fired %d chained, %d in all, %d pending; want %d, %d, %d", n, clk.Fired(), clk.Pending(), b.N, b.N, backgroundEvents)
	}
	reportPerEvent(b, b.N)
	reportAllocsPerEvent(b, before, b.N)
}

// valueEvent and valueHeap are the yardstick: the least an event queue
// ordered by (time, sequence) can do. A binary heap of values written out
// by hand: no interface calls, no boxing, no handles, nothing allocated per
// event once the slice has grown.
type valueEvent struct {
	at  int64
	seq uint64
	f   func()
}

type valueHeap []valueEvent

func (e *valueEvent) before(o *valueEvent) bool {
	return e.at < o.at || (e.at == o.at && e.seq < o.seq)
}

// push and pop sift through a hole: each level moves one event, rather
// than swapping two, and the event being placed is written once at the
// end. fakes.Clock's heap is written the same way, so the yardstick does
// not lose to it on technique.
func (h *valueHeap) push(e valueEvent) {
	*h = append(*h, e)
	s := *h
	j := len(s) - 1
	for j > 0 {
		i := (j - 1) / 2
		if !e.before(&s[i]) {
			break
		}
		s[j] = s[i]
		j = i
	}
	s[j] = e
}

func (h *valueHeap) pop() valueEvent {
	s := *h
	top, n := s[0], len(s)-1
	last := s[n]
	s[n] = valueEvent{}
	s = s[:n]
	i := 0
	for n > 0 {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && s[r].before(&s[l]) {
			j = r
		}
		if !s[j].before(&last) {
			break
		}
		s[i] = s[j]
		i = j
	}
	if n > 0 {
		s[i] = last
	}
	*h = s
	return top
}

// BenchmarkValueHeapChained runs the workload on valueHeap: pop, set now,
// call f. It is the yardstick for fakes.Clock.
func BenchmarkValueHeapChained(b *testing.B) {
	w := workload()
	b.ReportAllocs()
	b.ResetTimer()

	before := memStats()
	var (
		h   valueHeap
		now int64
		seq uint64
	)
	after := func(d time.Duration, f func()) {
		seq++
		h.push(valueEvent{at: now + int64(d), seq: seq, f: f})
	}
	for _, d := range w.far {
		after(d, noop)
	}
	n := 0
	var next func()
	next = func() {
		n++
		if n < b.N {
			after(w.delay(n), next)
		}
	}
	after(w.delay(0), next)
	for len(h) > 0 && h[0].at <= int64(horizon) {
		e := h.pop()
		now = e.at
		e.f()
	}

	b.StopTimer()
	if n != b.N || len(h) != backgroundEvents {
		b.Fatalf("fired %d chained, %d pending; want %d, %d", n, len(h), b.N, backgroundEvents)
	}
	reportPerEvent(b, b.N)
	reportAllocsPerEvent(b, before, b.N)
}

// heapItem and itemHeap are the baseline: the textbook container/heap
// event queue, with nothing a real scheduler needs beyond ordering.
type heapItem struct {
	at  int64
	seq uint64
	f   func()
}

type itemHeap []heapItem

func (h itemHeap) Len() int { return len(h) }
func (h itemHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || (h[i].at == h[j].at && h[i].seq < h[j].seq)
}
func (h itemHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *itemHeap) Push(x any)   { *h = append(*h, x.(heapItem)) }
func (h *itemHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = heapItem{}
	*h = old[:len(old)-1]
	return it
}

// BenchmarkBareHeapChained runs the workload on a bare container/heap loop:
// pop, set now, call f. It is shown for comparison, not as the yardstick:
// it boxes every push and pop into an interface, so it flatters any
// scheduler measured against it.
func BenchmarkBareHeapChained(b *testing.B) {
	w := workload()
	b.ReportAllocs()
	b.ResetTimer()

	var (
		h   itemHeap
		now int64
		seq uint64
	)
	after := func(d time.Duration, f func()) {
		seq++
		heap.Push(&h, heapItem{at: now + int64(d), seq: seq, f: f})
	}
	for _, d := range w.far {
		after(d, noop)
	}
	n := 0
	var next func()
	next = func() {
		n++
		if n < b.N {
			after(w.delay(n), next)
		}
	}
	after(w.delay(0), next)
	for h.Len() > 0 && h[0].at <= int64(horizon) {
		it := heap.Pop(&h).(heapItem)
		now = it.at
		it.f()
	}

	b.StopTimer()
	if n != b.N || h.Len() != backgroundEvents {
		b.Fatalf("fired %d chained, %d pending; want %d, %d", n, h.Len(), b.N, backgroundEvents)
	}
	reportPerEvent(b, b.N)
}

// BenchmarkSynctestChained runs the workload on the fake clock of a
// testing/synctest bubble, one time.AfterFunc per event.
//
// A bubble can only be made by synctest.Test, which needs a *testing.T
// that a benchmark does not have: Go 1.26 removed the experimental
// synctest.Run (GOEXPERIMENT=synctest), the linker refuses a linkname to
// internal/synctest.Run, and a zero testing.T is not a working one. So the
// benchmark gets a *testing.T from testing.RunTests, which runs the given
// test functions in-process and returns (unlike testing.Main, it does not
// parse flags or exit). The bubble runs under the benchmark's own timer,
// which stays outside the bubble: inside it, time.Now is fake, so the
// bubble cannot time itself.
func BenchmarkSynctestChained(b *testing.B) {
	w := workload()
	b.ReportAllocs()
	b.ResetTimer()

	n := 0
	inBubble(b, func() {
		done := make(chan struct{})
		bg := make([]*time.Timer, 0, backgroundEvents)
		for _, d := range w.far {
			bg = append(bg, time.AfterFunc(d, noop))
		}
		// Each AfterFunc callback runs on its own goroutine, but one at a
		// time: the next timer is only set by the callback before it.
		var next func()
		next = func() {
			n++
			if n < b.N {
				time.AfterFunc(w.delay(n), next)
				return
			}
			close(done)
		}
		time.AfterFunc(w.delay(0), next)
		<-done
		// Pending timers would otherwise fire when the bubble's last
		// goroutine blocks, a year of virtual time later.
		for _, t := range bg {
			t.Stop()
		}
	})

	b.StopTimer()
	if n != b.N {
		b.Fatalf("fired %d chained events, want %d", n, b.N)
	}
	reportPerEvent(b, b.N)
}

// inBubble runs f once in a synctest bubble, on a *testing.T obtained from
// testing.RunTests (see BenchmarkSynctestChained for why).
func inBubble(b *testing.B, f func()) {
	b.Helper()
	// RunTests applies -test.cpu and -test.count to what it runs; keep
	// the benchmark's GOMAXPROCS, and run f only once.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	ran := false
	test := testing.InternalTest{
		Name: "synctest-bubble",
		F: func(t *testing.T) {
			if ran {
				return
			}
			ran = true
			synctest.Test(t, func(*testing.T) { f() })
		},
	}
	// Match every name: the -test.run pattern in force (usually '^$' when
	// benchmarking) is meant for the package's tests, not for this one.
	matchAll := func(pat, str string) (bool, error) { return true, nil }
	if ok := testing.RunTests(matchAll, []testing.InternalTest{test}); !ok || !ran {
		b.Fatalf("the synctest bubble failed or did not run (ok=%t, ran=%t); a -test.skip pattern skips it", ok, ran)
	}
}

// BenchmarkBenbjohnsonMockChained runs the workload on
// github.com/benbjohnson/clock's Mock, advanced with Add.
//
// The Mock sleeps 1ms of real time for every timer it fires and again at
// the end of every Add, so one op is one event and the benchmark is meant
// to run with a small fixed count, -benchtime=100x (about 0.2s). Mock runs
// each AfterFunc callback on a new goroutine; the callback schedules the
// next event and then signals the driver, which waits for that before the
// next Add, so the chain neither races nor outruns the clock.
func BenchmarkBenbjohnsonMockChained(b *testing.B) {
	w := workload()
	b.ReportAllocs()

	mock := clock.NewMock()
	for _, d := range w.far {
		mock.AfterFunc(d, noop)
	}
	fired := make(chan struct{})
	n := 0 // written only by callbacks, which the fired channel serializes
	var next func()
	next = func() {
		n++
		mock.AfterFunc(w.delay(n), next)
		fired <- struct{}{}
	}
	mock.AfterFunc(w.delay(0), next)

	events := 0
	for b.Loop() {
		// Add(d) fires exactly the pending chained event: it is due d
		// after the previous one, which is where Add left the clock.
		mock.Add(w.delay(events))
		<-fired
		events++
	}

	b.StopTimer()
	if n != events {
		b.Fatalf("fired %d chained events, want %d", n, events)
	}
	reportPerEvent(b, events)
}
