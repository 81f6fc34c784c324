package simulator

// Internal specs of the daemon's two state machines (a task's phases, a
// wake's phases): the tables are what the daemon follows, and a move they
// do not list is refused and returned by the next Run call.

import (
	"errors"

	gk "github.com/onsi/ginkgo/v2"
	gm "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
)

var _ = gk.Describe("the daemon's state machines as tables", func() {
	gk.It("R-D7: every wake phase is reachable from requested and leads to ended", func() {
		seen := map[WakePhase]bool{WakeRequested: true}
		for changed := true; changed; {
			changed = false
			for _, m := range wakeMoves.rows {
				if seen[m.from] && !seen[m.to] {
					seen[m.to], changed = true, true
				}
			}
		}
		for p := WakeRequested; p <= WakeEnded; p++ {
			gm.Expect(seen[p]).To(gm.BeTrue(), "phase %s reachable", p)
			if p != WakeEnded {
				// Every phase but ended can end: a wake never gets stuck.
				gm.Expect(checkWakeMove(p, WakeEnded)).To(gm.Succeed(), "%s -> ended", p)
			}
		}
		for _, m := range WakeMoves() {
			gm.Expect(m.Rule.Known()).To(gm.BeTrue(), "%s -> %s cites a known rule", m.From, m.To)
			gm.Expect(m.When).NotTo(gm.BeEmpty())
		}
		for _, m := range TaskMoves() {
			gm.Expect(m.Rule.Known()).To(gm.BeTrue(), "%s -> %s cites a known rule", m.From, m.To)
		}
	})

	gk.It("R-D4: an ended wake cannot move again, nor can a task that is done: the move is refused and Run returns an IllegalMoveError", func() {
		s := New(Config{})
		s.Install(func() appmodel.AppDelegate { return &appmodel.AppDelegateBase{} })
		cfg := appmodel.BackgroundSessionConfig("com.example.tables")
		b, _ := s.daemon.sessionFor(&cfg)
		w := &wake{b: b, phase: WakeEnded}
		gm.Expect(w.move(WakeDelivering)).To(gm.BeFalse())
		gm.Expect(w.phase).To(gm.Equal(WakeEnded), "refused")

		err := s.RunFor(0)
		var ime *IllegalMoveError
		gm.Expect(errors.As(err, &ime)).To(gm.BeTrue(), "Run returns it: %v", err)
		gm.Expect(ime.Machine).To(gm.Equal("wake"))
		gm.Expect(ime.From).To(gm.Equal("ended"))
		gm.Expect(ime.To).To(gm.Equal("delivering"))
		gm.Expect(s.RunFor(0)).To(gm.Succeed(), "reported once")

		t := b.newTask(appmodel.DownloadKind, appmodel.Request{URL: "https://example.com/x"})
		b.setPhase(t, phaseDone)
		b.setPhase(t, phaseTransferring)
		gm.Expect(t.phase).To(gm.Equal(phaseDone), "refused")
		gm.Expect(b.active).To(gm.BeZero(), "the counters did not move")
		err = s.RunFor(0)
		gm.Expect(errors.As(err, &ime)).To(gm.BeTrue())
		gm.Expect(ime.Error()).To(gm.Equal("simulator: illegal task move done -> transferring"))
		var faults int
		for _, e := range s.Trace() {
			if e.Kind == KindSystem && len(e.Detail) > 16 && e.Detail[:16] == "simulator fault:" {
				faults++
			}
		}
		gm.Expect(faults).To(gm.Equal(2), "each fault is in the trace")
	})

	gk.It("R-D2: a wake moves requested, handling, delivering, finishing, handler called, ended in a normal run", func() {
		gm.Expect(checkWakeMove(WakeRequested, WakeHandling)).To(gm.Succeed())
		gm.Expect(checkWakeMove(WakeHandling, WakeDelivering)).To(gm.Succeed())
		gm.Expect(checkWakeMove(WakeDelivering, WakeFinishing)).To(gm.Succeed())
		gm.Expect(checkWakeMove(WakeFinishing, WakeDelivering)).To(gm.Succeed(), "new events before DidFinishEvents ran")
		gm.Expect(checkWakeMove(WakeFinishing, WakeHandlerCalled)).To(gm.Succeed())
		gm.Expect(checkWakeMove(WakeHandlerCalled, WakeEnded)).To(gm.Succeed())
		gm.Expect(checkWakeMove(WakeRequested, WakeDelivering)).To(gm.HaveOccurred(), "no delivery before HandleEventsForBackgroundURL")
		gm.Expect(checkWakeMove(WakeHandlerCalled, WakeDelivering)).To(gm.HaveOccurred())
		gm.Expect(checkTaskMove(phaseCreated, phaseRetry)).To(gm.HaveOccurred(), "a task never retries before it ran")
		gm.Expect(checkTaskMove(phaseTransferring, phaseRetry)).To(gm.Succeed())
		gm.Expect(checkTaskMove(phaseWaiting, phaseWaiting)).To(gm.Succeed(), "staying is always allowed")
	})
})
