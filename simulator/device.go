package simulator

import (
	"errors"
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
)

// Power is the device's power state.
type Power struct {
	Charging     bool
	Battery      int // percent
	LowPowerMode bool
}

// String describes the power state for the trace.
func (p Power) String() string {
	s := fmt.Sprintf("battery %d%%", p.Battery)
	if p.Charging {
		s += ", charging"
	}
	if p.LowPowerMode {
		s += ", low-power mode"
	}
	return s
}

// DefaultPower is the power state at T+0 unless Config.Power says otherwise.
var DefaultPower = Power{Battery: 80}

// Power is the device's power state.
func (s *Sim) Power() Power { return s.power }

// SetPower changes the device's power state; discretionary transfers may
// start, or keep waiting (R-S6).
func (s *Sim) SetPower(p Power) {
	old := s.power
	s.power = p
	s.emit(Event{Actor: ActorUser, Kind: KindPower, From: old.String(), To: p.String()})
	s.daemon.conditionsChanged()
	_ = s.settle(nil)
}

// ErrNotModelled is returned by actions bgsim does not model.
var ErrNotModelled = errors.New("simulator: not modelled")

// Reboot would restart the device. What a reboot does to background
// sessions is not documented (R-E6), so bgsim refuses rather than guess.
func (s *Sim) Reboot() error {
	return fmt.Errorf("%w: device reboot (R-E6): what a reboot does to background sessions is undocumented; "+
		"use MemoryPressureKill (transfers go on) or ForceQuit (transfers are cancelled) instead", ErrNotModelled)
}

// CancelForInsufficientResources is the system cancelling every background
// transfer for lack of resources (battery, thermal): -999 with reason
// insufficientSystemResources, with resume data where possible (R-E4).
func (s *Sim) CancelForInsufficientResources() error {
	d := s.daemon
	s.emit(Event{Actor: ActorSystem, Kind: KindSystem, Rule: RuleE4,
		Detail: "cancels background transfers: insufficient system resources"})
	for _, b := range d.sessions {
		for _, t := range b.tasks {
			if !t.phase.active() {
				continue
			}
			d.stopAttempt(t)
			err := &appmodel.URLError{Code: appmodel.ErrCancelled, HasReason: true, Reason: appmodel.ReasonInsufficientSystemResources,
				ResumeData: d.resumeData(t), Message: "insufficient system resources"}
			d.completeRule(t, err, "", RuleE4)
		}
	}
	return s.settle(nil)
}

// SetOtherProcessHolds says whether another process (an app extension)
// holds the background session with this identifier. While it does, a
// session the app makes with the identifier is invalidated with -996, and
// one the app has is invalidated when the other process takes it (R-I2).
// Meanwhile the daemon does not wake the app for the session's events:
// they are the other process's; when it lets go, those still waiting
// wake the app as an ended extension's do (R-X2).
func (s *Sim) SetOtherProcessHolds(identifier string, holds bool) {
	d := s.daemon
	s.emit(Event{Actor: ActorSystem, Kind: KindSystem, Session: identifier, Rule: RuleI2,
		Detail: fmt.Sprintf("another process holds session %s: %t", identifier, holds)})
	if !holds {
		if d.rare != nil {
			d.rare.heldElsewhere = removeFirst(d.rare.heldElsewhere, identifier)
		}
		// The events the other process left wake the app, as an
		// extension's do when it ends (R-X2).
		if b := d.session(identifier); b != nil {
			b.maybeWake()
			_ = s.settle(nil)
		}
		return
	}
	if !d.isHeldElsewhere(identifier) {
		r := d.rarely()
		r.heldElsewhere = append(r.heldElsewhere, identifier)
	}
	if b := d.session(identifier); b != nil && b.conn != nil {
		so := b.conn
		b.conn = nil
		so.invalidateInUse()
	}
	_ = s.settle(nil)
}

func removeFirst(xs []string, x string) []string {
	for i, v := range xs {
		if v == x {
			return append(xs[:i], xs[i+1:]...)
		}
	}
	return xs
}

func (d *daemon) isHeldElsewhere(id string) bool {
	if d.rare == nil {
		return false
	}
	for _, x := range d.rare.heldElsewhere {
		if x == id {
			return true
		}
	}
	return false
}

// invalidateInUse ends a session object that lost its session to another
// process: DidBecomeInvalidWithError(-996) (R-I2).
func (so *sessionObj) invalidateInUse() {
	so.invalidated, so.inUse = true, true
	if so.p.dead {
		return
	}
	err := &appmodel.URLError{Code: appmodel.ErrBackgroundSessionInUseByAnotherProcess,
		Message: "background session " + so.cfg.Identifier + " is in use by another process"}
	so.queue.async(func() {
		so.inUseTold = true
		so.callback(&callbackEvent{cb: CbDidBecomeInvalidWithError, code: int(err.Code), detail: err.Error(), rule: RuleI2})
		so.delegate.DidBecomeInvalidWithError(so, err)
	})
}

// failInUse is a task made on a session object another process's
// connection invalidated, before DidBecomeInvalidWithError told the app:
// it could not know, so it is no violation (R-G4); the task fails with -996 on this object's delegate (R-I2,
// R-X3). It has an id of the session's, but the daemon keeps nothing of
// it: the session's transfers are the other process's.
func (so *sessionObj) failInUse(req appmodel.Request, kind appmodel.TaskKind) appmodel.Task {
	s, b := so.p.s, so.b
	b.last++
	t := &dtask{sess: b, id: int(b.last), kindOf: uint8(kind), req: req, phase: phaseDone}
	t.err = &appmodel.URLError{Code: appmodel.ErrBackgroundSessionInUseByAnotherProcess,
		Message: "background session " + b.id + " is in use by another process"}
	o := &taskObj{so: so, t: t}
	t.obj = o
	s.emitfEvent(&Event{Actor: ActorApp, Kind: KindTaskCreate, Process: so.p.pid, Session: b.id, Task: t.id},
		"%s %s", strArg(kind.String()), strArg(req.URL))
	s.emit(Event{Actor: ActorDaemon, Kind: KindTaskComplete, Session: b.id, Task: t.id,
		Code: int(t.err.Code), Detail: t.err.Error(), Rule: RuleI2})
	so.queue.async(func() {
		so.callback(&callbackEvent{cb: CbDidCompleteWithError, task: t.id, desc: t.desc, code: int(t.err.Code), detail: t.err.Error(), rule: RuleI2})
		so.delegate.DidCompleteWithError(so, o, t.err)
	})
	return o
}
