package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// The request timeout runs only while a transfer moves nothing, so these
// specs pin both what it decides (R-S8) and that a moving transfer costs
// no timer events.
var _ = Describe("R-S8: the request timeout as an idle timer", func() {
	const url = "https://files.example.com/idle/big.bin"

	// downloadAtLaunch is an app whose first activation starts one download
	// in a background session.
	downloadAtLaunch := simtest.Hooks{OnActivated: func(app appmodel.App) {
		s := app.NewSession(appmodel.BackgroundSessionConfig("com.example.idle"), appmodel.SessionDelegateBase{})
		s.DownloadTask(appmodel.Request{URL: url}).Resume()
	}}

	It("R-S8: a link that keeps its kind but moves nothing times the transfer out after TimeoutIntervalForRequest, and the daemon retries", func() {
		link := fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 50 * time.Millisecond}
		env := simtest.New(GinkgoTB(), simtest.WithHooks(downloadAtLaunch), simtest.WithLink(link),
			simtest.WithResource(url, fakes.Resource{Size: 400_000_000, ETag: `"v1"`, AcceptRanges: true}))
		sim := env.Sim()
		// The stop comes after the attempt's first check (at T+60 s) found
		// bytes moving, so only the link change can arm the timer again.
		const stop = 90 * time.Second
		env.Do(sim.Launch)
		env.At(stop, func() error {
			sim.Network().SetLink(fakes.Link{Kind: fakes.WiFi, Latency: link.Latency}) // no bandwidth
			return nil
		})
		env.At(4*time.Minute, func() error { sim.Network().SetLink(link); return nil })
		env.RunFor(10 * time.Minute)

		retry := env.First(simulator.Pattern{Kind: simulator.KindTransferRetry})
		Expect(retry.Code).To(Equal(int(appmodel.ErrTimedOut)))
		Expect(retry.Rule).To(Equal(simulator.RuleS8))
		Expect(retry.At).To(Equal(stop+appmodel.DefaultTimeoutIntervalForRequest),
			"TimeoutIntervalForRequest after the last byte moved")
		o := env.Outcome(1)
		Expect(o.Completed).To(BeTrue())
		Expect(o.Err).To(BeNil(), "the timeout is retried, not reported")
		Expect(o.Bytes).To(Equal(int64(400_000_000)))
	})

	It("R-S8: a transfer that keeps moving costs no timer events, however long it runs", func() {
		const day = 24 * time.Hour
		link := fakes.Link{Kind: fakes.WiFi, Bandwidth: 1_000, Latency: 50 * time.Millisecond}
		env := simtest.New(GinkgoTB(), simtest.WithHooks(downloadAtLaunch), simtest.WithLink(link),
			simtest.WithResource(url, fakes.Resource{Size: 2 * 86_400_000, ETag: `"v1"`, AcceptRanges: true}))
		sim := env.Sim()
		env.Do(sim.Launch)
		env.At(time.Second, sim.Home)
		env.RunFor(time.Minute) // suspended: no progress ticks from here on
		before := sim.Clock().Fired()
		env.RunFor(day)

		Expect(env.Outcome(1).Completed).To(BeFalse(), "still trickling after a day")
		Expect(sim.Clock().Fired()-before).To(BeNumerically("<=", 2),
			"a day of moving bytes fired clock events; the idle timer must not re-arm every TimeoutIntervalForRequest")
	})

	It("R-S8: a round trip longer than TimeoutIntervalForRequest times the attempt out that long after it started, and the daemon retries", func() {
		slow := fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 100 * time.Second}
		env := simtest.New(GinkgoTB(), simtest.WithHooks(downloadAtLaunch), simtest.WithLink(slow),
			simtest.WithResource(url, fakes.Resource{Size: 1_000_000, ETag: `"v1"`, AcceptRanges: true}))
		sim := env.Sim()
		env.Do(sim.Launch)
		// Every attempt until then waits a round trip it cannot finish.
		const fast = 3 * time.Minute
		env.At(fast, func() error {
			sim.Network().SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 2_000_000, Latency: 50 * time.Millisecond})
			return nil
		})
		env.RunFor(10 * time.Minute)

		starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
		retries := env.Events(simulator.Pattern{Kind: simulator.KindTransferRetry})
		Expect(len(starts)).To(BeNumerically(">=", 3), "the attempts before the link got fast, and one after")
		Expect(retries).To(HaveLen(len(starts)-1), "every attempt but the last timed out")
		for i, r := range retries {
			Expect(r.Code).To(Equal(int(appmodel.ErrTimedOut)))
			Expect(r.Rule).To(Equal(simulator.RuleS8))
			Expect(r.At).To(Equal(starts[i].At+appmodel.DefaultTimeoutIntervalForRequest),
				"TimeoutIntervalForRequest after the attempt started: the round trip counts as idle")
		}
		o := env.Outcome(1)
		Expect(o.Completed).To(BeTrue())
		Expect(o.Err).To(BeNil(), "the timeouts are retried, not reported")
		Expect(o.Bytes).To(Equal(int64(1_000_000)))
	})
})
