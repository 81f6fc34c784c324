package simulator

import (
	"errors"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// launchCounter counts its FinishedLaunching calls.
type launchCounter struct {
	appmodel.AppDelegateBase
	n *int
}

func (a launchCounter) FinishedLaunching(appmodel.App, appmodel.LaunchOptions) { *a.n++ }

// An action lists the queues it gives an item ready for the run of its
// settle (readyQueues.acting), rather than giving the clock a kick each.
// When that run does not happen (here an error left pending by
// Schedule(nil) is returned first), their kicks go to the clock as they
// did before, so that a Step still runs FinishedLaunching.
func TestActionQueuesKickTheClockWhenItsRunDoesNot(t *testing.T) {
	s := New(Config{TraceKeep: KeepNone})
	launched := 0
	s.Install(func() appmodel.AppDelegate { return launchCounter{n: &launched} })
	s.Schedule(0, nil)
	if err := s.Launch(); !errors.Is(err, ErrNilFunc) {
		t.Fatalf("Launch returned %v, want the pending ErrNilFunc", err)
	}
	if launched != 0 || s.ready.first != nil || s.ready.acting {
		t.Fatalf("after Launch: %d launches, a queue listed %v, acting %v; want none listed and no run",
			launched, s.ready.first != nil, s.ready.acting)
	}
	if s.Clock().Pending() < 2 {
		t.Fatalf("%d clock events pending, want the main queue's kick beside the scheduled func", s.Clock().Pending())
	}
	for s.Step() {
	}
	if launched != 1 {
		t.Errorf("FinishedLaunching ran %d times after the steps, want 1", launched)
	}
}

// An action's queued callbacks run in the run of its settle, which fires
// no clock event for them.
func TestActionRunsItsQueuesWithoutClockEvents(t *testing.T) {
	s := New(Config{TraceKeep: KeepNone})
	launched := 0
	s.Install(func() appmodel.AppDelegate { return launchCounter{n: &launched} })
	fired := s.Clock().Fired()
	if err := s.Launch(); err != nil {
		t.Fatal(err)
	}
	if launched != 1 {
		t.Fatalf("FinishedLaunching ran %d times in Launch, want 1", launched)
	}
	if n := s.Clock().Fired() - fired; n != 0 {
		t.Errorf("Launch fired %d clock events, want 0: its callbacks run as ready queues", n)
	}
}
