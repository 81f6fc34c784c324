package simulator_test

// Specs of R-D9 (upload responses: the body as data, the status on the
// task, requests with headers and a token that expires) and of the
// redirect defect: a redirected download's bytes are the target's (R-S4).

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// upURL is the upload endpoint of these specs.
var upURL = rlURL("photos")

// upToken is the access token the test app sends.
const upToken = "token-1"

// upStart uploads a file of size bytes to upURL, labelled "u", with the
// access token in its Authorization header.
func upStart(a *rlApp, size int64) {
	const path = "/Documents/photo.bin"
	if err := a.app.Files().Write(path, fakes.Segment{From: 0, To: size, Source: "camera"}); err != nil {
		a.app.Log("could not write the photo: %v", err)
		return
	}
	req := appmodel.Request{URL: upURL, Method: http.MethodPost,
		Header: http.Header{"Authorization": {"Bearer " + upToken}}}
	a.start(a.session(rlSession).UploadTask(req, path), "u")
}

// upWhats lists the delegate methods the app saw for the task labelled
// desc, and the session's DidFinishEvents, with the instance that saw them,
// leaving out progress.
func upWhats(env *simtest.Env, desc string) []string {
	var out []string
	for _, c := range env.SessionCalls() {
		if c.Callback == "DidSendBodyData" || c.Callback == "DidWriteData" || (c.Desc != desc && c.Callback != "DidFinishEventsForBackgroundSession") {
			continue
		}
		out = append(out, strings.Repeat("+", c.Process-1)+string(c.Callback))
	}
	return out
}

var _ = Describe("R-D9: upload responses", func() {
	const body = `{"id":42,"etag":"\"part-1\""}`

	It("R-D9: the server's answer reaches the delegate as DidReceiveData before DidCompleteWithError(nil), and its status is on the task's response", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { upStart(a, 1_000_000) }})...)
		Expect(env.Sim().Network().AddResource(upURL, fakes.Resource{Status: http.StatusCreated, Body: body})).To(Succeed())
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)

		Expect(upWhats(env, "u")).To(Equal([]string{"DidReceiveData", "DidCompleteWithError"}))
		data := env.CallsOf(simulator.CbDidReceiveData)[0]
		Expect(string(data.Data)).To(Equal(body))
		c := env.Completion("u")
		Expect(c.Err).To(BeNil())
		Expect(c.Response).NotTo(BeNil())
		Expect(c.Response.StatusCode).To(Equal(http.StatusCreated))
		ev := env.One(simulator.Pattern{Callback: simulator.CbDidReceiveData})
		Expect(ev.Rule).To(Equal(simulator.RuleD9))
		Expect(ev.Bytes).To(Equal(int64(len(body))))
		Expect(simulator.Describe(ev)).To(ContainSubstring(strconv.Quote(body)))
	})

	It("R-D9: after a relaunch the answer is delivered too: queued in the daemon with the other events, after HandleEvents and before DidFinishEvents", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { upStart(a, 20_000_000) }})...)
		Expect(env.Sim().Network().AddResource(upURL, fakes.Resource{Status: http.StatusCreated, Body: body})).To(Succeed())
		env.At(0, env.Sim().Launch)
		env.At(2*time.Second, env.Sim().Home)
		env.At(8*time.Second, env.Sim().MemoryPressureKill)
		env.RunTo(5 * time.Minute)

		Expect(env.Sim().Processes()).To(Equal(2), "the app was launched into the background for the upload")
		Expect(upWhats(env, "u")).To(Equal([]string{"+DidReceiveData", "+DidCompleteWithError", "+DidFinishEventsForBackgroundSession"}),
			"the second process hears the answer, then the completion, then DidFinishEvents")
		Expect(string(env.CallsOf(simulator.CbDidReceiveData)[0].Data)).To(Equal(body))
		handle := env.One(simulator.Pattern{Callback: simulator.CbHandleEventsForBackgroundURL})
		Expect(env.One(simulator.Pattern{Callback: simulator.CbDidReceiveData}).Seq).To(BeNumerically(">", handle.Seq))
		Expect(env.Completion("u").Response.StatusCode).To(Equal(http.StatusCreated))
	})

	DescribeTable("R-D9: a 4xx or 5xx is an answer, not a transport error: DidCompleteWithError(nil), the status on the response, the error document as data, no retry",
		func(status int) {
			errBody := `{"error":"` + http.StatusText(status) + `"}`
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { upStart(a, 1_000_000) }})...)
			Expect(env.Sim().Network().AddResource(upURL, fakes.Resource{Status: status, Body: errBody})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			c := env.Completion("u")
			Expect(c.Err).To(BeNil(), "no URLError for an HTTP status")
			Expect(c.Response.StatusCode).To(Equal(status))
			Expect(string(env.CallsOf(simulator.CbDidReceiveData)[0].Data)).To(Equal(errBody))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferRetry})).To(BeEmpty(), "the daemon does not retry an answered request")
			done := env.One(simulator.Pattern{Callback: simulator.CbDidCompleteWithError})
			Expect(done.Code).To(BeZero())
			Expect(done.Detail).To(HavePrefix("nil (HTTP "), "the trace shows the status next to the nil error")
		},
		Entry("R-D9: 401 Unauthorized", http.StatusUnauthorized),
		Entry("R-D9: 413 Payload Too Large", http.StatusRequestEntityTooLarge),
		Entry("R-D9: 500 Internal Server Error", http.StatusInternalServerError),
		Entry("R-D9: 503 Service Unavailable", http.StatusServiceUnavailable),
	)

	Describe("R-D9: requests carry headers; a token that expires", func() {
		// At 100 kB/s: 100 MB take about 17 min, 500 MB about 83 min.
		cfg := simulator.Config{Link: fakes.Link{Kind: fakes.WiFi, Bandwidth: 100_000, Latency: 50 * time.Millisecond}}

		DescribeTable("R-D9: the token is checked when the server answers: an upload that outlives its one-hour token gets a 401",
			func(size int64, dropAt int64, want int) {
				env := simtest.New(GinkgoTB(), rlStd(cfg, rlSpec{Activated: func(a *rlApp) { upStart(a, size) }})...)
				Expect(env.Sim().Network().AddResource(upURL, fakes.Resource{Status: http.StatusCreated, Body: body})).To(Succeed())
				Expect(env.Sim().Network().RequireToken(upURL)).To(Succeed())
				env.Sim().Network().IssueToken(upToken, time.Hour)
				if dropAt > 0 {
					Expect(env.Sim().Network().InjectFault(upURL, fakes.Fault{Kind: fakes.DropAtByte, AtByte: dropAt})).To(Succeed())
				}
				env.At(0, env.Sim().Launch)
				env.At(2*time.Second, env.Sim().Home)
				env.RunTo(4 * time.Hour)

				c := env.Completion("u")
				Expect(c.Err).To(BeNil())
				Expect(c.Response.StatusCode).To(Equal(want))
				got := string(env.CallsOf(simulator.CbDidReceiveData)[0].Data)
				if want == http.StatusUnauthorized {
					Expect(got).To(Equal(fakes.ExpiredTokenBody))
					Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).At).To(BeNumerically(">", time.Hour))
				} else {
					Expect(got).To(Equal(body))
				}
			},
			Entry("R-D9: 100 MB, done in 17 min: accepted", int64(100_000_000), int64(0), http.StatusCreated),
			Entry("R-D9: 500 MB, done after 83 min: refused", int64(500_000_000), int64(0), http.StatusUnauthorized),
			Entry("R-D9: 240 MB, 40 min, but the connection drops at 200 MB and the retry resends the same header from byte 0: refused",
				int64(240_000_000), int64(200_000_000), http.StatusUnauthorized),
		)

		It("R-D9: a download answers by header: with the token the file, without it a 401", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				s := a.session(rlSession)
				a.start(s.DownloadTask(appmodel.Request{URL: rlSmall, Header: http.Header{"Authorization": {"Bearer " + upToken}}}), "with")
				a.start(s.DownloadTask(appmodel.Request{URL: rlSmall}), "without")
			}})...)
			Expect(env.Sim().Network().RequireToken(rlSmall)).To(Succeed())
			env.Sim().Network().IssueToken(upToken, time.Hour)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			Expect(env.Completion("with").Response.StatusCode).To(Equal(http.StatusOK))
			f, err := env.Sim().Files().Stat(rlDocument("with"))
			Expect(err).NotTo(HaveOccurred())
			Expect(f.Size).To(Equal(int64(rlSmallSize)))
			without := env.Completion("without")
			Expect(without.Err).To(BeNil())
			Expect(without.Response.StatusCode).To(Equal(http.StatusUnauthorized))
		})
	})
})

var _ = Describe("R-S4: the bytes of a redirected download", func() {
	origin, target := rlURL("latest.bin"), rlURL("v7/file.bin")

	DescribeTable("R-S4: every byte of the file is labelled with the redirect target and its ETag, never the origin URL",
		func(dropAt int64) {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, origin, "d") }})...)
			Expect(env.Sim().Network().AddResource(origin, fakes.Resource{RedirectTo: target})).To(Succeed())
			Expect(env.Sim().Network().AddResource(target, fakes.Resource{Size: rlOtherSize, ETag: `"v7"`, AcceptRanges: true})).To(Succeed())
			if dropAt > 0 {
				Expect(env.Sim().Network().InjectFault(target, fakes.Fault{Kind: fakes.DropAtByte, AtByte: dropAt})).To(Succeed())
			}
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			f, err := env.Sim().Files().Stat(rlDocument("d"))
			Expect(err).NotTo(HaveOccurred())
			Expect(simtest.Covers(f.Segments, rlOtherSize)).To(Succeed())
			for _, s := range f.Segments {
				Expect(s.Source).To(Equal(target + `#"v7"`))
			}
			Expect(env.Completion("d").Response.URL).To(Equal(target))
			if dropAt > 0 {
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferRetry})).To(HaveLen(1))
				Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})[1].Bytes).To(Equal(dropAt), "resumed through the redirect")
			}
		},
		Entry("R-S4: in one attempt", int64(0)),
		Entry("R-S4: resumed after a lost connection", int64(2_000_000)),
	)
})

var _ = Describe("R-D9: a task's request is a value", func() {
	It("R-D9: changing the header of the request given or read back changes nothing the daemon sends", func() {
		var readBack string
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
			h := http.Header{"Authorization": {"Bearer " + upToken}}
			t := a.start(a.session(rlSession).DownloadTask(appmodel.Request{URL: rlSmall, Header: h}), "d")
			h.Set("Authorization", "Bearer changed")
			t.Request().Header.Set("Authorization", "Bearer changed-too")
			readBack = t.Request().Header.Get("Authorization")
		}})...)
		Expect(env.Sim().Network().RequireToken(rlSmall)).To(Succeed())
		env.Sim().Network().IssueToken(upToken, time.Hour)
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Minute)

		Expect(readBack).To(Equal("Bearer " + upToken))
		Expect(env.Completion("d").Response.StatusCode).To(Equal(http.StatusOK))
	})
})
