package simtest_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// bigImage takes about 20 s on the default link, so it finishes after a
// memory kill at 10 s.
var bigImage = fakes.Resource{Size: 40_000_000, ETag: `"v1"`, AcceptRanges: true}

// refEnv is the reference app with an image and the photo upload, on t.
func refEnv(t testing.TB, opts appmodel.RefOptions) *simtest.Env {
	opts.UploadPhoto = true
	return simtest.New(t,
		simtest.WithApp(appmodel.NewRefApp(opts)),
		simtest.WithResource(appmodel.RefImageURL, bigImage),
		simtest.WithUploadEndpoint(appmodel.RefUploadURL),
	)
}

// killedInBackground: launch, home at 1 s, suspended at 6 s, killed at 10 s.
func killedInBackground(env *simtest.Env) {
	sim := env.Sim()
	env.Do(sim.Launch)
	env.At(time.Second, sim.Home)
	env.At(10*time.Second, sim.MemoryPressureKill)
}

func TestWakeAfterMemoryKill(t *testing.T) {
	env := refEnv(t, appmodel.RefOptions{})
	killedInBackground(env)
	env.RunUntilWakeHandled(10 * time.Minute)

	if v := env.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
	if got := env.State(); got != appmodel.Suspended {
		t.Errorf("state after the wake: %s, want suspended", got)
	}
	want := []simulator.Callback{simulator.CbFinishedLaunching, simulator.CbHandleEventsForBackgroundURL,
		simulator.CbDidFinishDownloading, simulator.CbDidCompleteWithError, simulator.CbDidFinishEventsForBackgroundSession}
	if got := env.Callbacks(2); !slices.Equal(got, want) {
		t.Errorf("callbacks of process 2:\n got %v\nwant %v", got, want)
	}
	for _, c := range env.CallsIn(2) {
		if c.Process != 2 || c.State != appmodel.Background || c.Seq == 0 {
			t.Errorf("call %v: process %d, state %s, seq %d", c, c.Process, c.State, c.Seq)
		}
		if session := c.Callback != simulator.CbFinishedLaunching && c.Callback != simulator.CbHandleEventsForBackgroundURL; session == c.Main {
			t.Errorf("call %v ran on main=%v", c, c.Main)
		}
		ev := env.Trace()[c.Seq-1]
		if ev.Callback != c.Callback || ev.At != c.At || ev.Queue != c.Queue {
			t.Errorf("call %v does not match its trace event %+v", c, ev)
		}
	}
	if l := env.CallsOf(simulator.CbFinishedLaunching); len(l) != 2 || l[1].Launch.Reason != appmodel.LaunchURLSession {
		t.Errorf("launches: %v", l)
	}

	img := env.OutcomeOf("image-1")
	if !img.Completed || !img.Delivered || img.Err != nil || img.Status != 200 || img.Bytes != bigImage.Size ||
		img.File != appmodel.RefImagePath || img.Deleted || !strings.HasPrefix(img.Location, "/tmp/") {
		t.Errorf("image outcome: %+v", img)
	}
	photo := env.OutcomeOf("photo")
	if !photo.Delivered || photo.Kind != appmodel.UploadKind || photo.Status != 201 || photo.Bytes != appmodel.RefPhotoSize {
		t.Errorf("photo outcome: %+v", photo)
	}
	if got := env.Outcome(img.Task); got.Desc != "image-1" {
		t.Errorf("Outcome(%d) = %+v", img.Task, got)
	}
	if m, ok := env.Model(2).(*appmodel.RefApp); !ok || m == nil || env.Model(1) == env.Model(2) {
		t.Errorf("Model(2) = %T", env.Model(2))
	}
}

func TestFileNotMovedIsDeleted(t *testing.T) {
	env := refEnv(t, appmodel.RefOptions{Mistakes: appmodel.Mistakes{ReadFileAfterReturn: true}})
	killedInBackground(env)
	env.RunUntilWakeHandled(10 * time.Minute)
	img := env.OutcomeOf("image-1")
	if !img.Delivered || !img.Deleted || img.File != "" || img.Location == "" {
		t.Errorf("image outcome: %+v", img)
	}
}

func TestForceQuitOutcome(t *testing.T) {
	env := refEnv(t, appmodel.RefOptions{})
	sim := env.Sim()
	env.Do(sim.Launch)
	env.At(time.Second, sim.ForceQuit)
	env.RunFor(time.Minute)
	img := env.OutcomeOf("image-1")
	if !img.Completed || img.Delivered || img.Code != appmodel.ErrCancelled || img.Reason != "userForceQuit" {
		t.Errorf("image outcome after a force quit: %+v", img)
	}
	if !img.ResumeData {
		t.Errorf("a force-quit download of a resumable resource carries resume data: %+v", img)
	}
}

func TestHooksAlone(t *testing.T) {
	const id = "com.example.hooks"
	var handled []string
	env := simtest.New(t,
		simtest.WithResource("https://example.com/a", fakes.Resource{Size: 1000}),
		simtest.WithHooks(simtest.Hooks{
			OnActivated: func(app appmodel.App) {
				s := app.NewSession(appmodel.BackgroundSessionConfig(id), appmodel.SessionDelegateBase{})
				task := s.DownloadTask(appmodel.Request{URL: "https://example.com/a"})
				task.SetTaskDescription("a")
				task.Resume()
			},
			DidFinishDownloading: func(_ appmodel.Session, t appmodel.Task, location string) {
				handled = append(handled, t.TaskDescription())
			},
		}),
	)
	env.Do(env.Sim().Launch)
	env.RunUntilEvent(simulator.Pattern{Kind: simulator.KindSessionCallback, Callback: simulator.CbDidCompleteWithError}, time.Minute)
	if !slices.Equal(handled, []string{"a"}) {
		t.Errorf("DidFinishDownloading hook saw %v", handled)
	}
	if o := env.OutcomeOf("a"); !o.Delivered || !o.Deleted || o.Bytes != 1000 {
		t.Errorf("outcome: %+v", o)
	}
	if c := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}); c.Task != 1 || c.Session != id {
		t.Errorf("task.complete: %+v", c)
	}
	if n := env.Count(simulator.Pattern{Kind: simulator.KindSessionCallback, Session: id}); n < 2 {
		t.Errorf("%d session callbacks", n)
	}
}

func TestDefaults(t *testing.T) {
	env := simtest.New(t)
	if got := env.Sim().Power(); got != simtest.DefaultPower || !got.Charging {
		t.Errorf("power %v, want %v", got, simtest.DefaultPower)
	}
	if l := env.Sim().Network().Link(); l.Kind != fakes.WiFi {
		t.Errorf("link %v, want Wi-Fi", l)
	}
	env = simtest.New(t, simtest.WithOffline(), simtest.WithPower(simulator.Power{Battery: 10}))
	if l := env.Sim().Network().Link(); l.Kind != fakes.Offline {
		t.Errorf("WithOffline: link %v", l)
	}
	if got := env.Sim().Power(); got.Charging || got.Battery != 10 {
		t.Errorf("WithPower: %v", got)
	}
}

func TestWakeFailureSaysWhyNoWakeCame(t *testing.T) {
	small := fakes.Resource{Size: 300_000, ETag: `"v1"`, AcceptRanges: true} // done in the foreground
	ft := &fakeT{TB: t}
	env := simtest.New(ft, simtest.WithApp(appmodel.NewRefApp(appmodel.RefOptions{})), simtest.WithResource(appmodel.RefImageURL, small))
	killedInBackground(env)
	msg := ft.catch(func() { env.RunUntilWakeHandled(10 * time.Minute) })
	want := "no wake began; the app is terminated; each of the app's 1 task(s) was delivered while it ran, so there is nothing to wake it for"
	if !strings.Contains(msg, want) {
		t.Errorf("RunUntilWakeHandled failure %q lacks %q", msg, want)
	}
	if strings.Contains(msg, "on the way") {
		t.Errorf("RunUntilWakeHandled failure %q lists trouble where there was none", msg)
	}
}

func TestWakeFailureNamesASessionThatSendsNoLaunchEvents(t *testing.T) {
	ft := &fakeT{TB: t}
	env := simtest.New(ft, simtest.WithResource(appmodel.RefImageURL, bigImage), simtest.WithHooks(simtest.Hooks{
		FinishedLaunching: func(app appmodel.App, _ appmodel.LaunchOptions) {
			// A zero SessionConfig, not BackgroundSessionConfig: no launch events.
			s := app.NewSession(appmodel.SessionConfig{Identifier: "com.example.quiet"}, appmodel.SessionDelegateBase{})
			s.DownloadTask(appmodel.Request{URL: appmodel.RefImageURL}).Resume()
		},
	}))
	killedInBackground(env)
	msg := ft.catch(func() { env.RunUntilWakeHandled(10 * time.Minute) })
	want := "no wake began; the app is terminated; session com.example.quiet has 2 event(s) waiting, and SessionSendsLaunchEvents off, " +
		"so iOS does not wake the app for them (R-S5)"
	if !strings.Contains(msg, want) {
		t.Errorf("RunUntilWakeHandled failure %q lacks %q", msg, want)
	}
}

func TestWakeFailureListsTasksThatFailed(t *testing.T) {
	ft := &fakeT{TB: t}
	env := refEnv(ft, appmodel.RefOptions{Mistakes: appmodel.Mistakes{DataTasks: true}})
	killedInBackground(env)
	msg := ft.catch(func() { env.RunUntilWakeHandled(10 * time.Minute) })
	for _, want := range []string{"no wake began; the app is terminated; tasks failed meanwhile, not delivered to the app:\n  T+00:",
		`task 1 "image-1" completes with error NSURLErrorDomain -997`, "[R-S2]"} {
		if !strings.Contains(msg, want) {
			t.Errorf("RunUntilWakeHandled failure %q lacks %q", msg, want)
		}
	}
}

func TestActionRefusedAfterACrashSaysHowTheProcessEnded(t *testing.T) {
	ft := &fakeT{TB: t}
	env := refEnv(ft, appmodel.RefOptions{Mistakes: appmodel.Mistakes{UIOffMainThread: true}})
	env.Do(env.Sim().Launch)
	env.RunFor(3 * time.Second) // the first progress update, off main, ends the process (R-D5)
	msg := ft.catch(func() { env.Do(env.Sim().Home) })
	want := "the app is not running; its last process ended at T+00:01.000: process 1 ends: crash (UI updated off the main thread"
	if !strings.Contains(msg, want) {
		t.Errorf("Do's failure %q lacks %q", msg, want)
	}
}

func TestFailures(t *testing.T) {
	ft := &fakeT{TB: t}
	env := refEnv(ft, appmodel.RefOptions{Mistakes: appmodel.Mistakes{ForgetCompletionHandler: true}})
	killedInBackground(env)

	msg := ft.catch(func() { env.RunUntilWakeHandled(10 * time.Minute) })
	for _, want := range []string{"a background wake handled", "within 10m0s", "began but its completion handler was not called",
		// what went wrong on the way, with its time and rule
		"; on the way:\n  T+00:", " R-D4: the completion handler of session " + appmodel.RefSessionIdentifier + " was never called within 30s"} {
		if !strings.Contains(msg, want) {
			t.Errorf("RunUntilWakeHandled failure %q lacks %q", msg, want)
		}
	}
	err := env.TryRunUntilWakeHandled(time.Minute)
	var le *simtest.LimitError
	if !errors.As(err, &le) || !errors.Is(err, simulator.ErrRunLimit) || le.Limit != time.Minute {
		t.Errorf("TryRunUntilWakeHandled: %v", err)
	}

	msg = ft.catch(func() { env.RunTo(time.Second) })
	if !strings.Contains(msg, "already at") {
		t.Errorf("RunTo into the past: %q", msg)
	}
	msg = ft.catch(func() { env.Do(env.Sim().Home) })
	if !strings.Contains(msg, "Home at") {
		t.Errorf("Do(Home) while suspended: %q", msg)
	}
	msg = ft.catch(func() { env.First(simulator.Pattern{Rule: simulator.RuleI2}) })
	if !strings.Contains(msg, "no event rule=R-I2") {
		t.Errorf("First: %q", msg)
	}
	msg = ft.catch(func() { env.OutcomeOf("nothing") })
	if !strings.Contains(msg, `"nothing": 0 such tasks`) {
		t.Errorf("OutcomeOf: %q", msg)
	}

	ft.finish()
	if log := ft.log(); !strings.Contains(log, "the trace of the failed test") || !strings.Contains(log, "HandleEventsForBackgroundUrl") {
		t.Errorf("the failed test's log has no trace:\n%s", log)
	}
}

func TestNoTraceWhenPassing(t *testing.T) {
	ft := &fakeT{TB: t}
	env := simtest.New(ft)
	env.Do(env.Sim().Launch)
	ft.finish()
	if len(ft.logs) != 0 {
		t.Errorf("a passing test's log: %q", ft.logs)
	}
}
