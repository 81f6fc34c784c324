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
	"github.com/bgsim/bgsim/simulator/simtest"
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
	story := func(m appmodel.Mistakes) *simtest.Env {
		GinkgoHelper()
		env := rlRef(cfg, appmodel.RefOptions{UploadPhoto: true, Mistakes: m})
		net := env.Sim().Network()
		Expect(net.UpdateResource(appmodel.RefUploadURL, fakes.Resource{Status: http.StatusCreated, Body: `{"photo":"published"}`})).To(Succeed())
		for i := 1; i <= appmodel.RefPhotoParts; i++ {
			Expect(net.AddResource(appmodel.RefUploadPartURL(i), fakes.Resource{Status: http.StatusOK, Body: `{"etag":"\"part\""}`})).To(Succeed())
		}
		Expect(net.AddResource(appmodel.RefUploadCompleteURL, fakes.Resource{Status: http.StatusCreated, Body: `{"photo":"published"}`})).To(Succeed())
		env.At(0, env.Sim().Launch)
		env.At(time.Second, env.Sim().Home)
		env.RunTo(time.Hour)
		return env
	}
	published := func(env *simtest.Env) simulator.Event {
		GinkgoHelper()
		evs := env.EventsWhere(simulator.Pattern{Kind: simulator.KindLog}, func(e simulator.Event) bool { return strings.HasPrefix(e.Detail, "the photo is published") })
		Expect(evs).To(HaveLen(1), "the photo is published once")
		return evs[0]
	}

	It("M17 MultipartUpload (R-R1): the finalising request, made at the wake that delivers the parts, waits for the relaunch delay and needs a second wake", func() {
		env := story(appmodel.Mistakes{MultipartUpload: true})

		wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
		Expect(wakes).To(HaveLen(2), "one wake for the parts and the image, one for the finalising request")
		fin := rlTaskOf(env, appmodel.RefUploadCompleteURL)
		create := env.Events(simulator.Pattern{Kind: simulator.KindTaskCreate, Task: fin})[0]
		Expect(create.At).To(BeNumerically(">=", wakes[0].At), "made during the first wake")
		wait := env.Events(simulator.Pattern{Kind: simulator.KindTaskWait, Task: fin})
		Expect(wait).NotTo(BeEmpty())
		Expect(wait[0].Rule).To(Equal(simulator.RuleR1))
		start := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart, Task: fin})[0]
		Expect(start.At-wakes[0].At).To(Equal(simulator.DefaultRelaunchDelayInitial), "it starts only when the relaunch delay has passed")
		pub := published(env)
		Expect(pub.At).To(BeNumerically(">=", wakes[1].At), "the photo is published in the second wake")
		Expect(pub.At - wakes[0].At).To(BeNumerically(">", time.Minute))
		Expect(env.Sim().Violations()).To(BeEmpty())
	})

	It("M17 MultipartUpload fixed (R-R1): one self-contained request: the server's answer (R-D9) publishes the photo in the one wake", func() {
		env := story(appmodel.Mistakes{})

		wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
		Expect(wakes).To(HaveLen(1))
		pub := published(env)
		Expect(pub.At).To(BeNumerically(">=", wakes[0].At))
		Expect(pub.At-wakes[0].At).To(BeNumerically("<", time.Second), "published in the wake that delivered it")
		Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty())
		Expect(env.Sim().Violations()).To(BeEmpty())
	})
})
