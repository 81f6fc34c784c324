package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// What a zero-bandwidth link means in each place a test can give one: at
// T+0 (Config.Link, simtest.WithLink) a zero Bandwidth is the default
// link's, so a run never starts on a link that silently moves nothing; a
// negative one starts with no bandwidth; Network().SetLink takes the Link
// as it is, so a zero Link there moves nothing until the bandwidth comes
// back (the documented meaning of fakes.Link's zero value).
var _ = Describe("Config.Link with no bandwidth", func() {
	// clDownload runs a 4 MB download from T+0 on the link opts give, and
	// returns the env and the completions by T+1m.
	clDownload := func(cfg simulator.Config, opts ...simtest.Option) (*simtest.Env, []simulator.Event) {
		all := append(dmWorld(cfg, dmOpts{Downloads: []dmDownload{{URL: dmSmall, Desc: "alpha"}}}), opts...)
		env := simtest.New(GinkgoTB(), all...)
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)
		return env, env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})
	}

	It("a zero Config.Link is DefaultLink, and the download completes", func() {
		env, done := clDownload(simulator.Config{})
		Expect(env.Sim().Network().Link()).To(Equal(simulator.DefaultLink))
		Expect(done).To(HaveLen(1))
	})

	It("a Config.Link with zero Bandwidth takes DefaultLink's and keeps its own kind and latency", func() {
		env, done := clDownload(simulator.Config{Link: fakes.Link{Kind: fakes.Cellular, Latency: time.Second}})
		Expect(env.Sim().Network().Link()).To(Equal(fakes.Link{Kind: fakes.Cellular, Bandwidth: simulator.DefaultLink.Bandwidth, Latency: time.Second}))
		Expect(done).To(HaveLen(1))
	})

	It("simtest.WithLink reads a Link as Config.Link does: zero is DefaultLink, a zero Bandwidth the default's", func() {
		env, done := clDownload(simulator.Config{}, simtest.WithLink(fakes.Link{}))
		Expect(env.Sim().Network().Link()).To(Equal(simulator.DefaultLink))
		Expect(done).To(HaveLen(1))
		env, done = clDownload(simulator.Config{}, simtest.WithLink(fakes.Link{Kind: fakes.Cellular}))
		Expect(env.Sim().Network().Link()).To(Equal(fakes.Link{Kind: fakes.Cellular, Bandwidth: simulator.DefaultLink.Bandwidth}))
		Expect(done).To(HaveLen(1))
	})

	It("a negative Config.Link Bandwidth starts a link that moves nothing until SetLink gives bandwidth", func() {
		env, done := clDownload(simulator.Config{Link: fakes.Link{Bandwidth: -1}})
		Expect(done).To(BeEmpty(), "no byte moves at a negative bandwidth")
		env.Sim().Network().SetLink(simulator.DefaultLink)
		env.RunTo(2 * time.Minute)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})).To(HaveLen(1))
	})

	It("Network().SetLink of a zero Link keeps Wi-Fi connected and moves nothing until the bandwidth comes back", func() {
		env := simtest.New(GinkgoTB(), dmWorld(simulator.Config{}, dmOpts{Downloads: []dmDownload{{URL: dmSmall, Desc: "alpha"}}})...)
		sim := env.Sim()
		sim.Network().SetLink(fakes.Link{})
		env.At(0, sim.Launch)
		env.RunTo(time.Minute)
		Expect(sim.Network().Link().Kind).To(Equal(fakes.WiFi))
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})).To(BeEmpty(), "a zero Link moves nothing")
		sim.Network().SetLink(simulator.DefaultLink)
		env.RunTo(2 * time.Minute)
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})).To(HaveLen(1))
	})
})
