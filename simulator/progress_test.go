package simulator_test

// The progress fan-out: a queue runs the reports of a tick one after
// another in one clock event only where no one could tell. These tests run
// the same scenario twice, once with RunFor (which lets it) and once with
// RunUntil (whose condition is looked at after every clock event, so each
// report keeps an event of its own, as before the fan-out), and want the
// same trace.

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// pgBusy says what the app's DidWriteData does besides counting.
type pgBusy struct {
	mainLog bool // log from the main thread, through InvokeOnMainThread
	work    bool // spend CPU time on the delegate queue now and then
	cancel  bool // cancel task 2 at its third report
	after   bool // log from a timer of the app due at the next second
	reverse bool // suspend every task at one report and resume them in reverse order
}

type pgApp struct {
	appmodel.AppDelegateBase
	n       int
	busy    pgBusy
	app     appmodel.App
	session appmodel.Session
	tasks   []appmodel.Task
	reports int
}

func (a *pgApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	a.app = app
	if a.session == nil {
		a.session = app.NewSession(appmodel.BackgroundSessionConfig("com.example.progress"), &pgDelegate{a: a})
	}
}

func (a *pgApp) OnActivated(app appmodel.App) {
	a.app = app
	if len(a.tasks) > 0 {
		return
	}
	for i := range a.n {
		t := a.session.DownloadTask(appmodel.Request{URL: fmt.Sprintf("https://cdn.example.com/p/%02d", i)})
		t.SetTaskDescription(fmt.Sprintf("file %02d", i))
		t.Resume()
		a.tasks = append(a.tasks, t)
	}
}

type pgDelegate struct {
	appmodel.SessionDelegateBase
	a *pgApp
}

func (d *pgDelegate) DidWriteData(_ appmodel.Session, t appmodel.Task, _, written, _ int64) {
	a := d.a
	a.reports++
	k := a.reports
	if a.busy.mainLog && k%3 == 0 {
		a.app.InvokeOnMainThread(func() { a.app.Log("main thread sees report %d", k) })
	}
	if a.busy.work && k%5 == 0 {
		a.app.Work(30*time.Millisecond, func() { a.app.Log("work after report %d done", k) })
	}
	if a.busy.cancel && t.ID() == 2 && written > 0 && k > 2*a.n {
		t.Cancel()
	}
	if a.busy.reverse && k == 3*a.n {
		for _, x := range a.tasks {
			x.Suspend()
		}
		for i := len(a.tasks) - 1; i >= 0; i-- {
			a.tasks[i].Resume()
		}
	}
	if a.busy.after && k%7 == 0 {
		a.app.After(time.Second, func() { a.app.Log("a second after report %d", k) })
	}
}

// pgRun runs the scenario: n downloads of 2-3 MB sharing a 1 MB/s link,
// the user going home at 4 s and back at 9 s. each runs the simulation
// for a span of virtual time.
func pgRun(t *testing.T, n int, busy pgBusy, each func(*simulator.Sim, time.Duration) error) (*simulator.Sim, *pgApp) {
	t.Helper()
	sim, app := pgNew(t, n, busy, 0)
	steps := []func() error{
		sim.Launch,
		func() error { return each(sim, 4*time.Second) },
		sim.Home,
		func() error { return each(sim, 5*time.Second) },
		sim.Launch,
		func() error { return each(sim, 10*time.Minute) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	return sim, app
}

// pgNew makes the scenario's simulation, the app installed; budget 0
// keeps the default EventBudget.
func pgNew(t *testing.T, n int, busy pgBusy, budget int) (*simulator.Sim, *pgApp) {
	t.Helper()
	sim := simulator.New(simulator.Config{Scenario: "progress-fan-out", EventBudget: budget,
		Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: 1_000_000, Latency: 20 * time.Millisecond}})
	for i := range n {
		u := fmt.Sprintf("https://cdn.example.com/p/%02d", i)
		if err := sim.Network().AddResource(u, fakes.Resource{Size: int64(2_000_000 + 50_000*i), ETag: `"v1"`, AcceptRanges: true}); err != nil {
			t.Fatal(err)
		}
	}
	app := &pgApp{n: n, busy: busy}
	sim.Install(func() appmodel.AppDelegate { return app })
	return sim, app
}

func pgRunFor(sim *simulator.Sim, d time.Duration) error { return sim.RunFor(d) }

func pgRunUntil(sim *simulator.Sim, d time.Duration) error {
	never := func(*simulator.Sim) bool { return false }
	if err := sim.RunUntil(never, d); err != nil && !errorsIsRunLimit(err) {
		return err
	}
	return nil
}

func errorsIsRunLimit(err error) bool {
	_, ok := err.(*simulator.RunLimitError)
	return ok
}

func TestProgressFanOutKeepsTheTrace(t *testing.T) {
	cases := []struct {
		name string
		busy pgBusy
	}{
		{"quiet app", pgBusy{}},
		{"main-thread blocks between reports", pgBusy{mainLog: true}},
		{"CPU work in DidWriteData", pgBusy{work: true}},
		{"a task cancelled from DidWriteData", pgBusy{cancel: true}},
		{"app timers due at tick instants", pgBusy{after: true}},
		{"tasks resumed in reverse order", pgBusy{reverse: true}},
		{"all of it", pgBusy{mainLog: true, work: true, cancel: true, after: true, reverse: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			const n = 12
			fan, fanApp := pgRun(t, n, c.busy, pgRunFor)
			one, oneApp := pgRun(t, n, c.busy, pgRunUntil)
			pgSameTrace(t, fan, one)
			// The test means something only if the reports were many and the
			// fan-out ran some of them in fewer clock events.
			if fanApp.reports != oneApp.reports || fanApp.reports < 20*n {
				t.Fatalf("%d and %d DidWriteData calls, want the same, at least %d", fanApp.reports, oneApp.reports, 20*n)
			}
			if fan.Clock().Fired() >= one.Clock().Fired() {
				t.Errorf("the fan-out fired %d clock events, one by one %d: want fewer", fan.Clock().Fired(), one.Clock().Fired())
			}
		})
	}
}

// TestProgressFanOutCountsAgainstTheBudget: a run whose EventBudget runs
// out while a tick's reports run stops where it would with one clock event
// per report, every report counted as an event.
func TestProgressFanOutCountsAgainstTheBudget(t *testing.T) {
	const n = 12
	for _, budget := range []int{60, 97, 150, 333} {
		t.Run(fmt.Sprint(budget), func(t *testing.T) {
			var errs [2]string
			var sims [2]*simulator.Sim
			for i, run := range []func(*simulator.Sim, time.Duration) error{pgRunFor, pgRunUntil} {
				sim, _ := pgNew(t, n, pgBusy{}, budget)
				err := sim.Launch()
				if err == nil {
					err = run(sim, 10*time.Minute)
				}
				if err == nil {
					t.Fatalf("no error from a run of %d tasks with a budget of %d events", n, budget)
				}
				errs[i], sims[i] = err.Error(), sim
			}
			if errs[0] != errs[1] {
				t.Errorf("the fan-out stopped with %q, one by one with %q", errs[0], errs[1])
			}
			pgSameTrace(t, sims[0], sims[1])
			if sims[0].Clock().Fired() >= sims[1].Clock().Fired() {
				t.Errorf("the fan-out fired %d clock events, one by one %d: want fewer", sims[0].Clock().Fired(), sims[1].Clock().Fired())
			}
		})
	}
}

// pgSameTrace fails the test if the two simulations' traces differ.
func pgSameTrace(t *testing.T, fan, one *simulator.Sim) {
	t.Helper()
	a, b := fan.Trace(), one.Trace()
	if i := slices.IndexFunc(a, func(e simulator.Event) bool { return e.Seq > len(b) || e != b[e.Seq-1] }); i >= 0 || len(a) != len(b) {
		if i < 0 {
			i = min(len(a), len(b))
		}
		t.Fatalf("the traces differ at event %d of %d/%d:\n fan-out: %s\n one by one: %s", i+1, len(a), len(b), pgAt(a, i), pgAt(b, i))
	}
}

func pgAt(tr []simulator.Event, i int) string {
	if i >= len(tr) {
		return "(no event)"
	}
	return fmt.Sprintf("%+v", tr[i])
}
