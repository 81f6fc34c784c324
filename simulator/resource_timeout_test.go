package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// The daemon keeps the resource timeouts of a session in a queue with one
// clock event at its head (resource_timeout.go): these specs pin that the
// timeouts still fire as a timer per task would.
var _ = Describe("resource timeouts", func() {
	const other = "com.example.rl.Other"

	// interleaved resumes a1, b1, a2, b2 in two sessions, all in the same
	// instant, offline so that only the resource timeout ends them.
	interleaved := rlSpec{
		Config: func(c *appmodel.SessionConfig) { c.TimeoutIntervalForResource = time.Hour },
		Activated: func(a *rlApp) {
			a.download(rlSession, rlBig, "a1")
			a.download(other, rlBig, "b1")
			a.download(rlSession, rlSmall, "a2")
			a.download(other, rlSmall, "b2")
		},
	}
	timedOut := func(env *simtest.Env) []string {
		var descs []string
		for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete}) {
			if e.Code == int(appmodel.ErrTimedOut) {
				Expect(e.At).To(Equal(time.Hour))
				Expect(e.Rule).To(Equal(simulator.RuleS8))
				descs = append(descs, e.Desc)
			}
		}
		return descs
	}

	It("R-S8: tasks of two sessions resumed in the same instant time out in the order they were resumed", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{StartOffline: true}, interleaved)...)
		env.At(0, env.Sim().Launch)
		env.RunTo(2 * time.Hour)
		Expect(timedOut(env)).To(Equal([]string{"a1", "b1", "a2", "b2"}))
	})

	It("R-S8: tasks that end before their deadlines leave the others' timeouts in resume order, across sessions", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{StartOffline: true}, interleaved)...)
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)
		// Each is the head of its session's queue; b1 goes first, so a queue
		// that rescheduled its head as if it were new would fire b2 first.
		env.OnMain(func(appmodel.App) {
			a := rlLatest(env)
			a.task("b1").Cancel()
			a.task("a1").Cancel()
		})
		env.RunTo(2 * time.Hour)
		Expect(timedOut(env)).To(Equal([]string{"a2", "b2"}))
	})

	It("R-S8: a finished task leaves no resource timeout behind: the run goes idle when the last transfer ends", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{
			Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "d") },
		})...)
		env.At(0, env.Sim().Launch)
		Expect(env.Sim().RunUntilIdle()).To(Succeed())
		Expect(env.Completion("d").Err).To(BeNil())
		Expect(env.Sim().Elapsed()).To(BeNumerically("<", time.Hour), "not the 7-day default timeout")
	})

	It("R-S8: a task resumed after the app reconnected with a shorter timeout times out first", func() {
		timeout, launches := 2*time.Hour, 0
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{StartOffline: true}, rlSpec{
			Config: func(c *appmodel.SessionConfig) { c.TimeoutIntervalForResource = timeout },
			Activated: func(a *rlApp) {
				if launches++; launches == 1 {
					a.download(rlSession, rlBig, "long")
				} else {
					a.download(rlSession, rlSmall, "short")
				}
			},
		})...)
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)
		timeout = 30 * time.Minute
		// A new process reconnects with the shorter timeout (R-I3).
		env.At(time.Minute, func() error { return env.Sim().Crash("test") })
		env.At(2*time.Minute, env.Sim().Launch)
		env.RunTo(3 * time.Hour)
		var order []string
		var ats []time.Duration
		for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete}) {
			order, ats = append(order, e.Desc), append(ats, e.At)
		}
		Expect(order).To(Equal([]string{"short", "long"}))
		Expect(ats).To(Equal([]time.Duration{2*time.Minute + 30*time.Minute, 2 * time.Hour}))
	})
})
