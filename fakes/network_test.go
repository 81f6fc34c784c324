package fakes_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

var netStart = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	kB = 1_000
	mB = 1_000_000
)

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

// rec records one transfer's callbacks and when they came.
type rec struct {
	c        *fakes.Clock
	resp     *fakes.Response
	respAt   time.Duration
	dones    int
	err      error
	doneAt   time.Duration
	scheme   string
	reply    func(bool)
	events   []string
	answered bool
}

func newRec(c *fakes.Clock) *rec { return &rec{c: c, respAt: -1, doneAt: -1} }

func (r *rec) handler() fakes.Handler {
	return fakes.Handler{
		Response: func(x fakes.Response) {
			r.resp, r.respAt = &x, r.c.Elapsed()
			r.events = append(r.events, fmt.Sprintf("response %d", x.Status))
		},
		Challenge: func(scheme string, reply func(bool)) {
			r.scheme, r.reply = scheme, reply
			r.events = append(r.events, "challenge "+scheme)
		},
		Done: func(err error) {
			r.dones++
			r.err, r.doneAt = err, r.c.Elapsed()
			r.events = append(r.events, fmt.Sprintf("done %v", err))
		},
	}
}

// netErr asserts err is a *fakes.NetError and returns it.
func netErr(err error) *fakes.NetError {
	GinkgoHelper()
	var ne *fakes.NetError
	Expect(errors.As(err, &ne)).To(BeTrue(), "want a *fakes.NetError, got %v", err)
	return ne
}

var _ = Describe("Network", func() {
	const (
		urlA = "https://example.com/a.bin"
		urlB = "https://example.com/b.bin"
		urlC = "https://example.com/c.bin"
	)
	var (
		c *fakes.Clock
		n *fakes.Network
	)
	wifi := fakes.Link{Kind: fakes.WiFi, Bandwidth: 1 * mB, Latency: ms(100)}

	add := func(u string, r fakes.Resource) {
		GinkgoHelper()
		Expect(n.AddResource(u, r)).To(Succeed())
	}
	start := func(req fakes.Request) (*fakes.Transfer, *rec) {
		r := newRec(c)
		return n.Start(req, r.handler()), r
	}
	get := func(u string) (*fakes.Transfer, *rec) { return start(fakes.Request{URL: u}) }
	runTo := func(d time.Duration) {
		GinkgoHelper()
		Expect(c.RunUntil(netStart.Add(d))).To(Succeed())
	}
	idle := func() {
		GinkgoHelper()
		Expect(c.RunUntilIdle(0)).To(Succeed())
	}

	BeforeEach(func() {
		c = fakes.NewClock(netStart)
		n = fakes.NewNetwork(c, wifi)
	})

	Describe("timing", func() {
		BeforeEach(func() {
			add(urlA, fakes.Resource{Size: 1 * mB, ETag: `"a1"`, AcceptRanges: true})
			add(urlB, fakes.Resource{Size: 2 * mB})
			add(urlC, fakes.Resource{Size: 500 * kB})
		})

		It("never calls back from inside Start", func() {
			_, r := get(urlA)
			Expect(r.events).To(BeEmpty())
			Expect(n.Active()).To(Equal(1))
		})

		It("pays one round trip before the Response", func() {
			tr, r := get(urlA)
			runTo(ms(100) - 1)
			Expect(r.resp).To(BeNil())
			Expect(tr.Expected()).To(Equal(int64(-1)))
			runTo(ms(100))
			Expect(r.resp).NotTo(BeNil())
			Expect(r.respAt).To(Equal(ms(100)))
			Expect(*r.resp).To(Equal(fakes.Response{Status: 200, ContentLength: 1 * mB, ETag: `"a1"`,
				AcceptRanges: true, FinalURL: urlA}))
			Expect(tr.Expected()).To(Equal(int64(1 * mB)))
			Expect(tr.Received()).To(BeZero())
		})

		It("completes a lone transfer at exactly latency + size/bandwidth", func() {
			tr, r := get(urlA)
			runTo(ms(1100) - 1)
			Expect(r.dones).To(BeZero())
			Expect(tr.Received()).To(Equal(int64(mB - 1))) // 1 byte per µs: 1 ns short is 1 byte short
			runTo(ms(1100))
			Expect(r.dones).To(Equal(1))
			Expect(r.err).NotTo(HaveOccurred())
			Expect(r.doneAt).To(Equal(ms(1100)))
			Expect(tr.Received()).To(Equal(int64(mB)))
			Expect(tr.Done()).To(BeTrue())
			Expect(n.Active()).To(BeZero())
		})

		It("moves no byte per event: a gigabyte takes a handful of clock events", func() {
			add("https://example.com/big", fakes.Resource{Size: 1_000 * mB})
			_, r := get("https://example.com/big")
			idle()
			Expect(r.doneAt).To(Equal(ms(100) + 1000*time.Second))
			Expect(c.Fired()).To(BeNumerically("<=", 3))
		})

		It("stays exact at 10 GB and 1 GB/s across days", func() {
			const gB = 1_000 * mB
			day := 24 * time.Hour
			n.SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 1 * gB, Latency: ms(100)})
			add("https://example.com/10g-a", fakes.Resource{Size: 10 * gB})
			add("https://example.com/10g-c", fakes.Resource{Size: 10 * gB})
			add("https://example.com/1t", fakes.Resource{Size: 1_000 * gB})
			Expect(n.InjectFault("https://example.com/10g-a", fakes.Fault{Kind: fakes.Stall, AtByte: 5 * gB, For: 3 * day})).To(Succeed())
			ta, ra := get("https://example.com/10g-a")
			runTo(3 * day)
			Expect(ta.Received()).To(Equal(int64(5 * gB)))
			Expect(ta.LastByteAt()).To(Equal(netStart.Add(ms(5100))))
			_, rc := get("https://example.com/10g-c")
			runTo(3*day + ms(7600))
			// C alone from 0.1 s until A comes back at 5.1 s, then half each
			Expect(ta.Received()).To(Equal(int64(5*gB + 1250*mB)))
			idle()
			Expect(ra.doneAt).To(Equal(3*day + ms(15_100)))
			Expect(rc.doneAt).To(Equal(3*day + ms(15_100)))

			// 1 TB at 1 GB/s: bandwidth x elapsed passes 2^64 nanobytes
			_, rt := get("https://example.com/1t")
			idle()
			Expect(rt.doneAt).To(Equal(3*day + ms(15_100) + ms(100) + 1000*time.Second))
			Expect(c.Fired()).To(BeNumerically("<=", 12))
		})

		It("shares the link equally between concurrent transfers", func() {
			_, ra := get(urlA) // 1 MB
			_, rb := get(urlB) // 2 MB
			idle()
			// both at 0.5 MB/s until A has its 1 MB at 2.1 s; B then alone at
			// 1 MB/s for its last 1 MB
			Expect(ra.doneAt).To(Equal(ms(2100)))
			Expect(rb.doneAt).To(Equal(ms(3100)))
		})

		It("re-plans when a third transfer joins mid-way", func() {
			ta, ra := get(urlA)
			_, rb := start(fakes.Request{URL: urlA})
			runTo(ms(600))
			Expect(ta.Received()).To(Equal(int64(250 * kB)))
			_, rc := get(urlC) // joins the link at 0.7 s, A and B at 300 kB each
			idle()
			// three at 1/3 MB/s: C's 500 kB take 1.5 s; A and B then have
			// 800 kB and finish their 200 kB at 0.5 MB/s
			Expect(rc.doneAt).To(Equal(ms(2200)))
			Expect(ra.doneAt).To(Equal(ms(2600)))
			Expect(rb.doneAt).To(Equal(ms(2600)))
		})

		It("reports Received exactly between events, rounding partial bytes down", func() {
			add("https://example.com/odd", fakes.Resource{Size: 10 * mB})
			n.SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 3, Latency: 0}) // 3 B/s shared by 2
			t1, _ := get("https://example.com/odd")
			t2, _ := get("https://example.com/odd")
			runTo(time.Second)
			Expect(t1.Received()).To(Equal(int64(1))) // 1.5 bytes
			Expect(t2.Received()).To(Equal(int64(1)))
			runTo(2 * time.Second)
			Expect(t1.Received()).To(Equal(int64(3)))
			runTo(3*time.Second - 1)
			Expect(t1.Received()).To(Equal(int64(4))) // 4.4999999985
		})

		It("re-plans at Now when the bandwidth changes", func() {
			tr, r := get(urlA)
			runTo(ms(600))
			n.SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 2 * mB, Latency: ms(100)})
			Expect(tr.Received()).To(Equal(int64(500 * kB)))
			idle()
			Expect(r.doneAt).To(Equal(ms(850)))
		})

		It("holds transfers without failing them while the bandwidth is zero", func() {
			tr, r := get(urlA)
			runTo(ms(600))
			n.SetLink(fakes.Link{Kind: fakes.Cellular, Bandwidth: 0, Latency: ms(100)})
			runTo(ms(10_600))
			Expect(r.dones).To(BeZero())
			Expect(tr.Received()).To(Equal(int64(500 * kB)))
			Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(600))))
			n.SetLink(wifi)
			Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(10_600))))
			idle()
			Expect(r.doneAt).To(Equal(ms(11_100)))
		})

		It("moves LastByteAt with the data and freezes it while waiting", func() {
			tr, _ := get(urlA)
			Expect(tr.LastByteAt()).To(Equal(netStart))
			runTo(ms(50))
			Expect(tr.LastByteAt()).To(Equal(netStart)) // request sent, nothing back yet
			runTo(ms(400))
			Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(400))))
		})
	})

	Describe("link changes", func() {
		BeforeEach(func() {
			add(urlA, fakes.Resource{Size: 1 * mB})
			add(urlB, fakes.Resource{Size: 1 * mB})
		})

		It("fails every transfer in flight with ErrConnectionLost when going offline", func() {
			ta, ra := get(urlA)
			tb, rb := get(urlB)
			runTo(ms(600))
			_, rw := get(urlA) // still waiting for its round trip
			runTo(ms(650))
			n.SetLink(fakes.Link{Kind: fakes.Offline})
			Expect(n.Active()).To(BeZero())
			Expect(ta.Done()).To(BeTrue())
			Expect(ra.dones).To(BeZero(), "failures are delivered by a clock event, not inside SetLink")
			Expect(ta.Received()).To(Equal(int64(275 * kB)))
			Expect(tb.Received()).To(Equal(int64(275 * kB)))
			runTo(ms(650))
			for _, r := range []*rec{ra, rb, rw} {
				Expect(r.dones).To(Equal(1))
				Expect(r.doneAt).To(Equal(ms(650)))
				Expect(r.err).To(MatchError(fakes.ErrConnectionLost))
			}
			ne := netErr(ra.err)
			Expect(ne.Kind).To(Equal(fakes.ConnectionLost))
			Expect(ne.Kind.Code()).To(Equal(-1005))
			Expect(ne.At).To(Equal(int64(275 * kB)))
			Expect(ra.err.Error()).To(Equal("fakes: GET " + urlA + ": connection lost after 275000 bytes"))
			Expect(netErr(rw.err).At).To(BeZero())
			Expect(errors.Is(ra.err, fakes.ErrNotConnected)).To(BeFalse())
		})

		It("delivers offline failures in start order", func() {
			var order []string
			for _, u := range []string{urlB, urlA, urlB} {
				n.Start(fakes.Request{URL: u}, fakes.Handler{Done: func(error) { order = append(order, u) }})
			}
			runTo(ms(200))
			n.SetLink(fakes.Link{Kind: fakes.Offline})
			idle()
			Expect(order).To(Equal([]string{urlB, urlA, urlB}))
		})

		It("fails a transfer started offline with ErrNotConnected from a clock event at Now", func() {
			runTo(time.Second)
			n.SetLink(fakes.Link{Kind: fakes.Offline})
			tr, r := get(urlA)
			Expect(r.dones).To(BeZero())
			Expect(c.Step()).To(BeTrue())
			Expect(r.dones).To(Equal(1))
			Expect(r.doneAt).To(Equal(time.Second))
			Expect(r.err).To(MatchError(fakes.ErrNotConnected))
			Expect(netErr(r.err).Kind.Code()).To(Equal(-1009))
			Expect(r.err.Error()).To(Equal("fakes: GET " + urlA + ": not connected to the internet"))
			Expect(tr.Done()).To(BeTrue())
			Expect(n.Active()).To(BeZero())
		})

		It("fails with ErrNotConnected a transfer whose start event comes after the link went down", func() {
			_, r := get(urlA)
			n.SetLink(fakes.Link{Kind: fakes.Offline})
			idle()
			Expect(r.err).To(MatchError(fakes.ErrNotConnected))
		})

		It("calls OnLinkChange subscribers in order, after re-planning", func() {
			tr, _ := get(urlA)
			runTo(ms(600))
			var calls []string
			n.OnLinkChange(func(old, new fakes.Link) {
				calls = append(calls, fmt.Sprintf("first %s->%s active=%d done=%v", old.Kind, new.Kind, n.Active(), tr.Done()))
			})
			n.OnLinkChange(func(old, new fakes.Link) {
				calls = append(calls, fmt.Sprintf("second %s->%s", old.Kind, new.Kind))
			})
			n.SetLink(fakes.Link{Kind: fakes.Cellular, Bandwidth: 1 * mB})
			n.SetLink(fakes.Link{Kind: fakes.Offline})
			Expect(calls).To(Equal([]string{
				"first wifi->cellular active=1 done=false", "second wifi->cellular",
				"first cellular->offline active=0 done=true", "second cellular->offline",
			}))
			Expect(n.Link().Kind).To(Equal(fakes.Offline))
		})

		It("calls OnLinkChangeListener listeners with OnLinkChange funcs, in subscription order", func() {
			var calls []string
			first := &linkLog{name: "first", calls: &calls}
			n.OnLinkChangeListener(first)
			n.OnLinkChange(func(old, new fakes.Link) {
				calls = append(calls, fmt.Sprintf("func %s->%s", old.Kind, new.Kind))
			})
			n.OnLinkChangeListener(&linkLog{name: "last", calls: &calls})
			n.SetLink(fakes.Link{Kind: fakes.Offline})
			Expect(calls).To(Equal([]string{"first wifi->offline", "func wifi->offline", "last wifi->offline"}))
		})

		It("names link kinds", func() {
			Expect(fakes.Offline.String()).To(Equal("offline"))
			Expect(fakes.WiFi.String()).To(Equal("wifi"))
			Expect(fakes.Cellular.String()).To(Equal("cellular"))
			Expect(fakes.LinkKind(9).String()).To(Equal("LinkKind(9)"))
		})
	})

	Describe("faults", func() {
		BeforeEach(func() {
			add(urlA, fakes.Resource{Size: 1 * mB, ETag: `"a1"`, AcceptRanges: true})
			add(urlB, fakes.Resource{Size: 1 * mB})
		})
		inject := func(u string, f fakes.Fault) {
			GinkgoHelper()
			Expect(n.InjectFault(u, f)).To(Succeed())
		}

		It("drops the connection at exactly the byte offset, once", func() {
			inject(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 300 * kB})
			tr, r := get(urlA)
			idle()
			Expect(r.doneAt).To(Equal(ms(400)))
			Expect(r.err).To(MatchError(fakes.ErrConnectionLost))
			Expect(netErr(r.err).At).To(Equal(int64(300 * kB)))
			Expect(tr.Received()).To(Equal(int64(300 * kB)))
			_, again := get(urlA)
			idle()
			Expect(again.err).NotTo(HaveOccurred(), "the fault is consumed by the attempt that met it")
		})

		It("counts a drop offset from the resource start on a resumed download", func() {
			inject(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 500 * kB})
			tr, r := start(fakes.Request{URL: urlA, RangeFrom: 200 * kB, IfRange: `"a1"`})
			idle()
			Expect(r.resp.Partial).To(BeTrue())
			Expect(tr.Received()).To(Equal(int64(300 * kB)))
			Expect(r.doneAt).To(Equal(ms(400)))
		})

		It("leaves a drop its attempt never reaches to the next attempt", func() {
			inject(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 100 * kB})
			_, resumed := start(fakes.Request{URL: urlA, RangeFrom: 200 * kB, IfRange: `"a1"`})
			idle()
			Expect(resumed.dones).To(Equal(1))
			Expect(resumed.err).NotTo(HaveOccurred())
			Expect(resumed.doneAt).To(Equal(ms(900)))
			tr, full := get(urlA)
			idle()
			Expect(full.err).To(MatchError(fakes.ErrConnectionLost))
			Expect(tr.Received()).To(Equal(int64(100 * kB)))
		})

		It("meets faults one attempt at a time, in the order injected", func() {
			inject(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 5 * kB})
			inject(urlA, fakes.Fault{Kind: fakes.ServerError, Status: 503})
			var got []string
			for range 3 {
				_, r := get(urlA)
				idle()
				got = append(got, strings.Join(r.events, ", "))
			}
			Expect(got).To(Equal([]string{
				"response 200, done " + (&fakes.NetError{Kind: fakes.ConnectionLost, Method: "GET", URL: urlA, At: 5 * kB}).Error(),
				"response 503, done <nil>",
				"response 200, done <nil>",
			}))
		})

		It("lets the first of two concurrent attempts that reaches a drop consume it", func() {
			inject(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 400 * kB})
			_, r1 := get(urlA)
			runTo(ms(300))
			_, r2 := get(urlA)
			idle()
			Expect(r1.err).To(MatchError(fakes.ErrConnectionLost))
			Expect(r2.err).NotTo(HaveOccurred())
		})

		It("ignores a drop injected behind a flowing body's position", func() {
			tr, r := get(urlA)
			runTo(ms(300))
			inject(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 100 * kB})
			idle()
			Expect(r.dones).To(Equal(1))
			Expect(r.err).NotTo(HaveOccurred())
			Expect(r.doneAt).To(Equal(ms(1100)))
			Expect(tr.Received()).To(Equal(int64(1 * mB)))
		})

		It("arms a drop injected while the body is already flowing", func() {
			_, r := get(urlA)
			runTo(ms(300))
			inject(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 700 * kB})
			idle()
			Expect(r.doneAt).To(Equal(ms(800)))
			Expect(netErr(r.err).At).To(Equal(int64(700 * kB)))
		})

		It("fails every transfer of the URL in flight at a DropAtTime", func() {
			inject(urlA, fakes.Fault{Kind: fakes.DropAtTime, At: netStart.Add(ms(500))})
			_, r1 := get(urlA)
			_, r2 := get(urlA)
			_, rb := get(urlB)
			idle()
			for _, r := range []*rec{r1, r2} {
				Expect(r.doneAt).To(Equal(ms(500)))
				Expect(r.err).To(MatchError(fakes.ErrConnectionLost))
				Expect(netErr(r.err).At).To(Equal(int64(400 * kB / 3)))
			}
			Expect(rb.err).NotTo(HaveOccurred())
			// B shared with three until 0.5 s (133333.33 bytes), then alone: its
			// last 866666.67 bytes take 866666667 ns, rounded up to reach them
			Expect(rb.doneAt).To(Equal(ms(500) + 866_666_667))
			_, later := get(urlA)
			idle()
			Expect(later.err).NotTo(HaveOccurred())
		})

		It("stalls at a byte offset: LastByteAt freezes and completion slips by the stall", func() {
			inject(urlA, fakes.Fault{Kind: fakes.Stall, AtByte: 400 * kB, For: 2 * time.Second})
			tr, r := get(urlA)
			runTo(ms(1500))
			Expect(tr.Received()).To(Equal(int64(400 * kB)))
			Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(500))))
			runTo(ms(2499))
			Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(500))))
			Expect(tr.Received()).To(Equal(int64(400 * kB)))
			runTo(ms(2600))
			Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(2600))))
			idle()
			Expect(r.doneAt).To(Equal(ms(3100)))
			Expect(r.err).NotTo(HaveOccurred())
		})

		It("gives a stalled transfer's share to the others", func() {
			inject(urlA, fakes.Fault{Kind: fakes.Stall, AtByte: 0, For: time.Second})
			_, ra := get(urlA)
			_, rb := get(urlB)
			idle()
			Expect(rb.doneAt).To(Equal(ms(1100)))
			Expect(ra.doneAt).To(Equal(ms(2100)))
		})

		It("answers a ServerError status with an empty body", func() {
			inject(urlB, fakes.Fault{Kind: fakes.ServerError, Status: 500})
			tr, r := get(urlB)
			idle()
			Expect(r.respAt).To(Equal(ms(100)))
			Expect(r.resp.Status).To(Equal(500))
			Expect(r.resp.ContentLength).To(BeZero())
			Expect(r.err).NotTo(HaveOccurred())
			Expect(r.doneAt).To(Equal(ms(100)))
			Expect(tr.Received()).To(BeZero())
		})

		It("rejects malformed faults", func() {
			Expect(n.InjectFault("::", fakes.Fault{Kind: fakes.DropAtByte})).To(MatchError(fakes.ErrBadURL))
			Expect(n.InjectFault(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: -1})).To(MatchError(fs.ErrInvalid))
			Expect(n.InjectFault(urlA, fakes.Fault{Kind: fakes.Stall, For: -time.Second})).To(MatchError(fs.ErrInvalid))
			err := n.InjectFault(urlA, fakes.Fault{Kind: fakes.ServerError, Status: 42})
			Expect(err).To(MatchError(fs.ErrInvalid))
			Expect(err.Error()).To(HavePrefix("fakes: inject fault ServerError " + urlA + ": status 42"))
			Expect(n.InjectFault(urlA, fakes.Fault{Kind: 99})).To(MatchError(ContainSubstring("FaultKind(99)")))
		})
	})

	Describe("HTTP", func() {
		It("follows redirects, one round trip per hop", func() {
			add(urlA, fakes.Resource{RedirectTo: urlB})
			add(urlB, fakes.Resource{RedirectTo: "/c.bin"}) // relative
			add(urlC, fakes.Resource{Size: 100 * kB})
			tr, r := get(urlA)
			idle()
			Expect(r.respAt).To(Equal(ms(300)))
			Expect(r.resp.Redirects).To(Equal(2))
			Expect(r.resp.FinalURL).To(Equal(urlC))
			Expect(r.doneAt).To(Equal(ms(400)))
			Expect(tr.Received()).To(Equal(int64(100 * kB)))
		})

		It("fails transfers redirected away from a URL at its DropAtTime", func() {
			add(urlA, fakes.Resource{RedirectTo: urlB})
			add(urlB, fakes.Resource{Size: 1 * mB})
			Expect(n.InjectFault(urlA, fakes.Fault{Kind: fakes.DropAtTime, At: netStart.Add(ms(700))})).To(Succeed())
			_, r := get(urlA)
			idle()
			Expect(r.doneAt).To(Equal(ms(700)))
			Expect(netErr(r.err).At).To(Equal(int64(500 * kB)))
			Expect(netErr(r.err).URL).To(Equal(urlB))
		})

		It("answers each challenge of a redirect chain separately, ignoring stale replies", func() {
			add(urlA, fakes.Resource{Challenge: "Basic", RedirectTo: urlB})
			add(urlB, fakes.Resource{Size: 100 * kB, Challenge: "ClientCertificate"})
			_, r := get(urlA)
			runTo(ms(100))
			first := r.reply
			first(true)
			runTo(ms(300))
			Expect(r.scheme).To(Equal("ClientCertificate"))
			first(false) // stale: belongs to the first challenge
			runTo(time.Second)
			Expect(r.events).To(Equal([]string{"challenge Basic", "challenge ClientCertificate"}))
			r.reply(true)
			idle()
			Expect(r.events).To(Equal([]string{"challenge Basic", "challenge ClientCertificate", "response 200", "done <nil>"}))
			Expect(r.resp.Redirects).To(Equal(1))
			Expect(r.doneAt).To(Equal(time.Second + ms(200)))
		})

		It("gives up after MaxRedirects hops", func() {
			add(urlA, fakes.Resource{RedirectTo: urlB})
			add(urlB, fakes.Resource{RedirectTo: urlA})
			_, r := get(urlA)
			idle()
			Expect(r.err).To(MatchError(fakes.ErrTooManyRedirects))
			Expect(r.doneAt).To(Equal(ms(100) * (fakes.MaxRedirects + 1)))
			Expect(r.resp).To(BeNil())
		})

		It("fails an unknown URL with ErrCannotFindHost after the round trip", func() {
			_, r := get("https://nowhere.example/x")
			idle()
			Expect(r.doneAt).To(Equal(ms(100)))
			Expect(r.err).To(MatchError(fakes.ErrCannotFindHost))
			Expect(netErr(r.err).Kind.Code()).To(Equal(-1003))
			Expect(r.resp).To(BeNil())
		})

		It("fails an unusable URL with ErrCannotFindHost without a round trip", func() {
			_, r := get("not a url")
			idle()
			Expect(r.doneAt).To(BeZero())
			Expect(r.err).To(MatchError(fakes.ErrCannotFindHost))
			Expect(r.err.Error()).To(Equal("fakes: GET not a url: cannot find host"))
		})

		It("reports ContentLength -1 when the server sends none (R-G3)", func() {
			add(urlA, fakes.Resource{Size: 200 * kB, NoContentLength: true})
			tr, r := get(urlA)
			runTo(ms(200))
			Expect(r.resp.ContentLength).To(Equal(int64(-1)))
			Expect(tr.Expected()).To(Equal(int64(-1)))
			Expect(tr.Received()).To(Equal(int64(100 * kB)))
			idle()
			Expect(r.doneAt).To(Equal(ms(300)))
		})

		It("answers any status as a finished exchange", func() {
			add(urlA, fakes.Resource{Size: 1 * kB, Status: 404})
			_, r := get(urlA)
			idle()
			Expect(r.resp.Status).To(Equal(404))
			Expect(r.err).NotTo(HaveOccurred())
		})

		Describe("range requests (R-G1)", func() {
			lastMod := time.Date(2024, 12, 24, 8, 0, 0, 0, time.UTC)
			BeforeEach(func() {
				add(urlA, fakes.Resource{Size: 1 * mB, ETag: `"v1"`, AcceptRanges: true})
				add(urlB, fakes.Resource{Size: 1 * mB, LastModified: lastMod, AcceptRanges: true})
			})

			It("resumes with a 206 from the offset when If-Range names the current ETag", func() {
				tr, r := start(fakes.Request{URL: urlA, RangeFrom: 600 * kB, IfRange: `"v1"`})
				idle()
				Expect(r.resp.Status).To(Equal(206))
				Expect(r.resp.Partial).To(BeTrue())
				Expect(r.resp.ContentLength).To(Equal(int64(400 * kB)))
				Expect(tr.Received()).To(Equal(int64(400 * kB)))
				Expect(r.doneAt).To(Equal(ms(500)))
			})

			It("resumes when If-Range is the Last-Modified date", func() {
				_, r := start(fakes.Request{URL: urlB, RangeFrom: 600 * kB, IfRange: lastMod.Format(http.TimeFormat)})
				idle()
				Expect(r.resp.Status).To(Equal(206))
			})

			It("sends the whole body with a 200 when the validator changed", func() {
				Expect(n.UpdateResource(urlA, fakes.Resource{Size: 1 * mB, ETag: `"v2"`, AcceptRanges: true})).To(Succeed())
				tr, r := start(fakes.Request{URL: urlA, RangeFrom: 600 * kB, IfRange: `"v1"`})
				idle()
				Expect(r.resp.Status).To(Equal(200))
				Expect(r.resp.Partial).To(BeFalse())
				Expect(r.resp.ETag).To(Equal(`"v2"`))
				Expect(r.resp.ContentLength).To(Equal(int64(1 * mB)))
				Expect(tr.Received()).To(Equal(int64(1 * mB)))
				Expect(r.doneAt).To(Equal(ms(1100)))
			})

			It("sends a 200 when the server does not accept ranges", func() {
				add(urlC, fakes.Resource{Size: 1 * mB, ETag: `"c"`})
				_, r := start(fakes.Request{URL: urlC, RangeFrom: 600 * kB, IfRange: `"c"`})
				idle()
				Expect(r.resp.Status).To(Equal(200))
			})

			It("sends a 200 for a resource with no validator at all", func() {
				add(urlC, fakes.Resource{Size: 1 * mB, AcceptRanges: true})
				_, r := start(fakes.Request{URL: urlC, RangeFrom: 600 * kB})
				idle()
				Expect(r.resp.Status).To(Equal(200))
				Expect(r.resp.ContentLength).To(Equal(int64(1 * mB)))
			})

			It("answers 416 with no body for a range at or past the end", func() {
				_, r := start(fakes.Request{URL: urlA, RangeFrom: 1 * mB, IfRange: `"v1"`})
				idle()
				Expect(r.resp.Status).To(Equal(416))
				Expect(r.doneAt).To(Equal(ms(100)))
			})
		})

		Describe("auth challenges", func() {
			BeforeEach(func() {
				add(urlA, fakes.Resource{Size: 100 * kB, Challenge: "Basic"})
			})

			It("waits for the reply, then resends with credentials", func() {
				tr, r := get(urlA)
				runTo(time.Minute)
				Expect(r.scheme).To(Equal("Basic"))
				Expect(r.resp).To(BeNil())
				Expect(n.Active()).To(Equal(1))
				Expect(tr.LastByteAt()).To(Equal(netStart.Add(ms(100))))
				r.reply(true)
				r.reply(false) // ignored: answered already
				idle()
				Expect(r.events).To(Equal([]string{"challenge Basic", "response 200", "done <nil>"}))
				Expect(r.respAt).To(Equal(time.Minute + ms(100)))
				Expect(r.doneAt).To(Equal(time.Minute + ms(200)))
			})

			It("ends with a 401 and no body when the reply is no", func() {
				tr, r := get(urlA)
				runTo(ms(100))
				r.reply(false)
				Expect(r.resp).To(BeNil(), "the reply is acted on by a clock event")
				idle()
				Expect(r.events).To(Equal([]string{"challenge Basic", "response 401", "done <nil>"}))
				Expect(tr.Received()).To(BeZero())
			})

			It("takes a missing Challenge handler as no", func() {
				var status int
				n.Start(fakes.Request{URL: urlA}, fakes.Handler{Response: func(r fakes.Response) { status = r.Status }})
				idle()
				Expect(status).To(Equal(401))
				Expect(n.Active()).To(BeZero())
			})

			It("ignores a reply after Cancel", func() {
				tr, r := get(urlA)
				runTo(ms(100))
				tr.Cancel()
				r.reply(true)
				idle()
				Expect(r.events).To(Equal([]string{"challenge Basic"}))
			})
		})

		It("calls nothing back after Cancel and gives the bandwidth to the others", func() {
			add(urlA, fakes.Resource{Size: 1 * mB})
			add(urlB, fakes.Resource{Size: 1 * mB})
			ta, ra := get(urlA)
			_, rb := get(urlB)
			tw, rw := get(urlA)
			runTo(ms(50))
			tw.Cancel() // during its round trip
			runTo(ms(600))
			ta.Cancel() // mid-body
			Expect(ta.Done()).To(BeTrue())
			Expect(ta.Received()).To(Equal(int64(250 * kB)))
			Expect(n.Active()).To(Equal(1))
			idle()
			Expect(ra.events).To(Equal([]string{"response 200"}))
			Expect(rw.events).To(BeEmpty())
			Expect(rb.doneAt).To(Equal(ms(1350))) // 250 kB shared, then 750 kB alone
			Expect(ta.LastByteAt()).To(Equal(netStart.Add(ms(600))))
			ta.Cancel() // twice is harmless
		})

		It("stops at once when a callback cancels the transfer or takes the link down", func() {
			add(urlA, fakes.Resource{Size: 1 * mB})
			var events []string
			var tr *fakes.Transfer
			tr = n.Start(fakes.Request{URL: urlA}, fakes.Handler{
				Response: func(fakes.Response) { events = append(events, "response"); tr.Cancel() },
				Done:     func(err error) { events = append(events, fmt.Sprint("done ", err)) },
			})
			_, r := get(urlA)
			idle()
			Expect(events).To(Equal([]string{"response"}))
			Expect(tr.Received()).To(BeZero())
			Expect(r.doneAt).To(Equal(ms(1100)), "the cancelled transfer took no share")
			Expect(n.Active()).To(BeZero())

			var t2 *fakes.Transfer
			t2 = n.Start(fakes.Request{URL: urlA}, fakes.Handler{
				Response: func(fakes.Response) { n.SetLink(fakes.Link{Kind: fakes.Offline}) },
			})
			_, r3 := get(urlA)
			idle()
			Expect(t2.Received()).To(BeZero())
			Expect(r3.err).To(MatchError(fakes.ErrConnectionLost))
			Expect(n.Active()).To(BeZero())
			Expect(c.Pending()).To(BeZero())
		})

		It("suppresses a pending offline failure when cancelled before delivery", func() {
			add(urlA, fakes.Resource{Size: 1 * mB})
			tr, r := get(urlA)
			runTo(ms(200))
			n.SetLink(fakes.Link{Kind: fakes.Offline})
			tr.Cancel()
			idle()
			Expect(r.dones).To(BeZero())
		})

		It("uploads the body, then delivers the response", func() {
			add(urlA, fakes.Resource{Status: 201, ETag: `"u"`})
			tr, r := start(fakes.Request{URL: urlA, Method: "put", UploadSize: 500 * kB})
			runTo(ms(350))
			Expect(tr.Sent()).To(Equal(int64(250 * kB)))
			Expect(tr.Received()).To(BeZero())
			Expect(r.resp).To(BeNil())
			Expect(tr.Expected()).To(Equal(int64(-1)))
			idle()
			Expect(r.respAt).To(Equal(ms(600)))
			Expect(r.resp.Status).To(Equal(201))
			Expect(r.resp.ContentLength).To(BeZero())
			Expect(r.doneAt).To(Equal(ms(600)))
			Expect(tr.Sent()).To(Equal(int64(500 * kB)))
		})

		It("shares the link between uploads and downloads and drops uploads at a byte", func() {
			add(urlA, fakes.Resource{})
			add(urlB, fakes.Resource{Size: 1 * mB})
			Expect(n.InjectFault(urlA, fakes.Fault{Kind: fakes.DropAtByte, AtByte: 300 * kB})).To(Succeed())
			tu, ru := start(fakes.Request{URL: urlA, Method: "POST", UploadSize: 1 * mB})
			_, rd := get(urlB)
			idle()
			Expect(ru.doneAt).To(Equal(ms(700)))
			Expect(netErr(ru.err).At).To(Equal(int64(300 * kB)))
			Expect(ru.err.Error()).To(Equal("fakes: POST " + urlA + ": connection lost after 300000 bytes"))
			Expect(tu.Sent()).To(Equal(int64(300 * kB)))
			Expect(rd.doneAt).To(Equal(ms(1400)))
		})
	})

	Describe("resources", func() {
		It("rejects unusable URLs, duplicates and malformed resources", func() {
			Expect(n.AddResource("/relative", fakes.Resource{})).To(MatchError(fakes.ErrBadURL))
			err := n.AddResource("http://[::1", fakes.Resource{})
			Expect(err).To(MatchError(fakes.ErrBadURL))
			Expect(err.Error()).To(HavePrefix(`fakes: add resource "http://[::1": bad URL`))
			Expect(n.AddResource(urlA, fakes.Resource{Size: -1})).To(MatchError(fs.ErrInvalid))
			Expect(n.AddResource(urlA, fakes.Resource{Status: 1000})).To(MatchError(fs.ErrInvalid))
			Expect(n.AddResource(urlA, fakes.Resource{RedirectTo: "http://[::1"})).To(MatchError(fakes.ErrBadURL))
			Expect(n.AddResource(urlA, fakes.Resource{Size: 1})).To(Succeed())
			Expect(n.AddResource(urlA, fakes.Resource{Size: 2})).To(MatchError(fs.ErrExist))
			Expect(n.UpdateResource(urlB, fakes.Resource{Size: 2})).To(MatchError(fs.ErrNotExist))
		})

		It("matches scheme and host case-insensitively", func() {
			Expect(n.AddResource("HTTPS://Example.COM/a.bin", fakes.Resource{Size: 7})).To(Succeed())
			r, ok := n.Resource(urlA)
			Expect(ok).To(BeTrue())
			Expect(r.Size).To(Equal(int64(7)))
			Expect(n.UpdateResource(urlA, fakes.Resource{Size: 8})).To(Succeed())
			r, _ = n.Resource("https://EXAMPLE.com/a.bin")
			Expect(r.Size).To(Equal(int64(8)))
			_, ok = n.Resource("https://example.com/A.bin")
			Expect(ok).To(BeFalse(), "paths are case-sensitive")
		})
	})

	It("produces identical callback logs for the same seeded workload", func() {
		a := randomWorkload(7)
		Expect(len(a)).To(BeNumerically(">", 500))
		Expect(randomWorkload(7)).To(Equal(a))
		Expect(randomWorkload(8)).NotTo(Equal(a))
	})

	It("completes 10,000 concurrent transfers, each exactly once", func() {
		n.SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 100 * mB, Latency: ms(50)})
		const count = 10_000
		dones := make([]int, count)
		var last time.Duration
		for i := range count {
			u := fmt.Sprintf("https://cdn.example.com/f%05d", i)
			add(u, fakes.Resource{Size: 100 * kB})
			n.Start(fakes.Request{URL: u}, fakes.Handler{Done: func(err error) {
				Expect(err).NotTo(HaveOccurred())
				dones[i]++
				last = c.Elapsed()
			}})
		}
		idle()
		for i, d := range dones {
			Expect(d).To(Equal(1), "transfer %d", i)
		}
		Expect(last).To(Equal(ms(50) + 10*time.Second)) // 1 GB at 100 MB/s
		Expect(n.Active()).To(BeZero())
		Expect(c.Fired()).To(BeNumerically("<=", 2*count+2))
	})
})

// randomWorkload drives a network with a seeded mix of transfers, faults,
// link changes, challenges, cancels and probes, and returns every callback
// with its virtual time. It also checks the exactly-once contract.
func randomWorkload(seed uint64) []string {
	GinkgoHelper()
	rng := rand.New(rand.NewPCG(seed, 0x6267_7369_6d))
	c := fakes.NewClock(netStart)
	n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.WiFi, Bandwidth: 100*kB + rng.Int64N(5*mB), Latency: ms(rng.Int64N(300))})
	var log []string
	logf := func(format string, args ...any) {
		log = append(log, fmt.Sprintf("%d ", c.Elapsed().Nanoseconds())+fmt.Sprintf(format, args...))
	}
	n.OnLinkChange(func(old, new fakes.Link) { logf("link %v -> %v", old, new) })

	var urls []string
	for i := range 12 {
		u := fmt.Sprintf("https://h%d.example/r%d", i%3, i)
		urls = append(urls, u)
		r := fakes.Resource{Size: rng.Int64N(3 * mB), AcceptRanges: rng.IntN(2) == 0, NoContentLength: rng.IntN(5) == 0}
		if rng.IntN(2) == 0 {
			r.ETag = fmt.Sprintf(`"e%d"`, i)
		}
		switch rng.IntN(8) {
		case 0:
			r.RedirectTo = fmt.Sprintf("/r%d", rng.IntN(12))
		case 1:
			r.Challenge = "Basic"
		}
		Expect(n.AddResource(u, r)).To(Succeed())
	}
	urls = append(urls, "https://unknown.example/x")

	at := func(d time.Duration, f func()) { c.Schedule(netStart.Add(d), f) }
	span := int64(120 * time.Second)
	for range 25 {
		u := urls[rng.IntN(len(urls))]
		f := fakes.Fault{Kind: fakes.FaultKind(rng.IntN(4)), AtByte: rng.Int64N(3 * mB),
			For: time.Duration(rng.Int64N(int64(10 * time.Second))), Status: 500 + rng.IntN(4),
			At: netStart.Add(time.Duration(rng.Int64N(span)))}
		at(time.Duration(rng.Int64N(span)), func() { Expect(n.InjectFault(u, f)).To(Succeed()) })
	}
	for range 15 {
		l := fakes.Link{Kind: fakes.LinkKind(rng.IntN(3)), Bandwidth: rng.Int64N(4 * mB), Latency: ms(rng.Int64N(300))}
		at(time.Duration(rng.Int64N(span)), func() { n.SetLink(l) })
	}

	type entry struct {
		t         *fakes.Transfer
		dones     int
		cancelled bool
	}
	var all []*entry
	for i := range 300 {
		req := fakes.Request{URL: urls[rng.IntN(len(urls))]}
		if rng.IntN(6) == 0 {
			req.Method, req.UploadSize = "PUT", rng.Int64N(2*mB)
		} else if rng.IntN(3) == 0 {
			req.RangeFrom, req.IfRange = rng.Int64N(2*mB), fmt.Sprintf(`"e%d"`, rng.IntN(12))
		}
		e := &entry{}
		all = append(all, e)
		h := fakes.Handler{
			Response: func(r fakes.Response) { logf("#%d response %+v", i, r) },
			Challenge: func(scheme string, reply func(bool)) {
				logf("#%d challenge %s", i, scheme)
				yes := rng.IntN(2) == 0
				c.After(time.Duration(rng.Int64N(int64(5*time.Second))), func() { reply(yes) })
			},
			Done: func(err error) {
				e.dones++
				logf("#%d done %v", i, err)
			},
		}
		at(time.Duration(rng.Int64N(span)), func() {
			e.t = n.Start(req, h)
			logf("#%d start %+v", i, req)
			if rng.IntN(10) == 0 {
				c.After(time.Duration(rng.Int64N(int64(20*time.Second))), func() {
					if e.dones == 0 { // Done not delivered yet: it must never come now
						e.cancelled = true
					}
					e.t.Cancel()
					logf("#%d cancel", i)
				})
			}
		})
		at(time.Duration(rng.Int64N(span)), func() {
			if e.t != nil {
				logf("#%d probe recv=%d sent=%d exp=%d last=%s done=%v active=%d", i,
					e.t.Received(), e.t.Sent(), e.t.Expected(), e.t.LastByteAt().Sub(netStart), e.t.Done(), n.Active())
			}
		})
	}
	at(time.Duration(span), func() { n.SetLink(fakes.Link{Kind: fakes.WiFi, Bandwidth: 1 * mB}) })
	Expect(c.RunUntilIdle(0)).To(Succeed())
	for i, e := range all {
		want := 1
		if e.cancelled {
			want = 0
		}
		Expect(e.dones).To(Equal(want), "transfer #%d", i)
	}
	Expect(n.Active()).To(BeZero())
	return log
}

// linkLog is a fakes.LinkListener that logs the link changes it hears
// under its name.
type linkLog struct {
	name  string
	calls *[]string
}

func (l *linkLog) LinkChanged(old, new fakes.Link) {
	*l.calls = append(*l.calls, fmt.Sprintf("%s %s->%s", l.name, old.Kind, new.Kind))
}
