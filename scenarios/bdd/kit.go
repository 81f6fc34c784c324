package bdd

import (
	"fmt"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// AppOptions tell the conformance kit how to drive an app and what the
// network serves it.
type AppOptions struct {
	// Session is the identifier of the app's background session. The kit
	// checks the wakes, the reconnection and the completion handler of
	// this session. Required: without it (or without a factory) the kit
	// generates one failing spec, "bdd kit: cannot run", that says so.
	Session string
	// Resources are what the network serves, by URL: the files the app
	// downloads.
	Resources map[string]fakes.Resource
	// Serve, if set, is called once Resources are published, for the
	// rest of what the app talks to: upload endpoints
	// (fakes.Network.AddUploadEndpoint), redirects, faults. An upload to a
	// URL nobody serves fails with -1003, as with a host that does not
	// exist.
	Serve func(*fakes.Network) error
	// Start starts the app's transfers, as the user tapping a button: the
	// kit calls it on the main thread of the running app, with the app
	// delegate of the current process, once the app is active. Nil means
	// the app starts its transfers by itself at launch.
	Start func(app appmodel.AppDelegate)
	// Config is the platform configuration the kit starts from (seed,
	// policies). The kit sets the link (see Link) and AppPanics (to
	// simulator.PanicsFail: a panic in the app fails the spec with its
	// file:line) and keeps the rest; a zero Power becomes "charging", so
	// that transfers the app starts in the background, which are
	// discretionary (R-S6), run in the kit's runs.
	Config simulator.Config
	// Link is the network link of the kit's runs. Its transfers must
	// outlast the app's time in the foreground and the background grace
	// period, or the background path is never exercised; the default,
	// Wi-Fi at 200 kB/s, does that for files of a megabyte or more.
	Link fakes.Link
	// FaultRuns is how many seeded fault runs the kit makes (default 8).
	FaultRuns int
}

// DefaultKitLink is the link of the kit's runs unless AppOptions.Link says
// otherwise: slow enough that a transfer of a megabyte outlasts the
// background grace period.
var DefaultKitLink = fakes.Link{Kind: fakes.WiFi, Bandwidth: 200_000, Latency: 50 * time.Millisecond}

func (o AppOptions) withDefaults() AppOptions {
	if o.Link == (fakes.Link{}) {
		o.Link = DefaultKitLink
	}
	if o.FaultRuns <= 0 {
		o.FaultRuns = 8
	}
	return o
}

// ItBehavesLikeABackgroundTransferApp generates the specs every well-made
// background-transfer app must pass, for the app factory makes. Call it
// inside a Describe (or a Context); each spec builds its own simulation, so
// the generated specs run in any order and in parallel.
//
//	var _ = Describe("PhotoSync", func() {
//		bdd.ItBehavesLikeABackgroundTransferApp(photosync.New, bdd.AppOptions{
//			Session: photosync.SessionID,
//			Serve:   photosync.Serve,
//			Start:   func(a appmodel.AppDelegate) { a.(*photosync.App).SyncNow() },
//		})
//	})
//
// The specs, each named by the rules it pins:
//   - its transfers finish while it is suspended, and at the wake it calls
//     the completion handler once, on main, after DidFinishEvents (R-S1,
//     R-E1, R-D1, R-D3, R-D4);
//   - after a memory kill, and after a crash, it is relaunched in the
//     background, reconnects by the same identifier and gets every event
//     (R-E2, R-E5, R-L6, R-I3, R-D2);
//   - every downloaded file is moved before DidFinishDownloading returns
//     (R-D6), also by a new process that must find its per-task state in
//     what it persisted (R-L6);
//   - a force-quit cancels every task with -999 userForceQuit, there is no
//     relaunch, and the next user launch delivers the cancellations (R-E3);
//   - hours offline end without an error (R-S9);
//   - one wake delivers everything: the app does not feed the relaunch
//     delay with one task per wake (R-R1);
//   - no violations, every transfer delivered and every downloaded file
//     kept across seeded fault runs (memory kills, crashes, outages,
//     dropped connections).
//
// Every spec fails with the kit's reason (what it expects and why, the
// likely causes, the fix, and the mistakes `bgsim explain` describes) and
// the matchers' messages (virtual times, rule IDs, a trace excerpt), and
// attaches the full trace to the report. The spec is reported at the line
// that called ItBehavesLikeABackgroundTransferApp, and each reason names
// it too, since the failing check runs in the kit's code.
func ItBehavesLikeABackgroundTransferApp(factory appmodel.Factory, opts AppOptions) {
	where := types.NewCodeLocation(1)
	opts = opts.withDefaults()
	k := &kit{factory: factory, opts: opts, where: where}
	it := func(text string, body func()) { ginkgo.It(text, where, body) }
	if problem := k.unusable(); problem != "" {
		// Ginkgo does not let a tree being built fail: one spec says why
		// no other was generated.
		it("bdd kit: cannot run", func() { ginkgo.Fail("bdd kit (spec of " + where.String() + "): " + problem) })
		return
	}

	it("R-S1, R-E1, R-D1, R-D3, R-D4: finishes its transfers while suspended; at the wake it calls the completion handler once, on main, after DidFinishEvents", k.suspended)
	it("R-E2, R-L6, R-I3, R-D2: after a memory kill it is relaunched in the background, reconnects by the same identifier and receives every event", k.memoryKill)
	it("R-E5, R-L6, R-I3, R-D2: after a crash in the background it is relaunched, reconnects and receives every event", k.crash)
	it("R-D6, M5: moves every downloaded file before DidFinishDownloading returns", k.filesMoved)
	it("R-L6, M3: a new process finds what each task is for in what the old one persisted, and keeps every file", k.perTaskState)
	it("R-E3, M1, M6: a force-quit cancels every transfer with -999 userForceQuit, no relaunch; the next user launch delivers the cancellations", k.forceQuit)
	it("R-S9: hours offline end without an error", k.offline)
	it("R-R1, M8: one wake delivers everything; the relaunch delay is not fed by one task per wake", k.oneWake)
	for i := range opts.FaultRuns {
		seed := opts.Config.Seed + uint64(i) + 1
		p := drawFaults(seed)
		it(fmt.Sprintf("R-E2, R-E5, R-G2, R-S9: fault run %d (seed %d: %s): no violations, every transfer delivered, every file kept", i+1, seed, p), func() { k.faultRun(seed, p) })
	}
}

// unusable says what in the kit's arguments keeps it from running, "" if
// nothing: without a factory there is no app (the simulator would report
// the nil as the app's own panic), and with no session every pattern of
// the kit would match all sessions.
func (k *kit) unusable() string {
	switch {
	case k.factory == nil:
		return "the app factory is nil; pass the function that makes your app delegate (photosync.New, say)"
	case k.opts.Session == "":
		return "AppOptions.Session is empty; set it to the identifier of the app's background session"
	}
	return ""
}
