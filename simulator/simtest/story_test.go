package simtest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

func TestStoryOfAWake(t *testing.T) {
	env := refEnv(t, appmodel.RefOptions{})
	killedInBackground(env)
	env.RunUntilWakeHandled(10 * time.Minute)

	wake := env.First(simulator.Pattern{Kind: simulator.KindRelaunch})
	want := []string{"wake", "launch(url-session)", "→background", "FinishedLaunching(url-session)", "connect",
		"HandleEventsForBackgroundURL", "DidFinishDownloading#1", "DidCompleteWithError#1",
		"DidFinishEventsForBackgroundSession", "handler(main)", "snapshot", "→suspended"}
	if got := env.Story(wake.At, simulator.Pattern{}); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Story:\n got %q\nwant %q", got, want)
	}
	session := env.Story(0, simulator.Pattern{Kind: simulator.KindSessionCallback, Process: 2})
	if strings.Join(session, ",") != "DidFinishDownloading#1,DidCompleteWithError#1,DidFinishEventsForBackgroundSession" {
		t.Errorf("Story of process 2's session callbacks: %q", session)
	}
	if err := simtest.InOrder(want, "wake", "connect", "snapshot"); err != nil {
		t.Errorf("InOrder of a subsequence: %v", err)
	}
	err := simtest.InOrder(want, "connect", "wake")
	if err == nil || !strings.Contains(err.Error(), `"wake" not found after "connect"`) {
		t.Errorf("InOrder out of order: %v", err)
	}

	states := env.States()
	for i, e := range env.Trace() {
		if e.Kind == simulator.KindHandlerCall && states[i] != appmodel.Background {
			t.Errorf("the handler was called with the app %s, want background", states[i])
		}
		if e.Kind == simulator.KindTerminate && states[i] != appmodel.Terminated {
			t.Errorf("the process ended with the app %s", states[i])
		}
	}

	c := env.Completion("image-1")
	if c.Process != 2 || c.Code() != 0 || c.ResumeData() != nil || c.Response == nil || c.Response.StatusCode != 200 {
		t.Errorf("Completion(image-1) = %v", c)
	}
	for _, s := range env.SessionCalls() {
		if s.Delegate != 1 {
			t.Errorf("session call %v from delegate %d", s, s.Delegate)
		}
	}
	if n := len(env.SessionCalls()) + len(env.CallsOf(simulator.CbFinishedLaunching)) + len(env.CallsOf(simulator.CbOnActivated)) +
		len(env.CallsOf(simulator.CbOnResignActivation)) + len(env.CallsOf(simulator.CbDidEnterBackground)) +
		len(env.CallsOf(simulator.CbHandleEventsForBackgroundURL)); n != len(env.Calls()) {
		t.Errorf("SessionCalls and the app calls make %d, Calls %d", n, len(env.Calls()))
	}
	late := env.EventsWhere(simulator.Pattern{Kind: simulator.KindTransition}, func(e simulator.Event) bool { return e.At >= wake.At })
	if len(late) != 2 {
		t.Errorf("transitions from the wake on: %v", late)
	}
}

func TestForceQuitCompletionCarriesResumeData(t *testing.T) {
	env := refEnv(t, appmodel.RefOptions{})
	sim := env.Sim()
	env.Do(sim.Launch)
	env.At(time.Second, sim.ForceQuit)
	env.At(time.Minute, sim.Launch)
	env.RunFor(time.Minute)
	c := env.Completion("image-1")
	if c.Code() != appmodel.ErrCancelled || c.ResumeData() == nil || c.ResumeData().Offset == 0 {
		t.Errorf("the force-quit download's completion: %v, err %v", c, c.Err)
	}
}

func TestOnMain(t *testing.T) {
	env := simtest.New(t)
	ft := &fakeT{TB: t}
	idle := simtest.New(ft)
	if msg := ft.catch(func() { idle.OnMain(func(appmodel.App) {}) }); !strings.Contains(msg, "no process") {
		t.Errorf("OnMain before a launch: %q", msg)
	}
	env.Do(env.Sim().Launch)
	var main bool
	env.OnMain(func(app appmodel.App) { main = app.IsMainThread(); app.Log("tapped") })
	if !main || env.Count(simulator.Pattern{Kind: simulator.KindLog, Detail: "tapped", Queue: simulator.QueueMain}) != 1 {
		t.Errorf("OnMain ran on main: %v; log %v", main, env.Lines(simulator.Pattern{Kind: simulator.KindLog}))
	}
}

func TestCovers(t *testing.T) {
	for _, c := range []struct {
		segs []fakes.Segment
		ok   bool
	}{
		{[]fakes.Segment{{From: 0, To: 5}, {From: 5, To: 10}}, true},
		{nil, false},
		{[]fakes.Segment{{From: 1, To: 10}}, false},
		{[]fakes.Segment{{From: 0, To: 4}, {From: 5, To: 10}}, false},
		{[]fakes.Segment{{From: 0, To: 9}}, false},
	} {
		if err := simtest.Covers(c.segs, 10); (err == nil) != c.ok {
			t.Errorf("Covers(%v, 10) = %v", c.segs, err)
		}
	}
}

// An extension's factory, wrapped with Record, has its calls recorded
// under the extension's own process.
func TestRecordAnExtension(t *testing.T) {
	const url = "https://example.com/shared.bin"
	env := simtest.New(t, simtest.WithResource(url, fakes.Resource{Size: 1000}))
	pid, err := env.Sim().LaunchExtension(simulator.ExtensionOptions{Name: "share", Factory: env.Record(func() appmodel.AppDelegate {
		return &extension{url: url}
	})})
	if err != nil {
		t.Fatal(err)
	}
	env.RunFor(time.Minute)
	c := env.Completion("x")
	if c.Process != pid || pid == 0 {
		t.Errorf("the extension's completion is recorded under process %d, the extension is %d", c.Process, pid)
	}
	if _, ok := env.Model(pid).(*extension); !ok {
		t.Errorf("Model(%d) = %T", pid, env.Model(pid))
	}
}

type extension struct {
	appmodel.AppDelegateBase
	url string
}

func (x *extension) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	cfg := appmodel.BackgroundSessionConfig("com.example.share")
	cfg.SharedContainerIdentifier = "group.com.example"
	s := app.NewSession(cfg, appmodel.SessionDelegateBase{})
	task := s.DownloadTask(appmodel.Request{URL: x.url})
	task.SetTaskDescription("x")
	task.Resume()
}

func TestLogs(t *testing.T) {
	env := simtest.New(t, simtest.WithHooks(simtest.Hooks{OnActivated: func(app appmodel.App) {
		app.Log("saved")
		app.Log("saved twice")
	}}))
	env.Do(env.Sim().Launch)
	if got := env.Logs("saved"); len(got) != 1 || got[0].Detail != "saved" || got[0].Queue != simulator.QueueMain {
		t.Errorf(`Logs("saved") = %v`, got)
	}
	if got := env.Logs("save"); len(got) != 0 {
		t.Errorf(`Logs("save") matches by prefix: %v`, got)
	}
}
