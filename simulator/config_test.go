package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

var _ = Describe("Config", func() {
	It("R-S9: StartOffline starts the run offline; the download waits, then completes once the link is set", func() {
		env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{StartOffline: true}, dmOpts{Downloads: []dmDownload{{URL: dmSmall, Desc: "alpha"}}})...)
		sim := env.Sim()
		Expect(sim.Network().Link().Kind).To(Equal(fakes.Offline))
		env.At(0, sim.Launch)
		env.RunTo(time.Minute)

		waits := env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})
		Expect(waits).To(HaveLen(1))
		Expect(waits[0].Rule).To(Equal(simulator.RuleS9))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})).To(BeEmpty())

		sim.Network().SetLink(simulator.DefaultLink)
		env.RunTo(2 * time.Minute)
		done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})
		Expect(done).To(HaveLen(1))
		Expect(done[0].Code).To(BeZero())
	})

	It("DESIGN: a zero Config takes every documented default", func() {
		cfg := simulator.New(simulator.Config{}).Config()
		Expect(cfg.BackgroundGrace).To(Equal(simulator.DefaultBackgroundGrace))
		Expect(cfg.BackgroundTaskBudget).To(Equal(simulator.DefaultBackgroundTaskBudget))
		Expect(cfg.CompletionHandlerBudget).To(Equal(simulator.DefaultCompletionHandlerBudget))
		Expect(cfg.RelaunchDelayInitial).To(Equal(simulator.DefaultRelaunchDelayInitial))
		Expect(cfg.TempFileRetentionUnlaunched).To(Equal(simulator.DefaultTempFileRetentionUnlaunched))
		Expect(cfg.ForegroundStartDelay).To(BeZero())
		Expect(cfg.UploadFromDataPolicy).To(Equal(simulator.UploadFromDataCrash))
		Expect(cfg.UndeliveredOnKill).To(Equal(simulator.UndeliveredDrop))
		Expect(cfg.DebuggerAttached).To(BeFalse())
		Expect(cfg.Jitter).To(BeFalse())
		Expect(cfg.ProgressInterval).To(Equal(simulator.DefaultProgressInterval))
		Expect(cfg.RetryDelay).To(Equal(simulator.DefaultRetryDelay))
		Expect(cfg.Link).To(Equal(simulator.DefaultLink))
		Expect(cfg.Power).To(Equal(simulator.DefaultPower))
		Expect(cfg.MainThreadPolicy).To(Equal(simulator.PolicyTerminate))
		Expect(cfg.Start).To(Equal(simulator.DefaultStart))
	})
})
