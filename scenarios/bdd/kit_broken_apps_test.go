package bdd_test

import (
	"fmt"
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios/bdd"
)

// The apps TestKitOnABrokenAppFailsReadably runs the kit on, in a run of
// this binary of its own (brokenEnv): the first makes the mistakes the
// kit exists to catch, per-task state only in memory (M3), a follow-up
// download at each wake (M8) and the completion handler called off the
// main thread (M4); the others each stop the kit, or mislead it, in a way
// of their own.
var _ = func() bool {
	if os.Getenv(brokenEnv) == "" {
		return false
	}
	Describe("the conformance kit on a broken app", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{Images: 3, Mistakes: appmodel.Mistakes{
			MemoryOnlyState: true, TaskPerWake: true, CallHandlerOffMain: true,
		}}), bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 2})
	})
	Describe("the conformance kit on an app that panics", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(func() appmodel.AppDelegate {
			return &panicsAtWake{AppDelegate: appmodel.NewRefApp(appmodel.RefOptions{})()}
		}, bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	Describe("the conformance kit on an app that starts nothing by itself", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewCounterApp(true),
			bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	Describe("the conformance kit on an app whose Start starts nothing", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewCounterApp(true), bdd.AppOptions{
			Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1,
			Start: func(appmodel.AppDelegate) {},
		})
	})
	Describe("the conformance kit on a factory that returns nil", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(func() appmodel.AppDelegate { return nil }, bdd.AppOptions{
			Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1,
			Start: func(appmodel.AppDelegate) {},
		})
	})
	Describe("the conformance kit on an app whose server is not served", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{}),
			bdd.AppOptions{Session: appmodel.RefSessionIdentifier, FaultRuns: 1})
	})
	Describe("the conformance kit on an app whose session sends no launch events", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(func() appmodel.AppDelegate { return &quietApp{} },
			bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	Describe("the conformance kit on an app that uses data tasks", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{Mistakes: appmodel.Mistakes{DataTasks: true}}),
			bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	Describe("the conformance kit on an app that is busy at its wake", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{Images: 3, Mistakes: appmodel.Mistakes{SlowDidFinishDownloading: true}}),
			bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	Describe("the conformance kit on an app that starts its transfers in the background", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{Mistakes: appmodel.Mistakes{StartInBackground: true}}),
			bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	Describe("the conformance kit on an app that calls the handler early", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{Images: 3, Mistakes: appmodel.Mistakes{CallHandlerEarly: true}}),
			bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	for _, m := range []appmodel.Mistakes{{CompletionHandlerTask: true}, {UIOffMainThread: true}, {UploadFromMemory: true}} {
		Describe(fmt.Sprintf("the conformance kit on an app that crashes (%+v)", m), Label("broken"), func() {
			bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{UploadPhoto: true, Mistakes: m}),
				bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
		})
	}
	Describe("the conformance kit on an app that breaks bgsim's contract", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(func() appmodel.AppDelegate {
			return &negativeWork{AppDelegate: appmodel.NewRefApp(appmodel.RefOptions{})()}
		}, bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources(), FaultRuns: 1})
	})
	Describe("the conformance kit without a session", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{}), bdd.AppOptions{Resources: refResources()})
	})
	Describe("the conformance kit without a factory", Label("broken"), func() {
		bdd.ItBehavesLikeABackgroundTransferApp(nil, bdd.AppOptions{Session: appmodel.RefSessionIdentifier, Resources: refResources()})
	})
	return true
}()

// negativeWork is the reference app asking for a negative Work at each
// entry to the background: a breach of bgsim's contract with app models,
// a violation with no rule of iOS.
type negativeWork struct{ appmodel.AppDelegate }

func (a *negativeWork) DidEnterBackground(app appmodel.App) {
	app.Work(-time.Second, func() {})
	a.AppDelegate.DidEnterBackground(app)
}

// quietApp downloads the reference image at launch in a session made from
// a zero SessionConfig, not BackgroundSessionConfig: its
// SessionSendsLaunchEvents is off, so iOS never wakes it (R-S5).
type quietApp struct{ appmodel.AppDelegateBase }

func (*quietApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	s := app.NewSession(appmodel.SessionConfig{Identifier: appmodel.RefSessionIdentifier}, appmodel.SessionDelegateBase{})
	s.DownloadTask(appmodel.Request{URL: appmodel.RefImageURL}).Resume()
}

// panicsAtWake is the reference app with a nil-map write in
// HandleEventsForBackgroundURL: under the kit's PanicsFail the spec fails
// with the panic and this file's line.
type panicsAtWake struct {
	appmodel.AppDelegate
	seen map[string]bool
}

func (a *panicsAtWake) HandleEventsForBackgroundURL(app appmodel.App, id string, handler func()) {
	a.seen[id] = true // panics: the map was never made
	a.AppDelegate.HandleEventsForBackgroundURL(app, id, handler)
}
