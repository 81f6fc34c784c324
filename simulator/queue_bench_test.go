package simulator_test

import (
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// The callback machinery's own cost: how a callback or a block gets to the
// app and back (queue.go, dispatch.go, run.go, actions.go), with app code
// that does nothing and no trace kept, so that what is measured is the
// machinery.
//
//	go test ./simulator -run '^$' -bench 'Machinery' -benchtime 20000x -benchmem

// blockApp queues blocks on the main and the global queue from its launch.
type blockApp struct {
	appmodel.AppDelegateBase
	n int
}

func (a *blockApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	for range a.n {
		app.InvokeOnMainThread(func() {})
		app.DispatchBackground(func() {})
	}
}

// BenchmarkMachineryLifecycle: Launch, Home, a memory-pressure kill and
// a second Launch of an app whose callbacks do nothing: the lifecycle
// path (userAct, launch, newProcess, dispatch, runStep, settle) alone.
func BenchmarkMachineryLifecycle(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := simulator.New(simulator.Config{TraceKeep: simulator.KeepNone})
		s.Install(func() appmodel.AppDelegate { return &appmodel.AppDelegateBase{} })
		if err := s.Launch(); err != nil {
			b.Fatal(err)
		}
		if err := s.Home(); err != nil {
			b.Fatal(err)
		}
		if err := s.RunFor(10 * time.Second); err != nil {
			b.Fatal(err)
		}
		if err := s.MemoryPressureKill(); err != nil {
			b.Fatal(err)
		}
		if err := s.Launch(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMachineryBlocks: 20 blocks on the main queue and 20 on the
// global queue, queued by one callback: per block, queue.push, runNext,
// exec and finish.
func BenchmarkMachineryBlocks(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := simulator.New(simulator.Config{TraceKeep: simulator.KeepNone})
		s.Install(func() appmodel.AppDelegate { return &blockApp{n: 20} })
		if err := s.Launch(); err != nil {
			b.Fatal(err)
		}
	}
}

// tickApp queues ten blocks on the main queue every second.
type tickApp struct{ appmodel.AppDelegateBase }

func (tickApp) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	nop := func() {}
	var tick func()
	tick = func() {
		for range 10 {
			app.InvokeOnMainThread(nop)
		}
		app.After(time.Second, tick)
	}
	tick()
}

// BenchmarkMachineryBlock is the cost of one block on a queue in a
// running app (an op is one block), without the setup of a run: push,
// schedule, the clock event that runs it, runNext, exec and returned.
func BenchmarkMachineryBlock(b *testing.B) {
	b.ReportAllocs()
	s := simulator.New(simulator.Config{TraceKeep: simulator.KeepNone, EventBudget: 1 << 40})
	s.Install(func() appmodel.AppDelegate { return tickApp{} })
	if err := s.Launch(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if err := s.RunFor(time.Duration(b.N/10+1) * time.Second); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkMachineryWalkthroughKeepNone is the walkthrough without its
// trace: the run whose machinery this file's benchmarks take apart.
func BenchmarkMachineryWalkthroughKeepNone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scenarios.Walkthrough(simulator.Config{TraceKeep: simulator.KeepNone}, appmodel.RefOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
