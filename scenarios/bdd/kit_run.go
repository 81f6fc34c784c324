package bdd

import (
	"fmt"
	"slices"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// kitSettle is how long the kit lets a run go on after its last action:
// long enough for every transfer at the kit's link and for the relaunch
// delays of a few wakes, and cheap, since virtual time jumps.
const kitSettle = 6 * time.Hour

// kit holds what ItBehavesLikeABackgroundTransferApp was given.
type kit struct {
	factory appmodel.Factory
	opts    AppOptions
	where   types.CodeLocation // the line that called the kit
}

// kitRun is one simulation of the kit.
type kitRun struct {
	sim   *simulator.Sim
	opts  AppOptions
	app   *drivenApp         // the app delegate of the latest process
	where types.CodeLocation // the line that called the kit
}

// why is the description of a kit check that fails for r.
func (r *kitRun) why(rs reason) string { return rs.text(r.where) }

// drivenApp wraps the user's app delegate to keep the App handle of its
// process, so the kit can call AppOptions.Start on the main thread.
type drivenApp struct {
	appmodel.AppDelegate
	app appmodel.App
}

// FinishedLaunching keeps the process's App, then calls the app's own.
func (d *drivenApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	d.app = app
	d.AppDelegate.FinishedLaunching(app, opts)
}

// newRun builds a simulation of the app with the kit's link and the
// options' resources, and attaches its trace to the spec's report on
// failure.
func (k *kit) newRun(seed uint64) *kitRun {
	cfg := k.opts.Config
	cfg.Link = k.opts.Link
	cfg.AppPanics = simulator.PanicsFail
	if cfg.Power == (simulator.Power{}) {
		// Charging, so that transfers the app starts in the background,
		// discretionary (R-S6), do run and show what they cost (R-R1).
		cfg.Power = simulator.Power{Charging: true, Battery: 80}
	}
	if seed != 0 {
		cfg.Seed = seed
	}
	r := &kitRun{sim: simulator.New(cfg), opts: k.opts, where: k.where}
	AttachTraceOnFailure(r.sim)
	urls := make([]string, 0, len(k.opts.Resources))
	for u := range k.opts.Resources {
		urls = append(urls, u)
	}
	slices.Sort(urls) // map order must not reach the simulation
	for _, u := range urls {
		gomega.Expect(r.sim.Network().AddResource(u, k.opts.Resources[u])).To(gomega.Succeed(), "bdd: AppOptions.Resources")
	}
	if k.opts.Serve != nil {
		gomega.Expect(k.opts.Serve(r.sim.Network())).To(gomega.Succeed(), "bdd: AppOptions.Serve")
	}
	r.sim.Install(func() appmodel.AppDelegate {
		d := k.factory()
		if d == nil {
			return nil
		}
		r.app = &drivenApp{AppDelegate: d}
		return r.app
	})
	return r
}

// do runs an action of the user or the system and fails the spec if it
// is refused.
func (r *kitRun) do(what string, err error) {
	ginkgo.GinkgoHelper()
	if err != nil {
		r.fail(fmt.Sprintf("the kit could not %s (stopped at %s):\n%v%s", what, fakes.FormatOffset(r.sim.Elapsed()), err, r.ended()))
	}
}

func (r *kitRun) runFor(d time.Duration) {
	ginkgo.GinkgoHelper()
	r.do("run the simulation", r.sim.RunFor(d))
}

// launchAndStart launches the app as the user and starts its transfers.
func (r *kitRun) launchAndStart() {
	ginkgo.GinkgoHelper()
	r.do("launch the app", r.sim.Launch())
	r.runFor(100 * time.Millisecond)
	if r.opts.Start != nil {
		if r.app == nil {
			r.fail("the app factory returned nil; it must return the app delegate of a new process")
		}
		if r.app.app == nil {
			r.fail("the app was not launched: FinishedLaunching never ran in its first 100 ms (the trace says why)")
		}
		d := r.app
		d.app.InvokeOnMainThread(func() { r.opts.Start(d.AppDelegate) })
		r.runFor(900 * time.Millisecond)
	}
	if len(r.tasks()) > 0 {
		r.expectLaunchEvents()
		return
	}
	if !r.sim.State().Alive() {
		r.fail(fmt.Sprintf("the app started no transfer: its process ended within %v of its launch", r.sim.Elapsed()) + r.ended())
	}
	if r.opts.Start == nil {
		r.fail(fmt.Sprintf("the app started no transfer in its first %v, and AppOptions.Start is nil, which says the app starts "+
			"its transfers by itself at launch: set AppOptions.Start to what starts them (the tap of a button); an app that "+
			"starts them only when it goes to the background makes mistake M10 (bgsim explain M10)", r.sim.Elapsed()))
	}
	r.fail(fmt.Sprintf("the app started no transfer by %s, though the kit called AppOptions.Start at %s: "+
		"say in AppOptions.Start what starts them", fakes.FormatOffset(r.sim.Elapsed()), fakes.FormatOffset(100*time.Millisecond)))
}

// homeUntilSuspended sends the app to the background and runs until iOS
// suspends it, checking that its transfers are still under way: otherwise
// the run would not test the background path.
func (r *kitRun) homeUntilSuspended() {
	ginkgo.GinkgoHelper()
	r.do("send the app home", r.sim.Home())
	r.do("run until the app is suspended", r.sim.RunUntil(func(s *simulator.Sim) bool {
		return s.State() == appmodel.Suspended || !s.State().Alive()
	}, 2*time.Minute))
	if !r.sim.State().Alive() {
		r.fail("the app's process ended before iOS suspended it, so the kit cannot exercise the background path" + r.ended())
	}
	gomega.Expect(r.sim).To(BeInState(appmodel.Suspended), r.why(reasonSuspended))
	r.expectTransfersUnderWay("suspended")
}

// tasks are the ids of the tasks the app created so far, in order.
func (r *kitRun) tasks() []int {
	var ids []int
	for _, e := range simulator.Select(r.sim.Trace(), simulator.Pattern{Kind: simulator.KindTaskCreate}) {
		ids = append(ids, e.Task)
	}
	return ids
}

// downloadsSince are the ids of the tasks whose file the daemon wrote at
// trace index from or later.
func (r *kitRun) downloadsSince(from int) []int {
	var ids []int
	for _, e := range simulator.Select(r.sim.Trace()[from:], simulator.Pattern{Kind: simulator.KindFile, Detail: "written"}) {
		if !slices.Contains(ids, e.Task) {
			ids = append(ids, e.Task)
		}
	}
	return ids
}

// expectAllDelivered checks every task created up to now succeeded and
// reached the app; a failure says why, or onError for a task that
// completed with an error, whose causes are not those of a completion
// that never reached the app.
func (r *kitRun) expectAllDelivered(tasks []int, why, onError reason) {
	ginkgo.GinkgoHelper()
	for _, id := range tasks {
		w := why
		if done := simulator.Select(r.sim.Trace(), TaskCompleted(Task(id))); len(done) > 0 && done[len(done)-1].Code != 0 {
			w = onError
		}
		gomega.Expect(r.sim).To(HaveTaskOutcome(id, Succeeded()), r.why(w))
	}
}
