package simulator

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/petermattis/goid"
)

// Calls from outside the simulation. An app model must not start
// goroutines: a simulation runs on one goroutine, which is what makes it
// deterministic. A call of the app's from another goroutine (a completion
// handler called from `go func`, say) is refused before it reads or writes
// anything of the simulation: it only queues its name, and the simulation's
// goroutine turns that into a violation at the next point where it checks
// (when the app code running returns, or the Run call ends). The state of
// the simulation is therefore the same whatever the other goroutine's
// timing; only the place of that violation in the trace may vary when the
// app does not wait for its goroutine.
//
// A call through an object of a process that has ended (a Task, a reply
// block, an App kept from an earlier process) is refused too, and reported
// (R-L6: on a device, that code and its objects are gone).

// ruleContract marks violations of bgsim's own contract with app models
// (no goroutines, no absurd durations), which no rule of iOS covers.
const ruleContract Rule = ""

// foreignCalls are the calls refused from other goroutines, waiting to be
// reported by the simulation's goroutine.
type foreignCalls struct {
	n     atomic.Int64
	mu    sync.Mutex
	calls []string // the first maxForeignReported, in arrival order
	more  int
}

const maxForeignReported = 16

func (f *foreignCalls) add(call string) {
	f.mu.Lock()
	if len(f.calls) < maxForeignReported {
		f.calls = append(f.calls, call)
	} else {
		f.more++
	}
	f.mu.Unlock()
	f.n.Add(1)
}

// any reports whether a call was refused since the last take: the check,
// inlined where app code returns, is all a simulation without goroutines
// pays.
func (f *foreignCalls) any() bool { return f.n.Load() != 0 }

func (f *foreignCalls) take() ([]string, int) {
	if f.n.Load() == 0 {
		return nil, 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	calls, more := f.calls, f.more
	f.calls, f.more = nil, 0
	f.n.Store(0)
	return calls, more
}

// own records that the calling goroutine drives the simulation: the one
// that makes the Run calls and actions. The app's code runs on it.
func (s *Sim) own() { s.owner.Store(goid.Get()) }

// Own makes the calling goroutine the one that drives the simulation. The
// app's calls (App, Session, Task...) are accepted from that goroutine
// only; every Run call and action makes its caller the owner. Call Own
// when a Run call or action was made on another goroutine and this one
// then calls the app's objects directly: test code in a Ginkgo It after a
// BeforeEach drove the simulation (Ginkgo runs each node on a goroutine
// of its own), or package hang when its Run call returns. simtest's Env
// calls it for you. Never call it while a Run call is under way.
func (s *Sim) Own() { s.own() }

// onOwner reports whether the caller is on the simulation's goroutine. It
// is small enough to inline, so the guards below cost no call of their own
// on the app's every call.
func (s *Sim) onOwner() bool { return goid.Get() == s.owner.Load() }

// onSim reports whether the caller is on the simulation's goroutine; if not,
// it queues call to be reported, touching nothing else.
func (s *Sim) onSim(call string) bool {
	if s.onOwner() {
		return true
	}
	s.foreign.add(call)
	return false
}

// onSimFor is onSim for the call named what+name, a name it builds only
// to report a call from another goroutine.
func (s *Sim) onSimFor(what, name string) bool {
	if s.onOwner() {
		return true
	}
	s.foreign.add(what + name)
	return false
}

// fromApp reports whether a call the app makes through an object of p may
// act: it comes from the simulation's goroutine, and p still lives.
//
// It checks the goroutine itself rather than through onSim: it guards
// most of the app's calls (every UpdateUI, Log, dispatch), where a call
// less is a third of the check's cost.
func (s *Sim) fromApp(p *process, call string) bool {
	if !s.onOwner() {
		s.foreign.add(call) // as onSim
		return false
	}
	if p.dead {
		s.deadCall(p, call)
		return false
	}
	return true
}

// deadCall reports a call through an object of the ended process p. The
// app code of p that is still unwinding in Go after a crash or a kill
// (code running on one of p's queues) says nothing: that is how the
// simulator ends a process, not the app's doing.
func (s *Sim) deadCall(p *process, call string) {
	if s.current != nil && s.current.p == p {
		return
	}
	s.violate(p, RuleL6, fmt.Sprintf("%s through an object of process %d, which has ended: it did nothing "+
		"(a process's objects and code die with it; the new process must make its own)", call, p.pid))
}

// reportForeign turns the calls refused from other goroutines into
// violations; the simulation's goroutine calls it where it checks.
func (s *Sim) reportForeign() {
	calls, more := s.foreign.take()
	if len(calls) == 0 {
		return
	}
	pid := 0
	if s.proc != nil {
		pid = s.proc.pid
	}
	for _, c := range calls {
		v := Violation{At: s.clock.Elapsed(), Process: pid, Rule: ruleContract,
			Detail: c + " was called from another goroutine and refused: an app model must not start goroutines " +
				"(use DispatchBackground, and InvokeOnMainThread to come back); if test code made the call " +
				"from a goroutine of its own (every Ginkgo node runs on one), call Sim.Own there first, " +
				"or drive the app through simtest's Env, which does"}
		s.record(v)
	}
	if more > 0 {
		s.record(Violation{At: s.clock.Elapsed(), Process: pid, Rule: ruleContract,
			Detail: fmt.Sprintf("%d more calls from another goroutine were refused", more)})
	}
}

// record adds v to the violations and the trace.
func (s *Sim) record(v Violation) {
	if s.traceFull() && !s.stopping {
		s.dropped++
		return
	}
	r := s.rarely()
	r.violations = append(r.violations, v)
	s.emit(Event{Actor: ActorSystem, Kind: KindViolation, Process: v.Process, Rule: v.Rule, Detail: v.Detail})
}
