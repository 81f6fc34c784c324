package simulator_test

// Benchmarks of the simulator at scale. Unexported names start with bn so
// as not to clash with the helpers of other files of this package.

import (
	"fmt"
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
	urls, paths []string
	completed   int // DidCompleteWithError calls
	failed      int
	handlerDone bool // the completion handler was called
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
		a.session = a.app.NewSession(appmodel.BackgroundSessionConfig(bnSession), &bnDelegate{a: a})
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
// steps of the clock. Sampling costs a stop of the world each time, so it
// is sparse; its peak is therefore a lower bound of the true peak, close
// to it because the trace, which dominates, only grows.
type bnMemory struct {
	base, peak uint64
	steps      int
}

const bnSampleEvery = 20_000

func (m *bnMemory) start() {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.base, m.peak, m.steps = ms.HeapInuse, ms.HeapInuse, 0
}

func (m *bnMemory) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.peak = max(m.peak, ms.HeapInuse)
}

// run steps sim until done, sampling the heap.
func (m *bnMemory) run(b *testing.B, sim *simulator.Sim, done func() bool, limit time.Duration) {
	deadline := sim.Elapsed() + limit
	for !done() {
		if sim.Elapsed() > deadline || !sim.Step() {
			b.Fatalf("stuck at %s", fakes.FormatOffset(sim.Elapsed()))
		}
		if m.steps++; m.steps%bnSampleEvery == 0 {
			m.sample()
		}
	}
	m.sample()
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

// benchBulk runs 10,000 concurrent downloads in one background session to
// completion and delivery. In the background variant the downloads are
// created in the foreground while the device is offline, the user goes
// home and the app is suspended, and only then does the link come up: the
// bytes move while the app runs no code (no progress calls, R-E1), then
// the daemon wakes it once for all the events. In the foreground variant
// the app stays active throughout and hears DidWriteData for every task
// every ProgressInterval (R-G3).
func benchBulk(b *testing.B, foreground bool) {
	w0 := newBnWorld(bnDownloads)
	link := fakes.Link{Kind: fakes.WiFi, Bandwidth: bnBandwidth, Latency: 50 * time.Millisecond}
	var mem bnMemory
	var peak, kept uint64
	events, steps := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		mem.start()
		b.StartTimer()
		w := &bnWorld{urls: w0.urls, paths: w0.paths}
		sim := simulator.New(simulator.Config{Scenario: "bench-10k", Link: link})
		for _, u := range w.urls {
			if err := sim.Network().AddResource(u, fakes.Resource{Size: bnSize, ETag: `"v1"`, AcceptRanges: true}); err != nil {
				b.Fatal(err)
			}
		}
		sim.Install(func() appmodel.AppDelegate { return &bnApp{w: w} })
		done := func() bool { return w.completed == bnDownloads && w.handlerDone }
		if foreground {
			done = func() bool { return w.completed == bnDownloads }
		} else {
			sim.Network().SetLink(fakes.Link{Kind: fakes.Offline})
		}
		if err := sim.Launch(); err != nil {
			b.Fatal(err)
		}
		if !foreground {
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
		mem.run(b, sim, done, time.Hour)
		b.StopTimer()
		if w.failed > 0 {
			b.Fatalf("%d downloads failed", w.failed)
		}
		if n := len(sim.Files().List("/Documents/bulk")); n != bnDownloads {
			b.Fatalf("%d files in the container, want %d", n, bnDownloads)
		}
		peak = max(peak, mem.peak-mem.base)
		kept = max(kept, retained(sim)-mem.base)
		events, steps = len(sim.Trace()), mem.steps
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(kept)/1e6, "retained-MB")
	b.ReportMetric(float64(events), "events/op")
	b.ReportMetric(float64(steps), "clock-events/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
}

// Benchmark10kDownloads: 10,000 downloads of 100 kB sharing 100 MB/s, run
// while the app is suspended, then delivered in one background wake.
func Benchmark10kDownloads(b *testing.B) { benchBulk(b, false) }

// Benchmark10kDownloadsForeground: the same with the app in the
// foreground, so every task reports progress every second.
func Benchmark10kDownloadsForeground(b *testing.B) { benchBulk(b, true) }
