package simulator_test

// Mistake M17 (a multi-step protocol that needs a follow-up request at a
// background wake) and its fixed twin.

import (
	"net/http"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

var _ = Describe("M17 MultipartUpload (R-R1)", func() {
	// A slow link, so that the photo's upload finishes while the app is
	// suspended and the image download goes on for minutes: the session's
	// wake comes when the image is done. Charging, so that R-S6 does not
	// hold back the tasks made in the background.
	cfg := simulator.Config{
		Power: simulator.Power{Charging: true, Battery: 100},
		Link:  fakes.Link{Kind: fakes.WiFi, Bandwidth: 200_000, Latency: 50 * time.Millisecond},
	}
	story := func(m appmodel.Mistakes) *simulator.Sim {
		GinkgoHelper()
		sim := rlRef(cfg, appmodel.RefOptions{UploadPhoto: true, Mistakes: m})
		net := sim.Network()
		Expect(net.UpdateResource(appmodel.RefUploadURL, fakes.Resource{Status: http.StatusCreated, Body: `{"photo":"published"}`})).To(Succeed())
		for i := 1; i <= appmodel.RefPhotoParts; i++ {
			Expect(net.AddResource(appmodel.RefUploadPartURL(i), fakes.Resource{Status: http.StatusOK, Body: `{"etag":"\"part\""}`})).To(Succeed())
		}
		Expect(net.AddResource(appmodel.RefUploadCompleteURL, fakes.Resource{Status: http.StatusCreated, Body: `{"photo":"published"}`})).To(Succeed())
		rlRun(sim, 0, sim.Launch)
		rlRun(sim, time.Second, sim.Home)
		rlRun(sim, time.Hour, nil)
		return sim
	}
	published := func(sim *simulator.Sim) simulator.Event {
		GinkgoHelper()
		evs := rlEvents(sim, rlKind(simulator.KindLog), func(e simulator.Event) bool { return strings.HasPrefix(e.Detail, "the photo is published") })
		Expect(evs).To(HaveLen(1), "the photo is published once")
		return evs[0]
	}

	It("M17 MultipartUpload (R-R1): the finalising request, made at the wake that delivers the parts, waits for the relaunch delay and needs a second wake", func() {
		sim := story(appmodel.Mistakes{MultipartUpload: true})

		wakes := rlEvents(sim, rlKind(simulator.KindRelaunch))
		Expect(wakes).To(HaveLen(2), "one wake for the parts and the image, one for the finalising request")
		fin := rlTaskOf(sim, appmodel.RefUploadCompleteURL)
		create := rlEvents(sim, rlKind(simulator.KindTaskCreate), rlTask(fin))[0]
		Expect(create.At).To(BeNumerically(">=", wakes[0].At), "made during the first wake")
		wait := rlEvents(sim, rlKind(simulator.KindTaskWait), rlTask(fin))
		Expect(wait).NotTo(BeEmpty())
		Expect(wait[0].Rule).To(Equal(simulator.RuleR1))
		start := rlEvents(sim, rlKind(simulator.KindTransferStart), rlTask(fin))[0]
		Expect(start.At-wakes[0].At).To(Equal(simulator.DefaultRelaunchDelayInitial), "it starts only when the relaunch delay has passed")
		pub := published(sim)
		Expect(pub.At).To(BeNumerically(">=", wakes[1].At), "the photo is published in the second wake")
		Expect(pub.At - wakes[0].At).To(BeNumerically(">", time.Minute))
		Expect(sim.Violations()).To(BeEmpty())
	})

	It("M17 MultipartUpload fixed (R-R1): one self-contained request: the server's answer (R-D9) publishes the photo in the one wake", func() {
		sim := story(appmodel.Mistakes{})

		wakes := rlEvents(sim, rlKind(simulator.KindRelaunch))
		Expect(wakes).To(HaveLen(1))
		pub := published(sim)
		Expect(pub.At).To(BeNumerically(">=", wakes[0].At))
		Expect(pub.At-wakes[0].At).To(BeNumerically("<", time.Second), "published in the wake that delivered it")
		Expect(rlEvents(sim, rlKind(simulator.KindTaskWait))).To(BeEmpty())
		Expect(sim.Violations()).To(BeEmpty())
	})
})
