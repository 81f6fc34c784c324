package bdd

import (
	"fmt"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// faultPlan is what goes wrong in one seeded fault run of the kit. Times
// are offsets from T+0.
type faultPlan struct {
	home      time.Duration // when the user goes to the home screen
	ending    faultEnding   // what happens to the process in the background
	endAfter  time.Duration // how long after going home
	outageAt  time.Duration // the link goes down (0: no outage)
	outageFor time.Duration
	dropAt    time.Duration // every connection in flight is lost (0: none)
}

type faultEnding int

const (
	endNone faultEnding = iota
	endMemoryKill
	endCrash
)

// drawFaults draws the plan of seed, from its own random stream.
func drawFaults(seed uint64) faultPlan {
	rng := simulator.Rand(seed, "bdd-kit-faults")
	p := faultPlan{home: time.Second + time.Duration(rng.IntN(3000))*time.Millisecond}
	p.ending = faultEnding(rng.IntN(3))
	switch p.ending {
	case endMemoryKill:
		p.endAfter = time.Duration(10+rng.IntN(120)) * time.Second
	case endCrash:
		p.endAfter = time.Duration(500+rng.IntN(3500)) * time.Millisecond
	}
	if rng.IntN(2) == 0 {
		p.outageAt = time.Duration(2+rng.IntN(60)) * time.Second
		p.outageFor = time.Duration(1+rng.IntN(120)) * time.Minute
	}
	if rng.IntN(2) == 0 {
		p.dropAt = time.Duration(1500+rng.IntN(30_000)) * time.Millisecond
	}
	return p
}

// String says what the plan does, for the spec's description.
func (p faultPlan) String() string {
	parts := []string{"home at " + fakes.FormatOffset(p.home)}
	switch p.ending {
	case endMemoryKill:
		parts = append(parts, fmt.Sprintf("memory kill %s later", p.endAfter))
	case endCrash:
		parts = append(parts, fmt.Sprintf("crash %s later", p.endAfter))
	}
	if p.outageFor > 0 {
		parts = append(parts, fmt.Sprintf("offline from %s for %s", fakes.FormatOffset(p.outageAt), p.outageFor))
	}
	if p.dropAt > 0 {
		parts = append(parts, "connections dropped at "+fakes.FormatOffset(p.dropAt))
	}
	return strings.Join(parts, ", ")
}

// faultRun plays p, lets the run settle, has the user open the app, and
// expects every transfer delivered and every downloaded file kept, with no
// violation: a file the daemon deleted (R-D6) is no violation and its task
// succeeded, but the app lost what it downloaded.
func (k *kit) faultRun(seed uint64, p faultPlan) {
	r := k.newRun(seed)
	if p.outageFor > 0 {
		r.sim.Schedule(p.outageAt, func() { r.sim.Network().SetLink(fakes.Link{Kind: fakes.Offline}) })
		r.sim.Schedule(p.outageAt+p.outageFor, func() { r.sim.Network().SetLink(k.opts.Link) })
	}
	if p.dropAt > 0 {
		// Offline and back at once: every connection in flight is lost.
		r.sim.Schedule(p.dropAt, func() {
			l := r.sim.Network().Link()
			r.sim.Network().SetLink(fakes.Link{Kind: fakes.Offline})
			r.sim.Network().SetLink(l)
		})
	}
	r.launchAndStart()
	tasks := r.tasks()
	if left := p.home - r.sim.Elapsed(); left > 0 {
		r.runFor(left)
	}
	if r.sim.State() == appmodel.Active {
		r.do("send the app home", r.sim.Home())
	}
	r.runFor(p.endAfter)
	switch {
	case p.ending == endMemoryKill && r.sim.State().Alive():
		r.do("kill the app for memory", r.sim.MemoryPressureKill())
	case p.ending == endCrash && r.sim.State().Running():
		r.do("crash the app", r.sim.Crash("the conformance kit crashes the app"))
	}
	r.runFor(kitSettle)
	ginkgo.By("the user opens the app at " + fakes.FormatOffset(r.sim.Elapsed()))
	r.do("launch the app", r.sim.Launch())
	r.runFor(time.Minute)
	r.expectAllDelivered(tasks, reasonDelivered, reasonTransferFailed)
	gomega.Expect(r.sim).To(HaveNoViolations(), r.why(r.noViolation()))
	gomega.Expect(r.sim).To(HaveNoEvent(FileDeleted()), r.why(reasonFaultFiles))
}
