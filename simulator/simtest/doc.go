// Package simtest is a harness for testing an app model with the bgsim
// simulator from ordinary Go tests, as net/http/httptest is for HTTP
// handlers. It needs no test framework but the standard testing package:
// use it from `go test` functions, or from Ginkgo specs through
// GinkgoTB(). An Env may be driven in a BeforeEach and read in the It,
// although Ginkgo runs each node on a goroutine of its own: [Env.App],
// [Env.Model], [Env.OnMain], [Env.Do] and [Env.At] make their caller the
// simulation's driver (simulator.Sim.Own), since test code is the driver.
//
// [New] makes an [Env]: a [simulator.Sim] with resources on its network,
// the app installed inside a recording app model, and the test it belongs
// to. Drive it with the Sim's actions ([Env.Do], [Env.At]), run it in
// virtual time ([Env.RunFor], [Env.RunUntilWakeHandled]), then read what
// happened: the delegate methods the app received ([Env.Calls]), the trace
// ([Env.Events]), the violations, and what became of each task
// ([Env.Outcome]).
//
// # Building an environment
//
// Options say what the world looks like: [WithResource] and
// [WithUploadEndpoint] publish what the app talks to, [WithLink],
// [WithOffline] and [WithPower] set the device, [WithConfig] and
// [WithSeed] the platform. By default the device is online on Wi-Fi and
// charging, so a test in which nothing failed has seen transfers run.
//
// # The recording app
//
// [WithApp] installs your own model (an appmodel.Factory). Every
// AppDelegate and SessionDelegate method it receives is recorded as a
// [Call], with the process, the virtual time, the app's state and the
// queue it ran on; [Env.CallsIn] and [Env.Callbacks] give the calls per
// process. [Hooks] add test code inside the methods, after your model's;
// without WithApp the recording app runs alone and the hooks are the app.
// [Env.Model] gives your model's instance of a process, to read its state;
// [Env.OnMain] runs code on the app's main queue, as a tap would; and
// [Env.Record] wraps a factory the Env does not install itself, such as an
// app extension's.
//
// # Running
//
// Every run helper has a virtual-time limit and, when what it waited for
// does not happen, fails the test with a message that says what was
// awaited and how far things got. [Env.RunUntilWakeHandled] waits for the
// whole background wake: the daemon wakes the app, the app calls the
// session's completion handler, and the app is suspended again. The Try
// forms return the error instead. Helpers that fail the test call
// t.Helper, so the failure points at the test's line.
//
// # Failing loudly
//
// In a test a panic in the app model must not pass as a simulated crash:
// simtest sets the simulator's AppPanics to PanicsFail, so the run helper
// or action during which the app panicked fails the test with the panic
// value and the app's file:line ([WithAppPanics] chooses otherwise). A
// callback that never returns stops virtual time; each run helper and
// action is therefore bounded in real time too, and a hung run fails the
// test with the callback that was running ([WithHangLimit]).
//
// # Reading the results
//
// [Env.Events], [Env.First], [Env.One] and [Env.Count] query the trace
// with a simulator.Pattern, whose zero fields match anything;
// [Env.EventsWhere] adds a condition a Pattern cannot say. [Env.Story]
// tells the run as a list of short signatures ([Sig]: "wake",
// "launch(url-session)", "DidFinishDownloading#1", "handler(main)") that
// a test compares whole or checks with [InOrder]. [Env.Completion] is the
// DidCompleteWithError of a task, by its description.
// [Env.Outcome] says whether a task was delivered, with which error code
// and cancellation reason, whether resume data came, how many bytes, the
// HTTP status, and where the downloaded file ended up.
//
// When the test fails, the rendered trace is written to its log. [Golden]
// and [Env.GoldenTrace] compare output with a file in testdata; run the
// tests with -update to rewrite the files (the flag is simtest's: a test
// package that imports simtest must not define its own).
//
// # Example
//
// PhotoSync, the example app of bgsim's testing guide, uploads photos and
// downloads a manifest when the user taps Sync (photosync.Serve publishes
// its server on the simulated network):
//
//	func TestPhotoSyncSurvivesAMemoryKill(t *testing.T) {
//		env := simtest.New(t, simtest.WithApp(photosync.New))
//		sim := env.Sim()
//		if err := photosync.Serve(sim.Network()); err != nil {
//			t.Fatal(err)
//		}
//		env.Do(sim.Launch)
//		env.App(1).InvokeOnMainThread(env.Model(1).(*photosync.App).SyncNow) // the user taps Sync
//		env.At(2*time.Second, sim.Home)
//		env.At(10*time.Second, sim.MemoryPressureKill) // suspended at T+7 s
//		env.RunUntilWakeHandled(time.Hour)
//
//		if v := env.Violations(); len(v) > 0 {
//			t.Errorf("violations: %v", v)
//		}
//		if o := env.OutcomeOf("manifest"); !o.Delivered || o.File == "" {
//			t.Errorf("manifest: %+v", o)
//		}
//	}
package simtest
