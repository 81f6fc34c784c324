package simulator_test

// The lifecycle table as the public actions see it: each user or system
// action is legal exactly where the table has a row for its event, and an
// illegal one is an error that changes nothing. The pair-by-pair specs of
// every internal event are in lifecycle_table_internal_test.go.

import (
	"errors"
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// lcPublicStates are the states public actions can leave the app in.
var lcPublicStates = []appmodel.State{appmodel.NotRunning, appmodel.Active, appmodel.Background,
	appmodel.Suspended, appmodel.Terminated}

// reachPublic brings a fresh simulation with the recording app into st
// with public actions only.
func reachPublic(st appmodel.State) *simtest.Env {
	GinkgoHelper()
	env := simtest.New(GinkgoTB())
	sim := env.Sim()
	switch st {
	case appmodel.NotRunning:
	case appmodel.Active:
		env.At(0, sim.Launch)
	case appmodel.Background:
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(time.Second, sim.Home)
	case appmodel.Suspended:
		env.At(0, sim.Launch)
		Expect(sim.State()).To(Equal(appmodel.Active))
		env.At(time.Second, sim.Home)
		env.RunTo(time.Second + sim.Config().BackgroundGrace)
	case appmodel.Terminated:
		env.At(0, sim.Launch)
		env.At(time.Second, sim.MemoryPressureKill)
	default:
		Fail("no public way to reach " + st.String())
	}
	Expect(sim.State()).To(Equal(st), "setting up state %s", st)
	return env
}

// lcAction is a public action and the lifecycle event it fires first.
type lcAction struct {
	name  string
	event simulator.LifecycleEvent
	do    func(*simulator.Sim) error
	final appmodel.State // the state once its consequences due now have run
}

var lcActions = []lcAction{
	{"Launch", simulator.EvUserLaunch, (*simulator.Sim).Launch, appmodel.Active},
	{"Home", simulator.EvResignActive, (*simulator.Sim).Home, appmodel.Background},
	{"ForceQuit", simulator.EvForceQuit, (*simulator.Sim).ForceQuit, appmodel.Terminated},
	{"MemoryPressureKill", simulator.EvSystemKill, (*simulator.Sim).MemoryPressureKill, appmodel.Terminated},
	{"Crash", simulator.EvCrash, func(s *simulator.Sim) error { return s.Crash("test crash") }, appmodel.Terminated},
}

// lcLegal reports whether the table allows ev in st.
func lcLegal(st appmodel.State, ev simulator.LifecycleEvent) bool {
	for _, t := range simulator.Transitions() {
		if t.From == st && t.Event == ev {
			return true
		}
	}
	return false
}

func lcActionEntries() []TableEntry {
	var entries []TableEntry
	for _, st := range lcPublicStates {
		for _, a := range lcActions {
			legal := lcLegal(st, a.event)
			if a.name == "ForceQuit" && st == appmodel.Active {
				legal = true // it resigns active first (R-L7)
			}
			desc := fmt.Sprintf("R-L1: %s in state %s is illegal", a.name, st)
			if legal {
				desc = fmt.Sprintf("R-L2: %s in state %s leads to %s", a.name, st, a.final)
			}
			entries = append(entries, Entry(desc, st, a, legal))
		}
	}
	return entries
}

var _ = Describe("lifecycle table through the public actions", func() {
	DescribeTable("each action in each state",
		func(st appmodel.State, a lcAction, legal bool) {
			sim := reachPublic(st).Sim()
			mark, pids := len(sim.Trace()), sim.Processes()
			err := a.do(sim)
			if !legal {
				var ite *simulator.IllegalTransitionError
				Expect(errors.As(err, &ite)).To(BeTrue(), "want *IllegalTransitionError, got %v", err)
				Expect(ite.State).To(Equal(st))
				Expect(ite.Event).To(Equal(a.event))
				Expect(err.Error()).To(HavePrefix("simulator: "+a.name+": "), "the message names the action, not the table's event")
				Expect(sim.State()).To(Equal(st))
				Expect(sim.Trace()).To(HaveLen(mark))
				Expect(sim.Processes()).To(Equal(pids))
				return
			}
			Expect(err).NotTo(HaveOccurred())
			Expect(sim.State()).To(Equal(a.final))
			Expect(len(sim.Trace())).To(BeNumerically(">", mark))
		},
		lcActionEntries(),
	)

	It("R-L1: Launch with no app installed is ErrNoApp and changes nothing", func() {
		sim := simulator.New(simulator.Config{})
		Expect(sim.Launch()).To(MatchError(simulator.ErrNoApp))
		Expect(sim.State()).To(Equal(appmodel.NotRunning))
		Expect(sim.Trace()).To(BeEmpty())
		Expect(sim.Processes()).To(Equal(0))
	})

	It("R-L1: Launch after Install(nil) is ErrNoApp, whose message does not tell a caller of Install to call it", func() {
		sim := simulator.New(simulator.Config{})
		sim.Install(nil)
		Expect(sim.Launch()).To(MatchError(simulator.ErrNoApp))
		Expect(sim.Launch().Error()).To(ContainSubstring("a nil factory installs none"))
	})

	It("R-L1: Transitions returns a copy the caller cannot use to change the table", func() {
		t := simulator.Transitions()
		Expect(t).NotTo(BeEmpty())
		for i := range t {
			if len(t[i].Callbacks) > 0 {
				t[i].Callbacks[0] = "Tampered"
			}
			t[i].To = appmodel.Suspended
		}
		for _, row := range simulator.Transitions() {
			Expect(row.Callbacks).NotTo(ContainElement(simulator.Callback("Tampered")))
		}
		// The simulator still follows the real table.
		env := simtest.New(GinkgoTB())
		sim := env.Sim()
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.State()).To(Equal(appmodel.Active))
		Expect(simtest.Strings(env.Calls())).To(Equal([]string{
			"T+00:00.000 1:FinishedLaunching(user) inactive on main",
			"T+00:00.000 1:OnActivated active on main",
		}))
	})

	It("R-L1: the state and event names are the trace's vocabulary", func() {
		names := []string{}
		for _, st := range simulator.AllStates() {
			names = append(names, st.String())
		}
		Expect(names).To(Equal([]string{"not-running", "inactive", "active", "background", "suspended", "terminated"}))
		names = names[:0]
		for _, ev := range simulator.AllLifecycleEvents() {
			names = append(names, ev.String())
		}
		Expect(names).To(Equal([]string{"user-launch", "activate", "resign-active", "enter-background", "suspend",
			"background-launch", "background-resume", "system-kill", "force-quit", "crash", "watchdog-kill"}))
	})
})
