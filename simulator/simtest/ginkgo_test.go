package simtest_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// Ginkgo runs each node (BeforeEach, It, AfterEach) on a goroutine of its
// own; test code is the driver wherever it runs, so an Env driven in a
// BeforeEach must serve the It that reads it.
var _ = Describe("an Env driven from Ginkgo nodes", func() {
	var env *simtest.Env

	BeforeEach(func() {
		env = simtest.New(GinkgoTB(), simtest.WithHooks(simtest.Hooks{
			FinishedLaunching: func(app appmodel.App, _ appmodel.LaunchOptions) {
				app.Defaults().SetInt("launches", app.Defaults().Int("launches")+1)
			},
		}))
		env.Do(env.Sim().Launch)
		env.RunFor(time.Second)
	})

	It("reads the app's defaults through env.App in the It", func() {
		Expect(env.App(1).Defaults().Int("launches")).To(Equal(1))
		Expect(env.Violations()).To(BeEmpty())
	})

	It("runs code on the app's main queue with env.OnMain, blamed on nobody", func() {
		var main bool
		env.OnMain(func(app appmodel.App) { main = app.IsMainThread(); app.Log("tapped") })
		Expect(main).To(BeTrue())
		Expect(env.Logs("tapped")).To(HaveLen(1))
		Expect(env.Violations()).To(BeEmpty())
	})

	It("lets the It call the App handle's methods and run on", func() {
		ran := false
		env.App(1).InvokeOnMainThread(func() { ran = true })
		env.RunFor(0)
		Expect(ran).To(BeTrue())
		Expect(env.Violations()).To(BeEmpty())
	})

	It("gives the It the model of a process through env.Model", func() {
		Expect(env.Model(1)).To(BeNil()) // the recording app runs alone
		env.Do(func() error { env.App(1).Defaults().SetInt("launches", 7); return nil })
		Expect(env.Sim().Defaults().Int("launches")).To(Equal(7))
		Expect(env.Count(simulator.Pattern{Kind: simulator.KindViolation})).To(Equal(0))
	})
})
