package fakes_test

import (
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

// The network keeps resources and responses in a compact form (most carry
// only a size, an ETag and ranges); these specs pin that what goes in
// comes out whole, whichever fields are set.
var _ = Describe("Network's compact records", func() {
	const u = "https://example.com/a.bin"
	var (
		c *fakes.Clock
		n *fakes.Network
	)
	BeforeEach(func() {
		c = fakes.NewClock(netStart)
		n = fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 1 * mB, Latency: ms(100)})
	})

	DescribeTable("gives back a published resource field for field",
		func(r fakes.Resource) {
			Expect(n.AddResource(u, r)).To(Succeed())
			got, ok := n.Resource(u)
			Expect(ok).To(BeTrue())
			Expect(got).To(Equal(r))

			r.Size++
			Expect(n.UpdateResource(u, r)).To(Succeed())
			got, _ = n.Resource(u)
			Expect(got).To(Equal(r))
		},
		Entry("size, ETag, ranges and status only", fakes.Resource{Size: 10, ETag: `"v1"`, AcceptRanges: true, Status: http.StatusNotFound}),
		Entry("nothing but a size", fakes.Resource{Size: 10}),
		Entry("size, ETag and ranges, as most are", fakes.Resource{Size: 10, ETag: `"v1"`, AcceptRanges: true}),
		Entry("ranges and nothing else", fakes.Resource{AcceptRanges: true}),
		Entry("a Last-Modified date", fakes.Resource{Size: 10, LastModified: netStart.Add(-time.Hour)}),
		Entry("every field", fakes.Resource{Size: 10, ETag: `"v1"`, LastModified: netStart, AcceptRanges: true, Status: 203,
			NoContentLength: true, RedirectTo: "/b.bin", Challenge: "Basic", Body: "ok", ResponseDelay: time.Second}),
	)

	It("shares the caller's URL string when it is already canonical, and still canonicalises others", func() {
		Expect(n.AddResource("HTTPS://EXAMPLE.com/a.bin", fakes.Resource{Size: 1})).To(Succeed())
		_, ok := n.Resource(u)
		Expect(ok).To(BeTrue())
	})

	DescribeTable("gives back a transfer's response as it arrived",
		func(res fakes.Resource, req fakes.Request, want fakes.Response) {
			Expect(n.AddResource(u, res)).To(Succeed())
			Expect(n.AddResource("https://example.com/b.bin", fakes.Resource{Size: 5, ETag: `"b"`})).To(Succeed())
			var seen fakes.Response
			x := n.Start(req, fakes.Handler{Response: func(r fakes.Response) { seen = r }})
			_, ok := x.Response()
			Expect(ok).To(BeFalse(), "nothing arrived yet")
			Expect(c.RunUntilIdle(0)).To(Succeed())
			got, ok := x.Response()
			Expect(ok).To(BeTrue())
			Expect(got).To(Equal(seen))
			Expect(got).To(Equal(want))
		},
		Entry("a plain 200", fakes.Resource{Size: 10, ETag: `"v1"`, AcceptRanges: true}, fakes.Request{URL: u},
			fakes.Response{Status: 200, ContentLength: 10, ETag: `"v1"`, AcceptRanges: true, FinalURL: u}),
		Entry("a 206 from a range", fakes.Resource{Size: 10, ETag: `"v1"`, AcceptRanges: true}, fakes.Request{URL: u, RangeFrom: 4, IfRange: `"v1"`},
			fakes.Response{Status: 206, ContentLength: 6, ETag: `"v1"`, AcceptRanges: true, Partial: true, FinalURL: u}),
		Entry("after a redirect", fakes.Resource{RedirectTo: "/b.bin"}, fakes.Request{URL: u},
			fakes.Response{Status: 200, ContentLength: 5, ETag: `"b"`, FinalURL: "https://example.com/b.bin", Redirects: 1}),
		Entry("asked by a URL spelled otherwise", fakes.Resource{Size: 10, ETag: `"v1"`}, fakes.Request{URL: "HTTPS://EXAMPLE.com/a.bin"},
			fakes.Response{Status: 200, ContentLength: 10, ETag: `"v1"`, FinalURL: u}),
		Entry("with a Last-Modified date", fakes.Resource{Size: 3, LastModified: netStart}, fakes.Request{URL: u},
			fakes.Response{Status: 200, ContentLength: 3, LastModified: netStart, FinalURL: u}),
		Entry("an upload's answer with a body", fakes.Resource{Body: "id=7"}, fakes.Request{URL: u, Method: "put", UploadSize: 4},
			fakes.Response{Status: 200, ContentLength: 4, Body: []byte("id=7"), FinalURL: u}),
	)

	DescribeTable("gives back a transfer's request as it was given",
		func(req fakes.Request) {
			Expect(n.Start(req, fakes.Handler{}).Request()).To(Equal(req))
		},
		Entry("a URL alone", fakes.Request{URL: u}),
		Entry("a GET, latency factor 1, as the daemon asks", fakes.Request{URL: u, Method: "GET", LatencyFactor: 1}),
		Entry("a PUT with no body", fakes.Request{URL: u, Method: "PUT"}),
		Entry("a method spelled otherwise", fakes.Request{URL: u, Method: "get"}),
		Entry("another latency factor", fakes.Request{URL: u, LatencyFactor: 0.5}),
		Entry("a range", fakes.Request{URL: u, RangeFrom: 4, IfRange: `"v1"`}),
		Entry("an upload", fakes.Request{URL: u, Method: "POST", UploadSize: 9}),
		Entry("header fields, even none", fakes.Request{URL: u, Header: http.Header{}}),
		Entry("a URL that is not canonical", fakes.Request{URL: "HTTPS://Example.com/a.bin#frag"}),
	)
})

// listener records a Listener's calls with the transfer they came with.
type listener struct {
	x      **fakes.Transfer
	events []string
	same   bool
}

func (l *listener) note(x *fakes.Transfer, what string) {
	l.same = l.same && x == *l.x
	l.events = append(l.events, what)
}
func (l *listener) TransferResponse(x *fakes.Transfer, r fakes.Response) {
	l.note(x, "response "+http.StatusText(r.Status))
}
func (l *listener) TransferChallenge(x *fakes.Transfer, scheme string, reply func(bool)) {
	l.note(x, "challenge "+scheme)
	reply(true)
}
func (l *listener) TransferStalled(x *fakes.Transfer) { l.note(x, "stalled") }
func (l *listener) TransferDone(x *fakes.Transfer, err error) {
	l.note(x, "done")
	if err != nil {
		l.events = append(l.events, err.Error())
	}
}

var _ = Describe("Network.StartListener", func() {
	It("calls the listener's methods, with the transfer, where a Handler's fields would be called", func() {
		c := fakes.NewClock(netStart)
		n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 1 * mB, Latency: ms(100)})
		const u = "https://example.com/a.bin"
		Expect(n.AddResource(u, fakes.Resource{Size: 100 * kB, Challenge: "Basic"})).To(Succeed())
		Expect(n.InjectFault(u, fakes.Fault{Kind: fakes.Stall, AtByte: 10 * kB, For: time.Second})).To(Succeed())

		var x *fakes.Transfer
		l := &listener{x: &x, same: true}
		x = n.StartListener(fakes.Request{URL: u}, l)
		Expect(c.RunUntilIdle(0)).To(Succeed())
		Expect(l.events).To(Equal([]string{"challenge Basic", "response OK", "stalled", "done"}))
		Expect(l.same).To(BeTrue(), "every call names the transfer it is about")
	})
})
