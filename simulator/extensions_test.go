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
)

const (
	exGroup   = "group.com.example.rl"
	exSession = "com.example.rl.ShareExtension"
)

// exModel is a share extension: at its start it makes a background
// session and downloads url in it, labelled "x". Its calls are recorded in
// the fixture as instance 0.
type exModel struct {
	appmodel.AppDelegateBase
	a     *rlApp
	id    string
	group string // the session's SharedContainerIdentifier, "" for none
	url   string
}

func (m *exModel) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	m.a.app = app
	m.a.fx.calls = append(m.a.fx.calls, rlCall{What: "ExtensionStart:" + opts.Reason.String(), At: m.a.fx.sim.Elapsed()})
	cfg := appmodel.BackgroundSessionConfig(m.id)
	cfg.SharedContainerIdentifier = m.group
	s := app.NewSession(cfg, &rlDelegate{a: m.a})
	m.a.sessions[m.id] = s
	if m.url != "" {
		m.a.start(s.DownloadTask(appmodel.Request{URL: m.url}), "x")
	}
}

// exLaunch launches a share extension that downloads url in session id
// with shared container group.
func exLaunch(fx *rlFixture, ids simulator.IdentifierStrategy, id, group, url string) int {
	GinkgoHelper()
	pid, err := fx.sim.LaunchExtension(simulator.ExtensionOptions{Name: "share", Identifiers: ids,
		Factory: func() appmodel.AppDelegate {
			return &exModel{a: &rlApp{fx: fx, sessions: map[string]appmodel.Session{}, handlers: map[string]func(){},
				tasks: map[string]appmodel.Task{}}, id: id, group: group, url: url}
		}})
	Expect(err).NotTo(HaveOccurred())
	return pid
}

// exShared makes every session of the containing app use the app group.
func exShared(cfg *appmodel.SessionConfig) { cfg.SharedContainerIdentifier = exGroup }

// exCalls are the calls of instance n, as "What desc".
func exCalls(fx *rlFixture, n int) []string {
	var out []string
	for _, c := range fx.calls {
		if c.Instance == n && c.What != "DidWriteData" && !strings.HasPrefix(c.What, "ExtensionStart") {
			out = append(out, strings.TrimSpace(c.What+" "+c.Desc))
		}
	}
	return out
}

var _ = Describe("app extensions", func() {
	It("R-X1: an extension is a separate process of the same app: it runs beside the suspended app, which it leaves alone, and ends on its own", func() {
		fx := rlStd(simulator.Config{}, rlSpec{})
		fx.at(0, fx.sim.Launch)
		fx.at(time.Second, fx.sim.Home)
		fx.until(time.Minute)
		Expect(fx.sim.State()).To(Equal(appmodel.Suspended))
		app := fx.sim.Process()

		pid := exLaunch(fx, simulator.IdentifiersDistinct, exSession, exGroup, rlSmall)
		Expect(pid).NotTo(Equal(app))
		Expect(fx.sim.Extensions()).To(Equal([]int{pid}))
		fx.until(2 * time.Minute)
		Expect(fx.sim.State()).To(Equal(appmodel.Suspended), "the app's own process did not move")
		Expect(fx.sim.Process()).To(Equal(app))
		Expect(fx.of("ExtensionStart:extension")).To(HaveLen(1))
		Expect(exCalls(fx, 0)).To(Equal([]string{"DidFinishDownloading x", "DidCompleteWithError x"}),
			"a running extension gets its session's events itself")
		Expect(fx.events(rlKind(simulator.KindRelaunch))).To(BeEmpty(), "no wake of the app for them")

		Expect(fx.sim.EndExtension(pid)).To(Succeed())
		Expect(fx.sim.Extensions()).To(BeEmpty())
		term := fx.one(rlKind(simulator.KindTerminate))
		Expect(term.Process).To(Equal(pid))
		Expect(term.Reason).To(Equal(string(simulator.TermExtensionEnded)))
		Expect(fx.sim.EndExtension(pid)).To(MatchError(simulator.ErrNoExtension))
	})

	DescribeTable("R-X1: an extension's background session must have a shared container, or its tasks fail with -995",
		func(group string, fails bool) {
			fx := rlStd(simulator.Config{}, rlSpec{})
			exLaunch(fx, simulator.IdentifiersDistinct, exSession, group, rlSmall)
			fx.until(time.Minute)

			done := fx.completion("x")
			Expect(done.Instance).To(Equal(0))
			if !fails {
				Expect(done.Err).To(BeNil())
				Expect(fx.events(rlKind(simulator.KindTransferStart))).To(HaveLen(1))
				return
			}
			Expect(rlCode(done.Err)).To(Equal(appmodel.ErrBackgroundSessionRequiresSharedContainer))
			Expect(fx.events(rlKind(simulator.KindTransferStart))).To(BeEmpty(), "nothing was transferred")
			Expect(fx.one(rlKind(simulator.KindTaskComplete)).Rule).To(Equal(simulator.RuleX1))
		},
		Entry("R-X1: without SharedContainerIdentifier: -995", "", true),
		Entry("R-X1: with SharedContainerIdentifier: the download runs", exGroup, false),
	)

	It("R-X1: the app's own sessions need no shared container", func() {
		fx := rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "d") }})
		fx.at(0, fx.sim.Launch)
		fx.until(time.Minute)
		Expect(fx.completion("d").Err).To(BeNil())
	})

	DescribeTable("R-X2: an extension's transfers that finish after it ended launch the containing app with the extension's identifier; the app reconnects and reads the file from the shared container",
		func(appState func(fx *rlFixture)) {
			fx := rlStd(simulator.Config{}, rlSpec{Config: exShared})
			appState(fx)
			start := fx.sim.Elapsed()
			pid := exLaunch(fx, simulator.IdentifiersDistinct, exSession, exGroup, rlBig)
			fx.at(start+2*time.Second, func() error { return fx.sim.EndExtension(pid) })
			fx.until(start + 5*time.Minute)

			wake := fx.one(rlKind(simulator.KindRelaunch))
			Expect(wake.Session).To(Equal(exSession))
			handle := fx.one(rlCallback(simulator.CbHandleEventsForBackgroundURL))
			Expect(handle.Session).To(Equal(exSession), "HandleEvents names the extension's session")
			Expect(handle.Process).NotTo(Equal(pid), "the containing app is woken, not the extension")
			fin := fx.of("DidFinishDownloading")
			Expect(fin).To(HaveLen(1))
			Expect(fin[0].Instance).To(BeNumerically(">", 0), "delivered to the app")
			Expect(fin[0].Session).To(Equal(exSession))
			Expect(fin[0].Location).To(HavePrefix(appmodel.SharedContainerPath(exGroup) + "/"))
			Expect(fin[0].FileExisted).To(BeTrue())
			f, err := fx.sim.Files().Stat(rlDocument("x"))
			Expect(err).NotTo(HaveOccurred())
			Expect(f.Size).To(Equal(int64(rlBigSize)))
			Expect(fx.events(rlKind(simulator.KindHandlerCall), rlSess(exSession))).To(HaveLen(1))
			Expect(fx.sim.Violations()).To(BeEmpty())
		},
		Entry("R-X2: the app was never launched: launched into the background", func(fx *rlFixture) {}),
		Entry("R-X2: the app is suspended: resumed", func(fx *rlFixture) {
			GinkgoHelper()
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			fx.until(time.Minute)
			Expect(fx.sim.State()).To(Equal(appmodel.Suspended))
		}),
	)

	Describe("R-X3: one process connected per identifier", func() {
		It("R-X3: the scenario's identifier strategy is in the trace", func() {
			fx := rlStd(simulator.Config{}, rlSpec{})
			exLaunch(fx, simulator.IdentifiersShared, rlSession, exGroup, "")
			ev := fx.one(rlRule(simulator.RuleX3))
			Expect(ev.Detail).To(ContainSubstring("use shared session identifiers"))
		})

		It("R-X3 (shared identifier): the app holds the session, so the extension's session with the same identifier is invalidated with -996 and the app keeps it (R-I2)", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Config: exShared, Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") }})
			fx.at(0, fx.sim.Launch)
			fx.at(time.Second, fx.sim.Home)
			exLaunch(fx, simulator.IdentifiersShared, rlSession, exGroup, "")
			fx.until(5 * time.Minute)

			inv := fx.of("DidBecomeInvalidWithError")
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Instance).To(Equal(0), "the extension's session")
			Expect(rlCode(inv[0].Err)).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))
			Expect(fx.completion("d").Instance).To(Equal(1), "the app still gets its events")
		})

		It("R-X3 (shared identifier): the extension holds the session, so the app's is invalidated with -996; once the extension ended, the app's next session connects", func() {
			fx := rlStd(simulator.Config{}, rlSpec{Config: exShared, Activated: func(a *rlApp) { a.session(rlSession) }})
			pid := exLaunch(fx, simulator.IdentifiersShared, rlSession, exGroup, rlBig)
			fx.at(time.Second, fx.sim.Launch)
			fx.until(2 * time.Second)
			inv := fx.of("DidBecomeInvalidWithError")
			Expect(inv).To(HaveLen(1))
			Expect(inv[0].Instance).To(Equal(1), "the app's session")
			Expect(rlCode(inv[0].Err)).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))

			fx.at(3*time.Second, func() error { return fx.sim.EndExtension(pid) })
			fx.at(4*time.Second, fx.sim.Home)
			fx.at(10*time.Second, fx.sim.MemoryPressureKill)
			fx.until(time.Minute)
			Expect(fx.one(rlCallback(simulator.CbHandleEventsForBackgroundURL)).Session).To(Equal(rlSession),
				"the extension's download, in the shared session, wakes the app")
			Expect(fx.events(rlKind(simulator.KindConnect), func(e simulator.Event) bool { return e.Process == fx.sim.Process() })).To(HaveLen(1),
				"the app's new process connected")
			Expect(fx.completion("x").Instance).To(Equal(2), "and got the extension's download")
		})
	})
})
