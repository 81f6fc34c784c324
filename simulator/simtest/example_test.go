package simtest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// exampleT stands in for the *testing.T of a test function, which Example
// functions do not have: in your tests, pass t itself. It reports a
// failure by panicking.
type exampleT struct{ testing.TB }

func (exampleT) Helper()                           {}
func (exampleT) Cleanup(func())                    {}
func (exampleT) Failed() bool                      { return false }
func (exampleT) Logf(format string, args ...any)   { fmt.Printf(format+"\n", args...) }
func (exampleT) Fatal(args ...any)                 { panic(fmt.Sprint(args...)) }
func (exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// A test of the reference app through a memory kill: the app starts a
// download, goes home, is suspended and killed; the daemon finishes the
// download and relaunches the app, which handles the wake.
func ExampleNew() {
	t := exampleT{} // in a test: func TestX(t *testing.T)
	env := simtest.New(t,
		simtest.WithApp(appmodel.NewRefApp(appmodel.RefOptions{})),
		simtest.WithResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true}),
	)
	sim := env.Sim()
	env.Do(sim.Launch)
	env.At(time.Second, sim.Home)
	env.At(10*time.Second, sim.MemoryPressureKill) // suspended since T+6 s
	env.RunUntilWakeHandled(10 * time.Minute)

	fmt.Println("process 2:", env.Callbacks(2))
	o := env.OutcomeOf("image-1")
	fmt.Printf("delivered %v, HTTP %d, %d bytes, moved to %s\n", o.Delivered, o.Status, o.Bytes, o.File)
	fmt.Println("violations:", env.Violations())
	// Output:
	// process 2: [FinishedLaunching HandleEventsForBackgroundURL DidFinishDownloading DidCompleteWithError DidFinishEventsForBackgroundSession]
	// delivered true, HTTP 200, 30000000 bytes, moved to /Documents/monkey.png
	// violations: []
}

// Without an app model the recording app runs alone and the hooks are the
// app: here it downloads a file at its first activation and leaves it
// where the daemon put it, which loses it (R-D6).
func ExampleHooks() {
	const url = "https://example.com/notes.txt"
	env := simtest.New(exampleT{},
		simtest.WithResource(url, fakes.Resource{Size: 2_000}),
		simtest.WithHooks(simtest.Hooks{
			OnActivated: func(app appmodel.App) {
				s := app.NewSession(appmodel.BackgroundSessionConfig("com.example.notes"), appmodel.SessionDelegateBase{})
				task := s.DownloadTask(appmodel.Request{URL: url})
				task.SetTaskDescription("notes")
				task.Resume()
			},
		}),
	)
	env.Do(env.Sim().Launch)
	env.RunUntilEvent(simulator.Pattern{Callback: simulator.CbDidCompleteWithError}, time.Minute)

	for _, c := range env.CallsIn(1) {
		fmt.Println(c)
	}
	o := env.OutcomeOf("notes")
	fmt.Printf("delivered %v, file kept %q, deleted by the daemon %v\n", o.Delivered, o.File, o.Deleted)
	// Output:
	// T+00:00.000 1:FinishedLaunching(user) inactive on main
	// T+00:00.000 1:OnActivated active on main
	// T+00:00.051 1:DidWriteData session=com.example.notes task=1 desc="notes" active on delegate
	// T+00:00.051 1:DidFinishDownloading session=com.example.notes task=1 desc="notes" active on delegate
	// T+00:00.051 1:DidCompleteWithError session=com.example.notes task=1 desc="notes" active on delegate
	// delivered true, file kept "", deleted by the daemon true
}
