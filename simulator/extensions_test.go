package simulator_test

// Specs of app extensions R-X1..R-X3: a separate, short-lived process of
// the same app; a session without a shared container fails -995; its
// finished transfers launch the containing app with the extension's
// identifier; one process connected per identifier (-996 for the other),
// with both identifier strategies.

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

const (
	exGroup   = "group.com.example.rl"
	exSession = "com.example.rl.ShareExtension"
)

// exModel is a share extension: at its start it makes a background
// session and downloads url in it, labelled "x". simtest records its calls
// under its own process.
type exModel struct {
	appmodel.AppDelegateBase
	a     *rlApp
	id    string
	group string // the session's SharedContainerIdentifier, "" for none
	url   string
	data  bool // a data task rather than a download (R-S2)
}

func (m *exModel) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	m.a.app = app
	cfg := appmodel.BackgroundSessionConfig(m.id)
	cfg.SharedContainerIdentifier = m.group
	s := app.NewSession(cfg, &rlDelegate{a: m.a})
	m.a.sessions[m.id] = s
	switch {
	case m.url != "" && m.data:
		m.a.start(s.DataTask(appmodel.Request{URL: m.url}), "x")
	case m.url != "":
		m.a.start(s.DownloadTask(appmodel.Request{URL: m.url}), "x")
	}
}

// exLaunch launches a share extension that downloads url in session id
// with shared container group.
func exLaunch(env *simtest.Env, ids simulator.IdentifierStrategy, id, group, url string) int {
	GinkgoHelper()
	pid, err := env.Sim().LaunchExtension(simulator.ExtensionOptions{Name: "share", Identifiers: ids,
		Factory: env.Record(func() appmodel.AppDelegate {
			return &exModel{a: &rlApp{spec: &rlSpec{}, sessions: map[string]appmodel.Session{}, handlers: map[string]func(){},
				tasks: map[string]appmodel.Task{}}, id: id, group: group, url: url}
		})})
	Expect(err).NotTo(HaveOccurred())
	return pid
}

// exLaunchData launches a share extension that runs a data task on url
// in session id (R-S2).
func exLaunchData(env *simtest.Env, url string) int {
	GinkgoHelper()
	pid, err := env.Sim().LaunchExtension(simulator.ExtensionOptions{Name: "share", Identifiers: simulator.IdentifiersDistinct,
		Factory: env.Record(func() appmodel.AppDelegate {
			return &exModel{a: &rlApp{spec: &rlSpec{}, sessions: map[string]appmodel.Session{}, handlers: map[string]func(){},
				tasks: map[string]appmodel.Task{}}, id: exSession, group: exGroup, url: url, data: true}
		})})
	Expect(err).NotTo(HaveOccurred())
	return pid
}

// exShared makes every session of the containing app use the app group.
func exShared(cfg *appmodel.SessionConfig) { cfg.SharedContainerIdentifier = exGroup }

// exCalls are the SessionDelegate calls of process pid, as "What desc".
func exCalls(env *simtest.Env, pid int) []string {
	var out []string
	for _, c := range env.SessionCalls() {
		if c.Process == pid && c.Callback != simulator.CbDidWriteData {
			out = append(out, strings.TrimSpace(string(c.Callback)+" "+c.Desc))
		}
	}
	return out
}

var _ = Describe("app extensions", func() {
	It("R-X1: an extension is a separate process of the same app: it runs beside the suspended app, which it leaves alone, and ends on its own", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.RunTo(time.Minute)
		Expect(env.Sim().State()).To(Equal(appmodel.Suspended))
		app := env.Sim().Process()

		pid := exLaunch(env, simulator.IdentifiersDistinct, exSession, exGroup, rlSmall)
		Expect(pid).NotTo(Equal(app))
		Expect(env.Sim().Extensions()).To(Equal([]int{pid}))
		env.RunTo(2 * time.Minute)
		Expect(env.Sim().State()).To(Equal(appmodel.Suspended), "the app's own process did not move")
		Expect(env.Sim().Process()).To(Equal(app))
		var starts []simtest.Call
		for _, c := range env.CallsOf(simulator.CbFinishedLaunching) {
			if c.Launch.Reason == appmodel.LaunchExtension {
				starts = append(starts, c)
			}
		}
		Expect(starts).To(ConsistOf(HaveField("Process", pid)))
		Expect(exCalls(env, pid)).To(Equal([]string{"DidFinishDownloading x", "DidCompleteWithError x"}),
			"a running extension gets its session's events itself")
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "no wake of the app for them")

		Expect(env.Sim().EndExtension(pid)).To(Succeed())
		Expect(env.Sim().Extensions()).To(BeEmpty())
		term := env.One(simulator.Pattern{Kind: simulator.KindTerminate})
		Expect(term.Process).To(Equal(pid))
		Expect(term.Reason).To(Equal(string(simulator.TermExtensionEnded)))
		Expect(env.Sim().EndExtension(pid)).To(MatchError(simulator.ErrNoExtension))
	})

	DescribeTable("R-X1: an extension's background session must have a shared container, or its tasks fail with -995",
		func(group string, fails bool) {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{})...)
			pid := exLaunch(env, simulator.IdentifiersDistinct, exSession, group, rlSmall)
			env.RunTo(time.Minute)

			done := env.Completion("x")
			Expect(done.Process).To(Equal(pid))
			if !fails {
				Expect(done.Err).To(BeNil())
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(HaveLen(1))
				return
			}
			Expect(done.Code()).To(Equal(appmodel.ErrBackgroundSessionRequiresSharedContainer))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty(), "nothing was transferred")
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).Rule).To(Equal(simulator.RuleX1))
		},
		Entry("R-X1: without SharedContainerIdentifier: -995", "", true),
		Entry("R-X1: with SharedContainerIdentifier: the download runs", exGroup, false),
	)

	It("R-X1: the app's own sessions need no shared container", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "d") }})...)
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)
		Expect(env.Completion("d").Err).To(BeNil())
	})

	DescribeTable("R-X2: an extension's transfers that finish after it ended launch the containing app with the extension's identifier; the app reconnects and reads the file from the shared container",
		func(appState func(env *simtest.Env)) {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Config: exShared})...)
			appState(env)
			start := env.Sim().Elapsed()
			pid := exLaunch(env, simulator.IdentifiersDistinct, exSession, exGroup, rlBig)
			env.At(start+2*time.Second, func() error { return env.Sim().EndExtension(pid) })
			env.RunTo(start + 5*time.Minute)

			wake := env.One(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wake.Session).To(Equal(exSession))
			handle := env.One(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
			Expect(handle.Session).To(Equal(exSession), "HandleEvents names the extension's session")
			Expect(handle.Process).NotTo(Equal(pid), "the containing app is woken, not the extension")
			fin := env.CallsOf(simulator.CbDidFinishDownloading)
			Expect(fin).To(HaveLen(1))
			Expect(fin[0].Process).NotTo(Equal(pid), "delivered to the app")
			Expect(fin[0].Session).To(Equal(exSession))
			Expect(fin[0].Location).To(HavePrefix(appmodel.SharedContainerPath(exGroup) + "/"))
			Expect(fin[0].FileExisted).To(BeTrue())
			f, err := env.Sim().Files().Stat(rlDocument("x"))
			Expect(err).NotTo(HaveOccurred())
			Expect(f.Size).To(Equal(int64(rlBigSize)))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindHandlerCall, Session: exSession})).To(HaveLen(1))
			Expect(env.Sim().Violations()).To(BeEmpty())
		},
		Entry("R-X2: the app was never launched: launched into the background", func(env *simtest.Env) {}),
		Entry("R-X2: the app is suspended: resumed", func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(time.Minute)
			Expect(env.Sim().State()).To(Equal(appmodel.Suspended))
		}),
	)

	It("R-E3, R-X2: after a force-quit, an extension's transfers that finish do not launch the containing app until the user launches it", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Config: exShared})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.At(2*time.Second, env.Sim().ForceQuit)
		env.RunTo(3 * time.Second)
		pid := exLaunch(env, simulator.IdentifiersDistinct, exSession, exGroup, rlBig)
		env.At(5*time.Second, func() error { return env.Sim().EndExtension(pid) })
		env.RunTo(10 * time.Minute)

		Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(),
			"the force-quit app is not launched in the background, for the extension's session either")
		Expect(env.Sim().State()).To(Equal(appmodel.Terminated))

		// The user's launch lifts the block: once the app is suspended,
		// the extension's waiting events wake it.
		env.At(10*time.Minute, env.Sim().Launch)
		env.At(10*time.Minute+time.Second, env.Sim().Home)
		env.RunTo(15 * time.Minute)
		wake := env.One(simulator.Pattern{Kind: simulator.KindRelaunch})
		Expect(wake.Session).To(Equal(exSession))
		Expect(wake.At).To(BeNumerically(">", 10*time.Minute))
	})

	It("R-S2, R-X1: an extension's data task lives in the extension's process: the app's suspension leaves it running, the extension's end fails it with -997", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.RunTo(2 * time.Second)
		pid := exLaunchData(env, rlBig) // about 10 s at 2 MB/s
		env.RunTo(8 * time.Second)
		Expect(env.Sim().State()).To(Equal(appmodel.Suspended))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})).To(BeEmpty(),
			"the containing app's suspension does not stop the extension's data task")

		env.At(8*time.Second, func() error { return env.Sim().EndExtension(pid) })
		env.RunTo(time.Minute)
		done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
		Expect(done.At).To(Equal(8*time.Second), "it fails when the extension ends")
		Expect(done.Code).To(BeEquivalentTo(appmodel.ErrBackgroundSessionWasDisconnected))
		Expect(done.Rule).To(Equal(simulator.RuleS2))
	})

	It("R-E3, R-X1: a force-quit of the app leaves the transfers of a running extension alone: they are the extension's process's", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.RunTo(2 * time.Second)
		pid := exLaunch(env, simulator.IdentifiersDistinct, exSession, exGroup, rlBig) // about 10 s
		env.At(3*time.Second, env.Sim().ForceQuit)
		env.RunTo(time.Minute)

		done := env.Completion("x")
		Expect(done.Process).To(Equal(pid))
		Expect(done.Err).To(BeNil(), "the swipe ended the app's process, not the extension's")
		Expect(exCalls(env, pid)).To(Equal([]string{"DidFinishDownloading x", "DidCompleteWithError x"}))
	})

	Describe("R-X3: one process connected per identifier", func() {
		It("R-X3: the scenario's identifier strategy is in the trace", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{})...)
			exLaunch(env, simulator.IdentifiersShared, rlSession, exGroup, "")
			ev := env.One(simulator.Pattern{Rule: simulator.RuleX3})
			Expect(ev.Detail).To(ContainSubstring("use shared session identifiers"))
		})

		It("R-X3 (shared identifier): the app holds the session, so the extension's session with the same identifier is invalidated with -996 and the app keeps it (R-I2)", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Config: exShared, Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }})...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			pid := exLaunch(env, simulator.IdentifiersShared, rlSession, exGroup, "")
			env.RunTo(5 * time.Minute)

			inv := env.CallsOf(simulator.CbDidBecomeInvalidWithError)
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Process).To(Equal(pid), "the extension's session")
			Expect(inv[0].Code()).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))
			Expect(env.Completion("d").Process).To(Equal(1), "the app still gets its events")
		})

		It("R-X3 (shared identifier): a task the extension makes on its session the app holds fails with -996 on the extension's delegate: no violation, nothing reaches the app (R-I2)", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Config: exShared, Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }})...)
			env.At(0, env.Sim().Launch)
			pid := exLaunch(env, simulator.IdentifiersShared, rlSession, exGroup, rlSmall)
			env.RunTo(5 * time.Minute)

			Expect(env.Sim().Violations()).To(BeEmpty(), "the extension could not know another process held the session")
			x := env.Completion("x")
			Expect(x.Process).To(Equal(pid))
			Expect(x.Code()).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))
			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete, Code: int(appmodel.ErrBackgroundSessionInUseByAnotherProcess)})
			Expect(done.Rule).To(Equal(simulator.RuleI2))
			Expect(done.Task).To(Equal(2), "an id of the session's, after the app's task 1")
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(HaveLen(1), "only the app's download goes to the network")
			d := env.Completion("d")
			Expect(d.Process).To(Equal(1))
			Expect(d.Err).To(BeNil())
		})

		It("R-X3 (shared identifier): the extension holds the session, so the app's is invalidated with -996; once the extension ended, the app's next session connects", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Config: exShared, Activated: func(a *rlApp) { a.session(rlSession) }})...)
			pid := exLaunch(env, simulator.IdentifiersShared, rlSession, exGroup, rlBig)
			env.At(time.Second, env.Sim().Launch)
			first := env.Sim().Process()
			Expect(first).NotTo(Equal(pid))
			env.RunTo(2 * time.Second)
			inv := env.CallsOf(simulator.CbDidBecomeInvalidWithError)
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Process).To(Equal(first), "the app's session")
			Expect(inv[0].Code()).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))

			env.At(3*time.Second, func() error { return env.Sim().EndExtension(pid) })
			env.At(4*time.Second, env.Sim().Home)
			env.At(10*time.Second, env.Sim().MemoryPressureKill)
			env.RunTo(time.Minute)
			Expect(env.One(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL}).Session).To(Equal(rlSession),
				"the extension's download, in the shared session, wakes the app")
			Expect(env.EventsWhere(simulator.Pattern{Kind: simulator.KindConnect}, func(e simulator.Event) bool { return e.Process == env.Sim().Process() })).To(HaveLen(1),
				"the app's new process connected")
			Expect(env.Sim().Process()).NotTo(BeElementOf(pid, first))
			Expect(env.Completion("x").Process).To(Equal(env.Sim().Process()), "and got the extension's download")
		})
	})
})
