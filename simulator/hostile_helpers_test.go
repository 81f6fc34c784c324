package simulator_test

import (
	"bytes"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// hApp is a hostile app model: each AppDelegate method runs the hook of the
// same name, if set. One hApp serves every process of a run.
type hApp struct {
	launch    func(appmodel.App)
	activated func(appmodel.App)
	resign    func(appmodel.App)
	enterBG   func(appmodel.App)
	enterFG   func(appmodel.App)
	terminate func(appmodel.App)
	events    func(app appmodel.App, id string, handler func())
	// app is the App of the latest process.
	app appmodel.App
}

func (h *hApp) call(f func(appmodel.App), app appmodel.App) {
	h.app = app
	if f != nil {
		f(app)
	}
}

func (h *hApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) { h.call(h.launch, app) }
func (h *hApp) OnActivated(app appmodel.App)                                 { h.call(h.activated, app) }
func (h *hApp) OnResignActivation(app appmodel.App)                          { h.call(h.resign, app) }
func (h *hApp) DidEnterBackground(app appmodel.App)                          { h.call(h.enterBG, app) }
func (h *hApp) WillEnterForeground(app appmodel.App)                         { h.call(h.enterFG, app) }
func (h *hApp) WillTerminate(app appmodel.App)                               { h.call(h.terminate, app) }
func (h *hApp) HandleEventsForBackgroundURL(app appmodel.App, id string, handler func()) {
	h.app = app
	if h.events != nil {
		h.events(app, id, handler)
		return
	}
	handler()
}

// hDelegate is a hostile session delegate: each method runs its hook, if set.
type hDelegate struct {
	appmodel.SessionDelegateBase
	complete  func(appmodel.Session, appmodel.Task, *appmodel.URLError)
	finished  func(appmodel.Session)
	download  func(appmodel.Session, appmodel.Task, string)
	progress  func(appmodel.Session, appmodel.Task)
	challenge func(appmodel.Session, appmodel.Task, appmodel.Challenge, func(appmodel.Disposition, *appmodel.Credential))
	delayed   func(appmodel.Session, appmodel.Task, func(appmodel.DelayedDisposition, *appmodel.Request))
}

func (d *hDelegate) DidCompleteWithError(s appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	if d.complete != nil {
		d.complete(s, t, err)
	}
}

func (d *hDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	if d.download != nil {
		d.download(s, t, location)
	}
}

func (d *hDelegate) DidWriteData(s appmodel.Session, t appmodel.Task, _, _, _ int64) {
	if d.progress != nil {
		d.progress(s, t)
	}
}

func (d *hDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	if d.finished != nil {
		d.finished(s)
	}
}

func (d *hDelegate) DidReceiveChallenge(s appmodel.Session, t appmodel.Task, c appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential)) {
	if d.challenge != nil {
		d.challenge(s, t, c, reply)
		return
	}
	d.SessionDelegateBase.DidReceiveChallenge(s, t, c, reply)
}

func (d *hDelegate) WillBeginDelayedRequest(s appmodel.Session, t appmodel.Task, reply func(appmodel.DelayedDisposition, *appmodel.Request)) {
	if d.delayed != nil {
		d.delayed(s, t, reply)
		return
	}
	d.SessionDelegateBase.WillBeginDelayedRequest(s, t, reply)
}

// hNew makes a simulation with cfg running h.
func hNew(cfg simulator.Config, h *hApp) *simulator.Sim {
	sim := simulator.New(cfg)
	sim.Install(func() appmodel.AppDelegate { return h })
	return sim
}

// hJSONL is the trace of sim as JSON lines.
func hJSONL(sim *simulator.Sim) []byte {
	GinkgoHelper()
	var buf bytes.Buffer
	Expect(simulator.WriteJSONL(&buf, sim.Header(), sim.Trace())).To(Succeed())
	return buf.Bytes()
}

// hTwice runs story twice on fresh simulations and expects byte-identical
// traces: every hostile case must stay deterministic.
func hTwice(story func() *simulator.Sim) *simulator.Sim {
	GinkgoHelper()
	a := story()
	b := story()
	Expect(string(hJSONL(b))).To(Equal(string(hJSONL(a))), "two runs of the same story differ")
	return a
}

// hKinds selects sim's events of kind k.
func hKinds(sim *simulator.Sim, k simulator.Kind) []simulator.Event {
	return hSelect(sim, func(e simulator.Event) bool { return e.Kind == k })
}

const hSec = time.Second

// hSelect is sim's events that match.
func hSelect(sim *simulator.Sim, match func(simulator.Event) bool) []simulator.Event {
	var out []simulator.Event
	for _, e := range sim.Trace() {
		if match(e) {
			out = append(out, e)
		}
	}
	return out
}

// hTerminations is sim's process.terminate events.
func hTerminations(sim *simulator.Sim) []simulator.Event {
	return hKinds(sim, simulator.KindTerminate)
}

// hCallback matches the app.callback or session.callback event of name.
func hCallback(name simulator.Callback) func(simulator.Event) bool {
	return func(e simulator.Event) bool {
		return (e.Kind == simulator.KindAppCallback || e.Kind == simulator.KindSessionCallback) && e.Callback == name
	}
}
