package fakes_test

// Specs of upload endpoints (network_upload.go) and of the zero LinkKind.

import (
	"io/fs"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

var _ = Describe("AddUploadEndpoint", func() {
	const photos = "https://api.example.com/photos"
	var (
		c *fakes.Clock
		n *fakes.Network
	)
	BeforeEach(func() {
		c = fakes.NewClock(netStart)
		n = fakes.NewNetwork(c, fakes.Link{Bandwidth: 1 * mB, Latency: ms(100)})
	})
	post := func(size int64) (*fakes.Transfer, *rec) {
		r := newRec(c)
		return n.Start(fakes.Request{URL: photos, Method: "POST", UploadSize: size}, r.handler()), r
	}

	It("declares in one line what the server answers an upload, after its latency", func() {
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{Status: 201, Body: `{"id": 7}`, Latency: ms(300)})).To(Succeed())
		tr, r := post(500 * kB)
		Expect(c.RunUntilIdle(1000)).To(Succeed())
		// 100 ms round trip, 500 ms of body at 1 MB/s, then 300 ms of server work.
		Expect(r.respAt).To(Equal(ms(900)))
		Expect(r.resp.Status).To(Equal(201))
		Expect(string(r.resp.Body)).To(Equal(`{"id": 7}`))
		Expect(r.resp.ContentLength).To(Equal(int64(len(`{"id": 7}`))))
		Expect(r.err).NotTo(HaveOccurred())
		Expect(r.doneAt).To(Equal(ms(900)))
		Expect(tr.Sent()).To(Equal(int64(500 * kB)))
	})

	It("answers 200 with no body and no delay when nothing else is said", func() {
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{})).To(Succeed())
		_, r := post(100 * kB)
		Expect(c.RunUntilIdle(1000)).To(Succeed())
		Expect(r.resp.Status).To(Equal(200))
		Expect(r.resp.Body).To(BeEmpty())
		Expect(r.respAt).To(Equal(ms(200)))
	})

	It("is idle while the server works: the last byte stays at the end of the body, and going offline loses the answer", func() {
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{Status: 201, Latency: 10 * time.Second})).To(Succeed())
		tr, r := post(100 * kB)
		Expect(c.RunFor(ms(5000))).To(Succeed())
		Expect(r.resp).To(BeNil(), "the server is still working")
		Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(200))), "no byte moved since the body ended")
		Expect(tr.Moving()).To(BeFalse())
		n.SetLink(fakes.Link{Kind: fakes.Offline})
		Expect(c.RunUntilIdle(1000)).To(Succeed())
		Expect(r.resp).To(BeNil())
		Expect(netErr(r.err).Kind).To(Equal(fakes.ConnectionLost))
		Expect(r.dones).To(Equal(1))
	})

	It("stays silent when cancelled while the server works", func() {
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{Latency: time.Second})).To(Succeed())
		tr, r := post(100 * kB)
		Expect(c.RunFor(ms(500))).To(Succeed())
		tr.Cancel()
		Expect(c.RunUntilIdle(1000)).To(Succeed())
		Expect(r.events).To(BeEmpty())
		Expect(tr.Done()).To(BeTrue())
	})

	It("refuses a negative latency, a status that is not HTTP, and a second endpoint at one URL", func() {
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{Latency: -time.Second})).To(MatchError(fs.ErrInvalid))
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{Status: 42})).To(MatchError(fs.ErrInvalid))
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{Status: 201})).To(Succeed())
		Expect(n.AddUploadEndpoint(photos, fakes.UploadEndpoint{Status: 201})).To(MatchError(fs.ErrExist))
	})
})

var _ = Describe("LinkKind", func() {
	It("is Wi-Fi when not set: a Link with only a bandwidth is connected, and offline is explicit", func() {
		var k fakes.LinkKind
		Expect(k).To(Equal(fakes.WiFi))
		Expect(fakes.Link{Bandwidth: 1 * mB}.Kind.String()).To(Equal("wifi"))
		Expect(fakes.Offline).NotTo(BeZero())

		c := fakes.NewClock(netStart)
		n := fakes.NewNetwork(c, fakes.Link{Bandwidth: 1 * mB})
		Expect(n.AddResource("https://example.com/x", fakes.Resource{Size: 1 * mB})).To(Succeed())
		r := newRec(c)
		n.Start(fakes.Request{URL: "https://example.com/x"}, r.handler())
		Expect(c.RunUntilIdle(1000)).To(Succeed())
		Expect(r.err).NotTo(HaveOccurred())
		Expect(r.doneAt).To(Equal(time.Second))
	})
})
