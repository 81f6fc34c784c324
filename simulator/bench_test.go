package simulator_test

// Benchmarks of the simulator at scale. Unexported names start with bn so
// as not to clash with the helpers of other files of this package.

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

const (
	bnSession    = "com.example.bench.BulkSession"
	bnKeyStarted = "bench.started"
	bnDownloads  = 10_000
	bnSize       = 100_000     // bytes per download
	bnBandwidth  = 100_000_000 // bytes per second: all of them take 10 s
)

// bnApp starts n downloads in one background session at its first
// activation and handles their events the right way: it reconnects at
// every launch, moves each file into its container, and calls the
// completion handler on the main thread after
// DidFinishEventsForBackgroundSession.
type bnApp struct {
	appmodel.AppDelegateBase
	w       *bnWorld
	app     appmodel.App
	session appmodel.Session
	handler func()
}

// bnWorld is what outlives the processes: the app's constants and the
// harness's counters.
type bnWorld struct {
	urls, paths     []string
	resourceTimeout time.Duration // the session's TimeoutIntervalForResource; 0 keeps the default
	completed       int           // DidCompleteWithError calls
	failed          int
	handlerDone     bool // the completion handler was called
}

func newBnWorld(n int) *bnWorld {
	w := &bnWorld{urls: make([]string, n), paths: make([]string, n)}
	for i := range n {
		w.urls[i] = fmt.Sprintf("https://cdn%d.example.com/bulk/f%05d", i%4, i)
		w.paths[i] = fmt.Sprintf("/Documents/bulk/f%05d", i)
	}
	return w
}

func (a *bnApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	a.app = app
	if app.Defaults().Bool(bnKeyStarted) {
		a.connect()
	}
}

func (a *bnApp) connect() {
	if a.session == nil {
		cfg := appmodel.BackgroundSessionConfig(bnSession)
		if a.w.resourceTimeout > 0 {
			cfg.TimeoutIntervalForResource = a.w.resourceTimeout
		}
		a.session = a.app.NewSession(cfg, &bnDelegate{a: a})
	}
}

func (a *bnApp) OnActivated(app appmodel.App) {
	a.app = app
	if app.Defaults().Bool(bnKeyStarted) {
		return
	}
	app.Defaults().SetBool(bnKeyStarted, true)
	a.connect()
	for i, u := range a.w.urls {
		t := a.session.DownloadTask(appmodel.Request{URL: u})
		t.SetTaskDescription(a.w.paths[i])
		t.Resume()
	}
}

func (a *bnApp) HandleEventsForBackgroundURL(app appmodel.App, _ string, h func()) {
	a.app = app
	a.handler = h
	a.connect()
}

type bnDelegate struct {
	appmodel.SessionDelegateBase
	a *bnApp
}

func (d *bnDelegate) DidFinishDownloading(_ appmodel.Session, t appmodel.Task, location string) {
	if err := d.a.app.Files().Rename(location, t.TaskDescription()); err != nil {
		d.a.w.failed++
	}
}

func (d *bnDelegate) DidCompleteWithError(_ appmodel.Session, _ appmodel.Task, err *appmodel.URLError) {
	d.a.w.completed++
	if err != nil {
		d.a.w.failed++
	}
}

func (d *bnDelegate) DidFinishEventsForBackgroundSession(appmodel.Session) {
	a := d.a
	h := a.handler
	a.handler = nil
	if h != nil {
		a.app.InvokeOnMainThread(func() {
			h()
			a.w.handlerDone = true
		})
	}
}

// bnMemory samples the heap while a run goes: HeapInuse every sampleEvery
// clock events or trace events, whichever come first (a clock event may
// run the progress reports of a whole tick). Sampling costs a stop of the world each time, so it is
// sparse; its peak is therefore a lower bound of the true peak, close to it
// because the trace, which dominates, only grows.
type bnMemory struct {
	base, peak uint64
	baseAlloc  uint64 // HeapAlloc before the run, beside base (HeapInuse)
	steps      int    // clock events fired by run
}

const (
	bnSampleEvery = 20_000
	// bnChunk is the virtual time run runs between looks at its condition
	// and at the heap. It runs with RunFor, as a scenario does, not Step:
	// Step fires one clock event per call, and a queue runs the progress
	// reports of a tick in one event only in a run without such looks.
	bnChunk = time.Second
)

func (m *bnMemory) start() {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.base, m.peak, m.baseAlloc, m.steps = ms.HeapInuse, ms.HeapInuse, ms.HeapAlloc, 0
}

func (m *bnMemory) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.peak = max(m.peak, ms.HeapInuse)
}

// run runs sim until done, sampling the heap.
func (m *bnMemory) run(b *testing.B, sim *simulator.Sim, done func() bool, limit time.Duration) {
	deadline := sim.Elapsed() + limit
	first := sim.Clock().Fired()
	fired, events := first, sim.TraceLen()
	for !done() {
		if sim.Elapsed() > deadline {
			b.Fatalf("stuck at %s", fakes.FormatOffset(sim.Elapsed()))
		}
		if err := sim.RunFor(bnChunk); err != nil {
			b.Fatal(err)
		}
		if f, e := sim.Clock().Fired(), sim.TraceLen(); f-fired >= bnSampleEvery || e-events >= bnSampleEvery {
			m.sample()
			fired, events = f, e
		}
	}
	m.sample()
	m.steps = sim.Clock().Fired() - first
}

// retained is the heap the finished simulation holds (its trace, tasks,
// files), measured after a collection.
func retained(sim *simulator.Sim) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(sim)
	return ms.HeapAlloc
}

// bulkCase is one cell of the scale matrix: how many downloads, whether
// the app stays in the foreground (progress calls) or is suspended while
// the bytes move, and whether the link is fixed at 100 MB/s (a long run:
// hours of virtual time at 100,000 tasks) or scaled with N so that every
// case takes about ten virtual seconds of transfer.
type bulkCase struct {
	n          int
	foreground bool
	fixedLink  bool
	keep       simulator.TraceKeep
}

func (c bulkCase) name() string {
	mode, link := "suspended", "scaled-link"
	if c.foreground {
		mode = "foreground"
	}
	if c.fixedLink {
		link = "fixed-100MBps"
	}
	return fmt.Sprintf("n=%d/%s/%s/keep=%s", c.n, mode, link, c.keep)
}

// bulkSizes gives download i a size of 1 to 30 MB from a fixed-seed
// stream, so every run and every scheduler sees the same workload.
func bulkSizes(n int) ([]int64, int64) {
	rng := rand.New(rand.NewPCG(0x62756c6b, uint64(n))) // "bulk"
	sizes, total := make([]int64, n), int64(0)
	for i := range sizes {
		sizes[i] = (1 + rng.Int64N(30)) * 1_000_000
		total += sizes[i]
	}
	return sizes, total
}

// benchBulk runs c.n concurrent downloads in one background session to
// completion and delivery. In the suspended variant the downloads are
// created in the foreground while the device is offline, the user goes
// home and the app is suspended, and only then does the link come up: the
// bytes move while the app runs no code (no progress calls, R-E1), then
// the daemon wakes it once for all the events. In the foreground variant
// the app stays active throughout and hears DidWriteData for every task
// every ProgressInterval (R-G3).
//
// Metrics: ns/task, peak-B/task (HeapInuse sampled while it runs, above
// the heap before it started: garbage not yet collected counts),
// end-live-B/task (the heap the finished simulation holds after a forced
// collection, above the same base: its tasks, files and trace),
// events/task (trace events) and clock-events/task (events the fake clock
// fired).
func benchBulk(b *testing.B, c bulkCase) {
	w0 := newBnWorld(c.n)
	sizes, total := bulkSizes(c.n)
	bandwidth := int64(bnBandwidth)
	if !c.fixedLink {
		bandwidth = max(total/10, 1) // about ten virtual seconds of transfer
	}
	link := fakes.Link{Kind: fakes.WiFi, Bandwidth: bandwidth, Latency: 50 * time.Millisecond}
	limit := time.Duration(total/bandwidth)*time.Second*2 + time.Hour
	var mem bnMemory
	var peak, live uint64
	events, steps := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		mem.start()
		b.StartTimer()
		w := &bnWorld{urls: w0.urls, paths: w0.paths}
		// Keeping every event of a big run is the point of the keep=all cells:
		// raise the bound that stops a runaway model (MaxTraceEvents).
		sim := simulator.New(simulator.Config{Scenario: "bench-bulk", Link: link, TraceKeep: c.keep, MaxTraceEvents: 1 << 30})
		for i, u := range w.urls {
			if err := sim.Network().AddResource(u, fakes.Resource{Size: sizes[i], ETag: `"v1"`, AcceptRanges: true}); err != nil {
				b.Fatal(err)
			}
		}
		sim.Install(func() appmodel.AppDelegate { return &bnApp{w: w} })
		done := func() bool { return w.completed == c.n && w.handlerDone }
		if c.foreground {
			done = func() bool { return w.completed == c.n }
		} else {
			sim.Network().SetLink(fakes.Link{Kind: fakes.Offline})
		}
		if err := sim.Launch(); err != nil {
			b.Fatal(err)
		}
		if !c.foreground {
			if err := sim.Home(); err != nil {
				b.Fatal(err)
			}
			if err := sim.RunFor(simulator.DefaultBackgroundGrace + time.Second); err != nil {
				b.Fatal(err)
			}
			if sim.State() != appmodel.Suspended {
				b.Fatalf("app %s, want suspended", sim.State())
			}
			sim.Network().SetLink(link)
		}
		mem.run(b, sim, done, limit)
		b.StopTimer()
		if w.failed > 0 {
			b.Fatalf("%d downloads failed", w.failed)
		}
		if n := len(sim.Files().List("/Documents/bulk")); n != c.n {
			b.Fatalf("%d files in the container, want %d", n, c.n)
		}
		peak = max(peak, mem.peak-mem.base)
		if r := retained(sim); r > mem.baseAlloc {
			live = max(live, r-mem.baseAlloc)
		}
		events, steps = sim.TraceLen(), mem.steps
		b.StartTimer()
	}
	n := float64(c.n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/task")
	b.ReportMetric(float64(peak)/n, "peak-B/task")
	b.ReportMetric(float64(live)/n, "end-live-B/task")
	b.ReportMetric(float64(events)/n, "events/task")
	b.ReportMetric(float64(steps)/n, "clock-events/task")
}

// BenchmarkBulk is the scale matrix, each cell keeping every event (the
// default) and only the trace's hash. The 100,000-task foreground case on
// the fixed link is left out: about 150 million progress calls. Run one
// cell with, for example:
//
//	go test -run '^$' -bench 'Bulk/n=100000$/suspended/fixed' -benchtime 1x ./simulator
func BenchmarkBulk(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		for _, fg := range []bool{false, true} {
			for _, fixed := range []bool{false, true} {
				for _, keep := range []simulator.TraceKeep{simulator.KeepAll, simulator.KeepHash} {
					c := bulkCase{n: n, foreground: fg, fixedLink: fixed, keep: keep}
					if n == 100_000 && fg && fixed {
						continue
					}
					b.Run(c.name(), func(b *testing.B) { benchBulk(b, c) })
				}
			}
		}
	}
}

// BenchmarkTrickleWeek measures the week of one download trickling at
// 1 KB/s while the app is suspended, then woken for it: what a week of
// waiting costs. Its cost should grow with state changes, not with virtual
// seconds. Making the simulation and the first minute are not timed.
func BenchmarkTrickleWeek(b *testing.B) {
	const week = 7 * 24 * time.Hour
	const rate = 1_000 // bytes per second
	size := int64(rate * week / time.Second)
	steps := 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer() // the week is measured, not making the simulation
		w := newBnWorld(1)
		w.resourceTimeout = 8 * 24 * time.Hour // the default 7 days would end the week with -1001 (R-S8)
		sim := simulator.New(simulator.Config{Scenario: "bench-trickle", Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: rate}})
		if err := sim.Network().AddResource(w.urls[0], fakes.Resource{Size: size, ETag: `"v1"`, AcceptRanges: true}); err != nil {
			b.Fatal(err)
		}
		sim.Install(func() appmodel.AppDelegate { return &bnApp{w: w} })
		if err := sim.Launch(); err != nil {
			b.Fatal(err)
		}
		if err := sim.Home(); err != nil {
			b.Fatal(err)
		}
		if err := sim.RunFor(time.Minute); err != nil { // suspended: no progress calls
			b.Fatal(err)
		}
		before := sim.Clock().Fired()
		b.StartTimer()
		if err := sim.RunFor(week); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if w.completed != 1 || w.failed != 0 || !w.handlerDone {
			b.Fatalf("completed %d, failed %d, handler called %t; want 1, 0, true", w.completed, w.failed, w.handlerDone)
		}
		steps = sim.Clock().Fired() - before
		b.StartTimer()
	}
	b.ReportMetric(float64(steps), "clock-events/op")
}
