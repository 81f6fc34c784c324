package simulator_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// peApp downloads and uploads with descriptions that differ from task to
// task (none on some, one set only at a later report), and keeps them
// where the test can see them.
type peApp struct {
	appmodel.AppDelegateBase
	app     appmodel.App
	session appmodel.Session
	descs   map[int]string // what each task's TaskDescription is now
	reports int
	// other makes an idle session before the one that transfers, so
	// that it is not the daemon's first.
	other bool
}

const peSession = "com.example.progress-events"

// peSizes are the sizes of the tasks by id: task 3 uploads, the others
// download, and task 5 moves alone for its last seconds.
var peSizes = map[int]int64{1: 1_000_000, 2: 2_000_000, 3: 3_000_000, 4: 4_000_000, 5: 9_000_000}

func (a *peApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	a.app = app
	if a.other {
		app.NewSession(appmodel.BackgroundSessionConfig(peSession+".other"), &peDelegate{a: a})
	}
	a.session = app.NewSession(appmodel.BackgroundSessionConfig(peSession), &peDelegate{a: a})
}

func (a *peApp) OnActivated(app appmodel.App) {
	a.app = app
	if app.Defaults().Bool("started") {
		return
	}
	app.Defaults().SetBool("started", true)
	if err := appmodel.WriteFileOfSize(app.Files(), "/Documents/up.bin", peSizes[3]); err != nil {
		panic(err)
	}
	for i, desc := range []string{"one", "", "", "four", "five"} {
		var t appmodel.Task
		if i == 2 {
			t = a.session.UploadTask(appmodel.Request{URL: "https://up.example.com/in", Method: "POST"}, "/Documents/up.bin")
		} else {
			t = a.session.DownloadTask(appmodel.Request{URL: fmt.Sprintf("https://cdn.example.com/pe/%d", i)})
		}
		if desc != "" {
			t.SetTaskDescription(desc)
		}
		a.descs[t.ID()] = desc
		t.Resume()
	}
}

type peDelegate struct {
	appmodel.SessionDelegateBase
	a *peApp
}

func (d *peDelegate) report(t appmodel.Task) {
	d.a.reports++
	if d.a.descs[t.ID()] == "" && d.a.reports%4 == 0 {
		// A description given late: the reports before have none, those
		// after this one have it.
		desc := fmt.Sprintf("late %d", t.ID())
		t.SetTaskDescription(desc)
		d.a.descs[t.ID()] = desc
	}
}

func (d *peDelegate) DidWriteData(_ appmodel.Session, t appmodel.Task, _, _, _ int64) { d.report(t) }

func (d *peDelegate) DidSendBodyData(_ appmodel.Session, t appmodel.Task, _, _, _ int64) { d.report(t) }

// Every progress report's event is the one a report builds afresh: the
// batch's event, kept from report to report (progressBatch.ev), carries
// nothing from the one before, across tasks with and without a
// description, uploads and downloads, one task moving and several, and a
// second process that takes the session over after the first was killed;
// with the session the daemon's first and after another.
func TestProgressReportEvents(t *testing.T) {
	for _, other := range []bool{false, true} {
		t.Run(fmt.Sprintf("after another session: %v", other), func(t *testing.T) { peRun(t, other) })
	}
}

func peRun(t *testing.T, other bool) {
	sim := simulator.New(simulator.Config{Scenario: "progress-events",
		Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: 1_000_000, Latency: 20 * time.Millisecond}})
	for i := range 5 {
		if err := sim.Network().AddResource(fmt.Sprintf("https://cdn.example.com/pe/%d", i), fakes.Resource{Size: peSizes[i+1]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sim.Network().AddUploadEndpoint("https://up.example.com/in", fakes.UploadEndpoint{}); err != nil {
		t.Fatal(err)
	}
	descs := map[int]string{}
	var app *peApp
	sim.Install(func() appmodel.AppDelegate { app = &peApp{descs: descs, other: other}; return app })
	var got []simulator.Event
	// The description a report's event names is the one its task had when
	// the report began: the app may change it in the callback.
	// Its process is the one running then.
	var wantDesc []string
	var wantProc []int
	sim.Observe(func(e *simulator.Event) {
		if e.Callback == simulator.CbDidWriteData || e.Callback == simulator.CbDidSendBodyData {
			got = append(got, *e)
			wantDesc = append(wantDesc, descs[e.Task])
			wantProc = append(wantProc, sim.Process())
		}
	})
	for _, step := range []func() error{
		sim.Launch,
		func() error { return sim.RunFor(7 * time.Second) },
		sim.MemoryPressureKill,
		sim.Launch,
		func() error { return sim.RunFor(10 * time.Minute) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	procs, uploads, described, bare, several, alone := map[int]bool{}, 0, 0, 0, false, false
	totals := map[int]int64{}
	type peKey struct{ pid, task int }
	last := map[peKey]time.Duration{}
	for i, e := range got {
		method := simulator.CbDidWriteData
		if e.Task == 3 { // the upload
			method = simulator.CbDidSendBodyData
			uploads++
		}
		// Each report moves its task on from the one before.
		want := simulator.Event{Seq: e.Seq, At: e.At, Actor: simulator.ActorApp, Kind: simulator.KindSessionCallback,
			Process: wantProc[i], Session: peSession, Queue: simulator.QueueDelegate, Callback: method, Task: e.Task,
			Rule: simulator.RuleG3, Bytes: e.Total - totals[e.Task], Total: e.Total, Expected: peSizes[e.Task],
			Desc: wantDesc[i]}
		if e != want || e.Bytes <= 0 {
			t.Fatalf("report %d:\n got %+v\nwant %+v", i, e, want)
		}
		totals[e.Task] = e.Total
		// A task that moves is reported at every tick (a second apart) or
		// sooner, when it ends, whether it moves alone or with others.
		// (The last comes as the transfer ends, after the link's latency.)
		if k := (peKey{e.Process, e.Task}); last[k] != 0 && e.At-last[k] > time.Second+100*time.Millisecond {
			t.Fatalf("report %d: task %d reported %s after its last report", i, e.Task, e.At-last[k])
		}
		last[peKey{e.Process, e.Task}] = e.At
		procs[e.Process] = true
		if e.Desc == "" {
			bare++
		} else {
			described++
		}
		if i > 0 && got[i-1].At == e.At && got[i-1].Process == e.Process {
			several = true
		} else if i > 0 && got[i-1].Task == e.Task && e.At-got[i-1].At == time.Second {
			alone = true
		}
	}
	if len(procs) != 2 || uploads == 0 || described == 0 || bare == 0 || !several || !alone {
		t.Fatalf("%d reports from %d processes, %d uploads, %d with a description, %d without, several a tick: %v, one alone: %v; want each",
			len(got), len(procs), uploads, described, bare, several, alone)
	}
}
