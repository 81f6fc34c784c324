package fakes_test

import (
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

var _ = Describe("Network tokens and upload answers", func() {
	const url = "https://api.example.com/upload"
	var (
		c *fakes.Clock
		n *fakes.Network
	)
	bearer := func(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }
	BeforeEach(func() {
		c = fakes.NewClock(netStart)
		n = fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 1 * mB, Latency: ms(100)})
		Expect(n.AddResource(url, fakes.Resource{Status: http.StatusCreated, Body: `{"id":1}`})).To(Succeed())
	})
	upload := func(size int64, h http.Header) *rec {
		r := newRec(c)
		n.Start(fakes.Request{URL: url, Method: http.MethodPut, UploadSize: size, Header: h}, r.handler())
		Expect(c.RunUntilIdle(1000)).To(Succeed())
		return r
	}

	It("answers an upload with the resource's status and body once the body arrived", func() {
		r := upload(2*mB, nil)
		Expect(r.resp.Status).To(Equal(http.StatusCreated))
		Expect(string(r.resp.Body)).To(Equal(`{"id":1}`))
		Expect(r.resp.ContentLength).To(Equal(int64(len(`{"id":1}`))))
		Expect(r.respAt).To(Equal(ms(100) + 2*time.Second))
	})

	It("answers by the Authorization header: a valid token passes, none or an unknown one is a 401 with the error document", func() {
		Expect(n.RequireToken(url)).To(Succeed())
		n.IssueToken("good", time.Hour)
		Expect(upload(mB, bearer("good")).resp.Status).To(Equal(http.StatusCreated))
		for _, h := range []http.Header{nil, bearer("bad"), {"Authorization": {"good"}}} {
			r := upload(mB, h)
			Expect(r.resp.Status).To(Equal(http.StatusUnauthorized))
			Expect(string(r.resp.Body)).To(Equal(fakes.ExpiredTokenBody))
			Expect(r.resp.Header.Get("WWW-Authenticate")).To(HavePrefix("Bearer"))
			Expect(r.err).NotTo(HaveOccurred(), "a 401 is an answer, not a network error")
		}
	})

	It("checks the token when it answers: an upload that outlives it is refused after its last byte, a revoked token at once", func() {
		Expect(n.RequireToken(url)).To(Succeed())
		n.IssueToken("short", 10*time.Second)
		r := upload(20*mB, bearer("short")) // 20 s at 1 MB/s
		Expect(r.resp.Status).To(Equal(http.StatusUnauthorized))
		Expect(r.respAt).To(Equal(ms(100)+20*time.Second), "refused once the body arrived")

		n.IssueToken("short", time.Hour) // issued again: valid for an hour from now
		Expect(upload(20*mB, bearer("short")).resp.Status).To(Equal(http.StatusCreated))
		n.RevokeToken("short")
		t0 := c.Elapsed()
		r = upload(20*mB, bearer("short"))
		Expect(r.resp.Status).To(Equal(http.StatusUnauthorized))
		Expect(r.respAt-t0).To(Equal(ms(100)), "refused one round trip in, before the body was sent")
	})

	It("rejects a URL that does not parse", func() {
		Expect(n.RequireToken("::nope")).To(MatchError(fakes.ErrBadURL))
	})
})
