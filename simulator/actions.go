package simulator

import (
	"github.com/bgsim/bgsim/appmodel"
)

// Launch is the user tapping the app's icon: a cold launch if the app is
// not running, a return to the foreground otherwise (R-L2).
func (s *Sim) Launch() error {
	if err := s.guard("Launch"); err != nil {
		return err
	}
	if s.factory == nil {
		return ErrNoApp
	}
	return s.userAct("Launch", "taps the app icon", EvUserLaunch, "the user tapped the icon", activateAfter)
}

// Home is the user going to the home screen: the app resigns active, then
// enters the background (R-L2).
func (s *Sim) Home() error {
	if err := s.guard("Home"); err != nil {
		return err
	}
	return s.userAct("Home", "goes to the home screen", EvResignActive, "the user left the app", enterBackgroundAfter)
}

// ForceQuit is the user swiping the app away in the app switcher. An active
// app first resigns active, as opening the switcher makes it do (R-L7, R-E3).
func (s *Sim) ForceQuit() error {
	if err := s.guard("ForceQuit"); err != nil {
		return err
	}
	if s.state == active {
		return s.userAct("ForceQuit", "swipes the app away in the app switcher", EvResignActive, "the user opened the app switcher", func(*process) {
			_ = s.terminate(EvForceQuit, TermUserForceQuit, "the user swiped the app away")
		})
	}
	if _, ok := lookup(s.state, EvForceQuit); !ok {
		return s.refuse("ForceQuit", EvForceQuit)
	}
	s.emit(Event{Actor: ActorUser, Kind: KindUserAction, Detail: "swipes the app away in the app switcher"})
	return s.settle(s.terminate(EvForceQuit, TermUserForceQuit, "the user swiped the app away"))
}

// MemoryPressureKill is the system terminating the app to reclaim memory
// (R-L7, R-E2).
func (s *Sim) MemoryPressureKill() error {
	if err := s.guard("MemoryPressureKill"); err != nil {
		return err
	}
	return s.systemAct("MemoryPressureKill", EvSystemKill, TermMemoryPressure, "the system reclaimed memory")
}

// Crash makes the running app crash with message.
func (s *Sim) Crash(message string) error {
	if err := s.guard("Crash"); err != nil {
		return err
	}
	return s.systemAct("Crash", EvCrash, TermCrash, message)
}

// systemAct terminates the app for reason, or refuses action (an
// *ActionError) if ev is illegal in its state.
func (s *Sim) systemAct(action string, ev LifecycleEvent, reason TerminationReason, detail string) error {
	if _, ok := lookup(s.state, ev); !ok {
		return s.refuse(action, ev)
	}
	s.ready.acting = !s.running // settle runs what the action queues
	return s.settle(s.terminate(ev, reason, detail))
}

// userAct is the user doing action: it traces what the user does and
// fires ev, or refuses action (an *ActionError) if ev is illegal in the
// app's state.
func (s *Sim) userAct(action, what string, ev LifecycleEvent, cause string, then func(p *process)) error {
	if _, ok := lookup(s.state, ev); !ok {
		return s.refuse(action, ev)
	}
	s.emitLine(&userLine, 0, "", what, nil) // stored with no Event built
	// settle runs what the action queues: its kicks are held, not given to
	// the clock (readyQueues.acting; a walkthrough's Launch and Home, two
	// allocations and about 400 instructions less).
	s.ready.acting = !s.running
	var err error
	if ev == EvUserLaunch && (s.state == notRunning || s.state == terminated) {
		err = s.launch(EvUserLaunch, appmodel.LaunchOptions{Reason: appmodel.LaunchUser}, cause, then)
	} else {
		err = s.fire(ev, cause, then)
	}
	return s.settle(err)
}

// activateAfter makes a launched or returning app active once its callback
// returned, if nothing else happened to it meanwhile. It and
// enterBackgroundAfter are functions, not methods: a method value would
// be made anew at every action.
func activateAfter(p *process) {
	if s := p.s; s.proc == p && s.state == inactive {
		_ = s.fire(EvActivate, "the app is frontmost", nil)
	}
}

func enterBackgroundAfter(p *process) {
	if s := p.s; s.proc == p && s.state == inactive {
		_ = s.fire(EvEnterBackground, "the app is no longer visible", nil)
	}
}
