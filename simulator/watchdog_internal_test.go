package simulator

import (
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// launchApp runs its FinishedLaunching as do.
type launchApp struct {
	appmodel.AppDelegateBase
	do func(appmodel.App)
}

func (a launchApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) { a.do(app) }

// R-L2: the watchdog of a launch that works past LaunchWatchdog takes its
// place among the events due at that time as the launch starts: it comes
// due before an event scheduled, for the same time, by the launch itself.
func TestWatchdogTakesItsPlaceAsTheCallbackStarts(t *testing.T) {
	s := New(Config{TraceKeep: KeepNone})
	aliveThen := true
	s.Install(func() appmodel.AppDelegate {
		return launchApp{do: func(app appmodel.App) {
			p := s.proc
			s.clock.After(s.cfg.LaunchWatchdog, func() { aliveThen = !p.dead })
			app.Work(2*s.cfg.LaunchWatchdog, func() {})
		}}
	})
	if err := s.Launch(); err != nil {
		t.Fatal(err)
	}
	if err := s.RunUntilIdle(); err != nil {
		t.Fatal(err)
	}
	if aliveThen || s.lastTerm != TermWatchdog {
		t.Errorf("at the limit the app was alive %v (ended for %q); want killed by the watchdog first", aliveThen, s.lastTerm)
	}
}

// R-L2: a launch whose process ends in it (a crash) leaves its watchdog to
// come due, doing nothing, as it always has: RunUntilIdle ends at that
// time, and the events of any later run are where they were.
func TestWatchdogOfACallbackWhoseProcessEndedComesDue(t *testing.T) {
	s := New(Config{TraceKeep: KeepNone})
	s.Install(func() appmodel.AppDelegate {
		return launchApp{do: func(appmodel.App) { panic("boom") }}
	})
	if err := s.Launch(); err != nil {
		t.Fatal(err)
	}
	if s.proc != nil || s.lastTerm != TermCrash {
		t.Fatalf("the app is running (%v) or ended for %q; want a crash", s.proc != nil, s.lastTerm)
	}
	if err := s.RunUntilIdle(); err != nil {
		t.Fatal(err)
	}
	if got, want := s.clock.Elapsed(), s.cfg.LaunchWatchdog; got != want {
		t.Errorf("RunUntilIdle ended at %s, want %s (the watchdog's time)", got, want)
	}
}
