package hang_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// spinner is an app whose OnActivated never returns until stop is set.
type spinner struct {
	appmodel.AppDelegateBase
	stop *atomic.Bool
}

func (a spinner) OnActivated(app appmodel.App) {
	app.Log("about to spin")
	for !a.stop.Load() {
	}
}

func TestDefect13HungCallbackIsReported(t *testing.T) {
	stop := new(atomic.Bool)
	defer stop.Store(true) // let the goroutine end, so the test binary stays clean
	sim := simulator.New(simulator.Config{})
	sim.Install(func() appmodel.AppDelegate { return spinner{stop: stop} })

	err := hang.Watch(sim, 200*time.Millisecond, sim.Launch)

	var hung *hang.Error
	if !errors.As(err, &hung) || !errors.Is(err, hang.ErrHung) {
		t.Fatalf("Watch = %v, want a *hang.Error", err)
	}
	a := hung.Activity
	if !a.InApp || a.Callback != string(simulator.CbOnActivated) || a.Queue != simulator.QueueMain || a.Process != 1 || a.Block {
		t.Errorf("Activity = %+v, want OnActivated on the main queue of process 1", a)
	}
	if !strings.Contains(err.Error(), "OnActivated") {
		t.Errorf("error %q does not name the callback", err)
	}
	last := hung.Trace[len(hung.Trace)-1]
	if last.Kind != simulator.KindLog || last.Detail != "about to spin" {
		t.Errorf("the trace so far ends with %+v, want the app's last log", last)
	}
	for i, e := range hung.Trace {
		if e.Seq != i+1 {
			t.Fatalf("trace event %d has seq %d: the snapshot is torn", i, e.Seq)
		}
	}
}

func TestWatchReturnsTheRunsError(t *testing.T) {
	sim := simulator.New(simulator.Config{})
	if err := hang.Watch(sim, time.Second, sim.Launch); !errors.Is(err, simulator.ErrNoApp) {
		t.Fatalf("Watch = %v, want ErrNoApp", err)
	}
	sim.Install(func() appmodel.AppDelegate { return appmodel.AppDelegateBase{} })
	if err := hang.Watch(sim, 0, func() error { return sim.RunFor(time.Hour) }); err != nil {
		t.Fatalf("Watch = %v, want nil", err)
	}
}

func TestWatchRepanics(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom" {
			t.Fatalf("recover() = %v, want the run's panic", r)
		}
	}()
	_ = hang.Watch(simulator.New(simulator.Config{}), time.Second, func() error { panic("boom") })
}

// TestTraceSoFarWhileRunning reads the trace from another goroutine while a
// long run records it: -race must find nothing, and every snapshot must be
// a prefix of the final trace.
func TestTraceSoFarWhileRunning(t *testing.T) {
	sim := simulator.New(simulator.Config{})
	sim.Install(func() appmodel.AppDelegate { return logger{} })
	done := make(chan struct{})
	var snaps [][]simulator.Event
	go func() {
		defer close(done)
		for range 50 {
			snaps = append(snaps, sim.TraceSoFar())
			_ = sim.Activity()
		}
	}()
	if err := sim.Launch(); err != nil {
		t.Fatal(err)
	}
	if err := sim.RunFor(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	<-done
	final := sim.Trace()
	for _, s := range snaps {
		for i := range s {
			if s[i] != final[i] {
				t.Fatalf("snapshot event %d = %+v, final %+v", i, s[i], final[i])
			}
		}
	}
}

// logger logs every millisecond of virtual time.
type logger struct{ appmodel.AppDelegateBase }

func (logger) OnActivated(app appmodel.App) {
	var tick func()
	tick = func() { app.Log("tick"); app.After(time.Millisecond, tick) }
	tick()
}

// blockSpinner spins in a block that FinishedLaunching queued.
type blockSpinner struct {
	appmodel.AppDelegateBase
	stop *atomic.Bool
}

func (a blockSpinner) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	app.After(time.Second, func() {
		for !a.stop.Load() {
		}
	})
}

func TestHungBlockNamesTheCallbackThatQueuedIt(t *testing.T) {
	stop := new(atomic.Bool)
	defer stop.Store(true)
	sim := simulator.New(simulator.Config{})
	sim.Install(func() appmodel.AppDelegate { return blockSpinner{stop: stop} })
	if err := sim.Launch(); err != nil {
		t.Fatal(err)
	}
	err := hang.Watch(sim, 200*time.Millisecond, func() error { return sim.RunFor(time.Minute) })
	var hung *hang.Error
	if !errors.As(err, &hung) {
		t.Fatalf("Watch = %v, want a *hang.Error", err)
	}
	a := hung.Activity
	if !a.Block || a.Callback != string(simulator.CbFinishedLaunching) || a.At != time.Second {
		t.Errorf("Activity = %+v, want a block queued by FinishedLaunching, since T+1s", a)
	}
	if !strings.Contains(err.Error(), "a block queued by FinishedLaunching") {
		t.Errorf("error %q does not say what is stuck", err)
	}
}
