package simulator_test

// Specs of the rules where the network matters: redirects R-S4, timeouts
// R-S8, connectivity R-S9, client certificates R-S10, resume data R-G1,
// error codes R-G2 and progress R-G3.

import (
	"fmt"
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// rlLatency is the default link's round trip.
var rlLatency = simulator.DefaultLink.Latency

var _ = Describe("network rules of background sessions", func() {
	// downloadAtLaunch starts one download of url, labelled "d", when the
	// app becomes active.
	downloadAtLaunch := func(url string) rlSpec {
		return rlSpec{Activated: func(a *rlApp) { a.download(rlSession, url, "d") }}
	}
	setLink := func(env *simtest.Env, l fakes.Link) func() error {
		return func() error { env.Sim().Network().SetLink(l); return nil }
	}
	offline := fakes.Link{Kind: fakes.Offline}

	Describe("R-S4: redirects", func() {
		DescribeTable("R-S4: a redirect is followed with no delegate callback; the response's URL is the final one and the trace shows the hops",
			func(hops int) {
				final := rlURL("final.bin")
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, downloadAtLaunch(rlURL("hop0.bin")))...)
				for i := 0; i < hops; i++ {
					next := final
					if i+1 < hops {
						next = rlURL(fmt.Sprintf("hop%d.bin", i+1))
					}
					Expect(env.Sim().Network().AddResource(rlURL(fmt.Sprintf("hop%d.bin", i)), fakes.Resource{RedirectTo: next})).To(Succeed())
				}
				Expect(env.Sim().Network().AddResource(final, fakes.Resource{Size: rlOtherSize, ETag: `"final"`, AcceptRanges: true})).To(Succeed())
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Minute)

				resp := env.One(simulator.Pattern{Kind: simulator.KindTransferResponse})
				Expect(resp.Code).To(Equal(http.StatusOK))
				Expect(resp.Detail).To(ContainSubstring(fmt.Sprintf("after %d redirect(s) to %s", hops, final)))
				Expect(resp.At).To(Equal(time.Duration(hops+1)*rlLatency), "one round trip per hop")
				c := env.Completion("d")
				Expect(c.Err).To(BeNil())
				Expect(c.Response.URL).To(Equal(final))
				Expect(c.Response.StatusCode).To(Equal(http.StatusOK))
				f, err := env.Sim().Files().Stat(rlDocument("d"))
				Expect(err).NotTo(HaveOccurred())
				Expect(f.Size).To(Equal(int64(rlOtherSize)))
				methods := map[simulator.Callback]bool{}
				for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindSessionCallback}) {
					methods[e.Callback] = true
				}
				Expect(methods).To(Equal(map[simulator.Callback]bool{"DidWriteData": true, "DidFinishDownloading": true, "DidCompleteWithError": true}),
					"nothing about the redirect reaches the app")
			},
			Entry("R-S4: one hop", 1),
			Entry("R-S4: three hops", 3),
		)
	})

	Describe("R-S8: timeouts", func() {
		const stallAt = 1_000_000
		// The body reaches stallAt one round trip plus 0.5 s (1 MB at
		// 2 MB/s) after the start.
		stallFrom := rlLatency + 500*time.Millisecond

		DescribeTable("R-S8: a stall is measured by the idle timer TimeoutIntervalForRequest, which every byte resets",
			func(timeout, stall time.Duration, retried bool) {
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{
					Config:    func(c *appmodel.SessionConfig) { c.TimeoutIntervalForRequest = timeout },
					Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "d") },
				})...)
				Expect(env.Sim().Network().InjectFault(rlSmall, fakes.Fault{Kind: fakes.Stall, AtByte: stallAt, For: stall})).To(Succeed())
				env.At(0, env.Sim().Launch)
				env.RunTo(10 * time.Minute)

				if timeout == 0 {
					timeout = appmodel.DefaultTimeoutIntervalForRequest
				}
				c := env.Completion("d")
				Expect(c.Err).To(BeNil(), "the task completes successfully")
				f, err := env.Sim().Files().Stat(rlDocument("d"))
				Expect(err).NotTo(HaveOccurred())
				Expect(simtest.Covers(f.Segments, rlSmallSize)).To(Succeed())
				starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
				if !retried {
					Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferRetry})).To(BeEmpty())
					Expect(starts).To(HaveLen(1))
					Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).At).To(Equal(stall+rlLatency+2*time.Second),
						"the stall was waited out")
					return
				}
				retry := env.One(simulator.Pattern{Kind: simulator.KindTransferRetry})
				Expect(retry.Code).To(Equal(int(appmodel.ErrTimedOut)))
				Expect(retry.Rule).To(Equal(simulator.RuleS8))
				Expect(retry.At).To(Equal(stallFrom+timeout), "TimeoutIntervalForRequest after the last byte")
				Expect(retry.Bytes).To(Equal(int64(stallAt)), "the bytes received are kept")
				Expect(starts).To(HaveLen(2))
				Expect(starts[1].Bytes).To(Equal(int64(stallAt)))
				Expect(starts[1].At).To(Equal(retry.At + simulator.DefaultRetryDelay))
				Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(1), "the timeout is not reported")
			},
			Entry("R-S8: a 90 s stall, longer than the default 60 s: retried with -1001", time.Duration(0), 90*time.Second, true),
			Entry("R-S8: a 30 s stall, shorter than the default 60 s: no retry", time.Duration(0), 30*time.Second, false),
			Entry("R-S8: a 30 s stall with TimeoutIntervalForRequest 10 s: retried with -1001", 10*time.Second, 30*time.Second, true),
		)

		It("R-S8: TimeoutIntervalForResource bounds the whole task: offline for longer than a 1 h resource timeout fails it with -1001", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{
				Config:    func(c *appmodel.SessionConfig) { c.TimeoutIntervalForResource = time.Hour },
				Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") },
			})...)
			env.At(0, env.Sim().Launch)
			env.At(2*time.Second, setLink(env, offline))
			env.RunTo(59 * time.Minute)
			Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(BeEmpty(), "still waiting for connectivity (R-S9)")

			env.RunTo(2 * time.Hour)
			done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done.At).To(Equal(time.Hour), "1 h after the task was resumed, retries included")
			Expect(done.Code).To(Equal(int(appmodel.ErrTimedOut)))
			Expect(done.Rule).To(Equal(simulator.RuleS8))
			c := env.Completion("d")
			Expect(c.Code()).To(Equal(appmodel.ErrTimedOut))
			Expect(c.At).To(Equal(time.Hour))
		})
	})

	Describe("R-S9: waiting for connectivity", func() {
		It("R-S9: offline at the start, the task waits with no error, and starts when the device is back online", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, downloadAtLaunch(rlSmall))...)
			env.Sim().Network().SetLink(offline)
			env.At(0, env.Sim().Launch)
			env.RunTo(10 * time.Minute)

			w := env.One(simulator.Pattern{Kind: simulator.KindTaskWait})
			Expect(w.Rule).To(Equal(simulator.RuleS9))
			Expect(w.At).To(BeZero())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty())
			Expect(env.SessionCalls()).To(BeEmpty(), "no error, no progress")

			env.At(10*time.Minute, setLink(env, simulator.DefaultLink))
			env.RunTo(11 * time.Minute)
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferStart}).At).To(Equal(10 * time.Minute))
			Expect(env.Completion("d").Err).To(BeNil())
		})

		It("R-S9: going offline mid-transfer is retried, never reported, and goes on from where it stopped when back online", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, downloadAtLaunch(rlBig))...)
			env.At(0, env.Sim().Launch)
			env.At(3*time.Second, setLink(env, offline))
			env.At(5*time.Minute, setLink(env, simulator.DefaultLink))
			env.RunTo(10 * time.Minute)

			retry := env.One(simulator.Pattern{Kind: simulator.KindTransferRetry})
			Expect(retry.At).To(Equal(3 * time.Second))
			Expect(retry.Code).To(Equal(int(appmodel.ErrNetworkConnectionLost)))
			Expect(retry.Bytes).To(BeNumerically(">", 0))
			w := env.One(simulator.Pattern{Kind: simulator.KindTaskWait})
			Expect(w.Rule).To(Equal(simulator.RuleS9))
			starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(starts).To(HaveLen(2))
			Expect(starts[1].At).To(Equal(5 * time.Minute))
			Expect(starts[1].Bytes).To(Equal(retry.Bytes))
			Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(1))
			Expect(env.Completion("d").Err).To(BeNil())
			f, err := env.Sim().Files().Stat(rlDocument("d"))
			Expect(err).NotTo(HaveOccurred())
			Expect(simtest.Covers(f.Segments, rlBigSize)).To(Succeed())
		})

		DescribeTable("R-S9: on cellular, a session that does not allow cellular access waits for Wi-Fi",
			func(allows bool) {
				cell := fakes.Link{Kind: fakes.Cellular, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{Link: cell}, rlSpec{
					Config:    func(c *appmodel.SessionConfig) { c.AllowsCellularAccess = allows },
					Activated: func(a *rlApp) { a.download(rlSession, rlSmall, "d") },
				})...)
				env.At(0, env.Sim().Launch)
				env.At(2*time.Minute, setLink(env, simulator.DefaultLink))
				env.RunTo(5 * time.Minute)

				start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart})
				Expect(env.Completion("d").Err).To(BeNil())
				if allows {
					Expect(start.At).To(BeZero())
					Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty())
					return
				}
				w := env.One(simulator.Pattern{Kind: simulator.KindTaskWait})
				Expect(w.Rule).To(Equal(simulator.RuleS9))
				Expect(w.Detail).To(ContainSubstring("Wi-Fi"))
				Expect(start.At).To(Equal(2 * time.Minute))
			},
			Entry("R-S9: AllowsCellularAccess false: waits for Wi-Fi", false),
			Entry("R-S9: AllowsCellularAccess true: starts at once on cellular", true),
		)

		DescribeTable("R-S9: when the link turns cellular mid-transfer, a session that does not allow cellular access stops and waits for Wi-Fi",
			func(allows bool) {
				cell := fakes.Link{Kind: fakes.Cellular, Bandwidth: 1_000_000, Latency: 100 * time.Millisecond}
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{
					Config:    func(c *appmodel.SessionConfig) { c.AllowsCellularAccess = allows },
					Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") },
				})...)
				env.At(0, env.Sim().Launch)
				env.At(3*time.Second, setLink(env, cell))
				env.At(2*time.Minute, setLink(env, simulator.DefaultLink))
				env.RunTo(5 * time.Minute)

				Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(1))
				Expect(env.Completion("d").Err).To(BeNil(), "never reported")
				f, err := env.Sim().Files().Stat(rlDocument("d"))
				Expect(err).NotTo(HaveOccurred())
				Expect(simtest.Covers(f.Segments, rlBigSize)).To(Succeed())
				starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
				if allows {
					Expect(starts).To(HaveLen(1))
					Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty())
					Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).At).To(BeNumerically("<", 2*time.Minute), "it went on over cellular")
					return
				}
				w := env.One(simulator.Pattern{Kind: simulator.KindTaskWait})
				Expect(w.At).To(Equal(3 * time.Second))
				Expect(w.Rule).To(Equal(simulator.RuleS9))
				Expect(w.Detail).To(ContainSubstring("Wi-Fi"))
				atSwitch := int64((3*time.Second - rlLatency).Seconds() * 2_000_000)
				for _, c := range env.CallsOf(simulator.CbDidWriteData) {
					if c.At > 3*time.Second && c.At < 2*time.Minute {
						Expect(c.Total).To(BeNumerically("<=", atSwitch), "no byte over cellular")
					}
				}
				Expect(starts).To(HaveLen(2))
				Expect(starts[1].At).To(Equal(2 * time.Minute))
				Expect(starts[1].Bytes).To(Equal(atSwitch), "from where it stopped (R-G1)")
			},
			Entry("R-S9: AllowsCellularAccess false: no byte over cellular; goes on from where it stopped on Wi-Fi", false),
			Entry("R-S9: AllowsCellularAccess true: goes on over cellular", true),
		)
	})

	Describe("R-S10: client certificates", func() {
		It("R-S10: a client-certificate challenge fails the task with -1206 without calling DidReceiveChallenge", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				a.download(rlSession, rlURL("cert.bin"), "cert")
				a.download(rlSession2, rlURL("basic.bin"), "basic")
			}})...)
			Expect(env.Sim().Network().AddResource(rlURL("cert.bin"), fakes.Resource{Size: rlSmallSize, Challenge: "ClientCertificate"})).To(Succeed())
			Expect(env.Sim().Network().AddResource(rlURL("basic.bin"), fakes.Resource{Size: rlSmallSize, Challenge: "Basic"})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			c := env.Completion("cert")
			Expect(c.Code()).To(Equal(appmodel.ErrClientCertificateRequired))
			Expect(c.At).To(Equal(rlLatency), "as soon as the server asks")
			ch := env.One(simulator.Pattern{Kind: simulator.KindChallenge, Session: rlSession})
			Expect(ch.Rule).To(Equal(simulator.RuleS10))
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidReceiveChallenge, Session: rlSession})).To(BeEmpty())
			for _, x := range env.CallsOf(simulator.CbDidReceiveChallenge) {
				Expect(x.Desc).To(Equal("basic"), "only the Basic challenge reaches the app")
			}
			Expect(env.CallsOf(simulator.CbDidReceiveChallenge)).To(HaveLen(1))
		})
	})

	Describe("R-G1: resume data", func() {
		// cancelAt cancels task desc of the running app with
		// CancelByProducingResumeData and returns what it handed over.
		cancelAt := func(env *simtest.Env, at time.Duration, desc string) (data *appmodel.ResumeData) {
			GinkgoHelper()
			env.RunTo(at)
			called := false
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)

				a.task(desc).CancelByProducingResumeData(func(d *appmodel.ResumeData) { data, called = d, true })
			})
			Expect(called).To(BeTrue(), "the resume-data callback ran")
			return data
		}
		lastModified := simulator.DefaultStart.Add(-48 * time.Hour)

		DescribeTable("R-G1: CancelByProducingResumeData gives resume data only for a GET with an ETag or Last-Modified, byte ranges, and bytes received",
			func(res fakes.Resource, method string, stallAtZero bool, validator string) {
				url := rlURL("g1.bin")
				env := simtest.New(GinkgoTB(), rlNew(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
					a.start(a.session(rlSession).DownloadTask(appmodel.Request{URL: url, Method: method}), "d")
				}})...)
				Expect(env.Sim().Network().AddResource(url, res)).To(Succeed())
				if stallAtZero {
					Expect(env.Sim().Network().InjectFault(url, fakes.Fault{Kind: fakes.Stall, AtByte: 0, For: time.Hour})).To(Succeed())
				}
				env.At(0, env.Sim().Launch)
				data := cancelAt(env, 2*time.Second, "d")
				env.RunTo(time.Minute)

				c := env.Completion("d")
				Expect(c.Code()).To(Equal(appmodel.ErrCancelled))
				Expect(c.Err.HasReason).To(BeFalse(), "cancelled by the app")
				if validator == "" {
					Expect(data).To(BeNil())
					Expect(c.ResumeData()).To(BeNil())
					return
				}
				got := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).Bytes
				Expect(got).To(BeNumerically(">", 0))
				Expect(data).NotTo(BeNil())
				Expect(data.Offset).To(Equal(got))
				Expect(data.Validator).To(Equal(validator))
				Expect(data.URL).To(Equal(url))
				Expect(c.ResumeData()).To(Equal(data), "the error of DidCompleteWithError carries it too")
			},
			Entry("R-G1: ETag and byte ranges: resume data",
				fakes.Resource{Size: rlBigSize, ETag: `"g1"`, AcceptRanges: true}, "", false, `"g1"`),
			Entry("R-G1: Last-Modified and byte ranges: resume data",
				fakes.Resource{Size: rlBigSize, LastModified: lastModified, AcceptRanges: true}, "", false, lastModified.Format(http.TimeFormat)),
			Entry("R-G1: an explicit GET: resume data",
				fakes.Resource{Size: rlBigSize, ETag: `"g1"`, AcceptRanges: true}, "GET", false, `"g1"`),
			Entry("R-G1: neither ETag nor Last-Modified: nil",
				fakes.Resource{Size: rlBigSize, AcceptRanges: true}, "", false, ""),
			Entry("R-G1: no byte ranges: nil",
				fakes.Resource{Size: rlBigSize, ETag: `"g1"`}, "", false, ""),
			Entry("R-G1: not a GET: nil",
				fakes.Resource{Size: rlBigSize, ETag: `"g1"`, AcceptRanges: true}, "DELETE", false, ""),
			Entry("R-G1: no byte received yet: nil",
				fakes.Resource{Size: rlBigSize, ETag: `"g1"`, AcceptRanges: true}, "", true, ""),
		)

		It("R-G1: DownloadTaskWithResumeData continues with a range request from byte N, DidResume at N, and the file covers [0, size)", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, downloadAtLaunch(rlBig))...)
			env.At(0, env.Sim().Launch)
			data := cancelAt(env, 2*time.Second, "d")
			Expect(data).NotTo(BeNil())
			n := data.Offset
			Expect(n).To(BeNumerically(">", 0))
			env.RunTo(3 * time.Second)
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)
				a.start(a.session(rlSession).DownloadTaskWithResumeData(data), "resumed")
			})
			env.RunTo(time.Minute)

			starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(starts).To(HaveLen(2))
			Expect(starts[1].Task).To(Equal(2))
			Expect(starts[1].Bytes).To(Equal(n))
			Expect(starts[1].Detail).To(ContainSubstring(fmt.Sprintf("from byte %d", n)))
			resp := env.One(simulator.Pattern{Kind: simulator.KindTransferResponse, Task: 2})
			Expect(resp.Code).To(Equal(http.StatusPartialContent))
			Expect(resp.Detail).To(ContainSubstring("partial content"))
			res := env.CallsOf(simulator.CbDidResume)
			Expect(res).To(HaveLen(1))
			Expect(res[0].Desc).To(Equal("resumed"))
			Expect(res[0].Total).To(Equal(n), "the offset")
			Expect(res[0].Expected).To(Equal(int64(rlBigSize)))
			var writes []simtest.Call
			for _, c := range env.CallsOf(simulator.CbDidWriteData) {
				if c.Desc == "resumed" {
					writes = append(writes, c)
				}
			}
			Expect(writes).NotTo(BeEmpty())
			Expect(writes[0].Total-writes[0].Bytes).To(Equal(n), "progress counts on from the offset")
			Expect(writes[len(writes)-1].Total).To(Equal(int64(rlBigSize)))

			Expect(env.Completion("resumed").Err).To(BeNil())
			f, err := env.Sim().Files().Stat(rlDocument("resumed"))
			Expect(err).NotTo(HaveOccurred())
			Expect(simtest.Covers(f.Segments, rlBigSize)).To(Succeed())
			for _, s := range f.Segments {
				Expect(s.Source).To(Equal(rlBig + `#"big-1"`))
			}
		})

		It("R-G1: a resource changed meanwhile (a new ETag) restarts from 0: DidResume at 0 and the new content only", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, downloadAtLaunch(rlBig))...)
			env.At(0, env.Sim().Launch)
			data := cancelAt(env, 2*time.Second, "d")
			Expect(data).NotTo(BeNil())
			Expect(env.Sim().Network().UpdateResource(rlBig, fakes.Resource{Size: 24_000_000, ETag: `"big-2"`, AcceptRanges: true})).To(Succeed())
			env.RunTo(3 * time.Second)
			env.OnMain(func(appmodel.App) {
				a := rlLatest(env)
				a.start(a.session(rlSession).DownloadTaskWithResumeData(data), "resumed")
			})
			env.RunTo(time.Minute)

			start := env.One(simulator.Pattern{Kind: simulator.KindTransferStart, Task: 2})
			Expect(start.Bytes).To(Equal(data.Offset), "asked for the range")
			resp := env.One(simulator.Pattern{Kind: simulator.KindTransferResponse, Task: 2})
			Expect(resp.Code).To(Equal(http.StatusOK), "the validator no longer matches: the whole resource")
			Expect(resp.Bytes).To(BeZero())
			res := env.CallsOf(simulator.CbDidResume)
			Expect(res).To(HaveLen(1))
			Expect(res[0].Total).To(BeZero(), "nothing on disk could be reused")
			Expect(res[0].Expected).To(Equal(int64(24_000_000)))

			Expect(env.Completion("resumed").Err).To(BeNil())
			f, err := env.Sim().Files().Stat(rlDocument("resumed"))
			Expect(err).NotTo(HaveOccurred())
			Expect(simtest.Covers(f.Segments, 24_000_000)).To(Succeed())
			for _, s := range f.Segments {
				Expect(s.Source).To(Equal(rlBig+`#"big-2"`), "no byte of the old content")
			}
		})
	})

	Describe("R-G2: error codes", func() {
		// Each setup runs a story and returns the error the app saw.
		type story func(env *simtest.Env) *appmodel.URLError
		DescribeTable("R-G2: the codes as the platform produces them",
			func(spec rlSpec, run story, want appmodel.ErrorCode) {
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, spec)...)
				Expect(env.Sim().Network().AddResource(rlURL("cert.bin"), fakes.Resource{Size: rlSmallSize, Challenge: "ClientCertificate"})).To(Succeed())
				err := run(env)
				Expect(err).NotTo(BeNil())
				Expect(err.Code).To(Equal(want))
				Expect(err.Error()).To(ContainSubstring(fmt.Sprint(int(want))))
			},
			Entry("R-G2: -999 cancelled: the app cancels", downloadAtLaunch(rlBig), story(func(env *simtest.Env) *appmodel.URLError {
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Second)
				env.OnMain(func(appmodel.App) {
					a := rlLatest(env)
					a.task("d").Cancel()
				})
				env.RunTo(time.Minute)
				return env.Completion("d").Err
			}), appmodel.ErrCancelled),
			Entry("R-G2: -1001 timed out: the resource timeout passes", rlSpec{
				Config:    func(c *appmodel.SessionConfig) { c.TimeoutIntervalForResource = time.Minute },
				Activated: func(a *rlApp) { a.download(rlSession, rlBig, "d") },
			}, story(func(env *simtest.Env) *appmodel.URLError {
				env.Sim().Network().SetLink(fakes.Link{Kind: fakes.Offline})
				env.At(0, env.Sim().Launch)
				env.RunTo(2 * time.Minute)
				return env.Completion("d").Err
			}), appmodel.ErrTimedOut),
			Entry("R-G2: -1002 unsupported URL: an ftp URL", downloadAtLaunch("ftp://files.example.com/rl/small.bin"), story(func(env *simtest.Env) *appmodel.URLError {
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Minute)
				return env.Completion("d").Err
			}), appmodel.ErrUnsupportedURL),
			Entry("R-G2: -1003 cannot find host: a URL nothing is published at", downloadAtLaunch(rlURL("nowhere.bin")), story(func(env *simtest.Env) *appmodel.URLError {
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Minute)
				Expect(env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).Rule).To(Equal(simulator.RuleG2))
				return env.Completion("d").Err
			}), appmodel.ErrCannotFindHost),
			Entry("R-G2: -996 in use by another process", rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }}, story(func(env *simtest.Env) *appmodel.URLError {
				env.At(0, env.Sim().Launch)
				env.Sim().SetOtherProcessHolds(rlSession, true)
				env.RunTo(time.Minute)
				inv := env.CallsOf(simulator.CbDidBecomeInvalidWithError)
				Expect(inv).To(HaveLen(1))
				return inv[0].Err
			}), appmodel.ErrBackgroundSessionInUseByAnotherProcess),
			Entry("R-G2: -997 background session was disconnected: a data task when the app is suspended (told when the user opens the app: it never wakes it, R-S2)", rlSpec{Activated: func(a *rlApp) {
				if _, made := a.tasks["d"]; !made {
					a.start(a.session(rlSession).DataTask(appmodel.Request{URL: rlBig}), "d")
				}
			}}, story(func(env *simtest.Env) *appmodel.URLError {
				env.At(0, env.Sim().Launch)
				env.At(time.Second, env.Sim().Home)
				env.At(30*time.Second, env.Sim().Launch)
				env.RunTo(time.Minute)
				return env.Completion("d").Err
			}), appmodel.ErrBackgroundSessionWasDisconnected),
			Entry("R-G2: -1206 client certificate required", downloadAtLaunch(rlURL("cert.bin")), story(func(env *simtest.Env) *appmodel.URLError {
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Minute)
				return env.Completion("d").Err
			}), appmodel.ErrClientCertificateRequired),
		)

		DescribeTable("R-G2: a lost connection (DropAtByte) is retried after RetryDelay, never reported to the app",
			func(url string, resumable bool) {
				const dropAt = 5_000_000
				env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, downloadAtLaunch(url))...)
				Expect(env.Sim().Network().InjectFault(url, fakes.Fault{Kind: fakes.DropAtByte, AtByte: dropAt})).To(Succeed())
				env.At(0, env.Sim().Launch)
				env.RunTo(2 * time.Minute)

				retry := env.One(simulator.Pattern{Kind: simulator.KindTransferRetry})
				Expect(retry.Code).To(Equal(int(appmodel.ErrNetworkConnectionLost)))
				Expect(retry.Rule).To(Equal(simulator.RuleG2))
				Expect(retry.At).To(Equal(rlLatency+2500*time.Millisecond), "5 MB at 2 MB/s after the round trip")
				starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
				Expect(starts).To(HaveLen(2))
				Expect(starts[1].At).To(Equal(retry.At + simulator.DefaultRetryDelay))
				if resumable {
					Expect(starts[1].Bytes).To(Equal(int64(dropAt)), "from where it stopped (R-G1)")
				} else {
					Expect(starts[1].Bytes).To(BeZero(), "not resumable: from the start (R-G1)")
				}
				Expect(env.CallsOf(simulator.CbDidCompleteWithError)).To(HaveLen(1))
				Expect(env.Completion("d").Err).To(BeNil())
				for _, e := range env.Events(simulator.Pattern{Kind: simulator.KindSessionCallback}) {
					Expect(e.Code).NotTo(Equal(int(appmodel.ErrNetworkConnectionLost)))
				}
				f, err := env.Sim().Files().Stat(rlDocument("d"))
				Expect(err).NotTo(HaveOccurred())
				Expect(simtest.Covers(f.Segments, rlBigSize)).To(Succeed())
			},
			Entry("R-G2: resumable: retried from the byte it stopped at", rlBig, true),
			Entry("R-G2: not resumable: retried from byte 0", rlPlain, false),
		)
	})

	Describe("R-G3: progress", func() {
		DescribeTable("R-G3: DidWriteData every ProgressInterval while the app runs, with cumulative totals",
			func(interval time.Duration) {
				const size = 10_000_000
				env := simtest.New(GinkgoTB(), rlNew(simulator.Config{ProgressInterval: interval}, downloadAtLaunch(rlURL("ten.bin")))...)
				Expect(env.Sim().Network().AddResource(rlURL("ten.bin"), fakes.Resource{Size: size, ETag: `"ten"`, AcceptRanges: true})).To(Succeed())
				env.At(0, env.Sim().Launch)
				env.RunTo(time.Minute)

				if interval == 0 {
					interval = simulator.DefaultProgressInterval
				}
				done := env.One(simulator.Pattern{Kind: simulator.KindTaskComplete}).At
				Expect(done).To(Equal(rlLatency + 5*time.Second))
				calls := env.CallsOf(simulator.CbDidWriteData)
				Expect(len(calls)).To(BeNumerically(">=", int(5*time.Second/interval)))
				var sum int64
				for i, c := range calls {
					sum += c.Bytes
					Expect(c.Bytes).To(BeNumerically(">", 0))
					Expect(c.Total).To(Equal(sum), "cumulative")
					Expect(c.Expected).To(Equal(int64(size)))
					Expect(c.Main).To(BeFalse(), "on the delegate queue")
					if i < len(calls)-1 {
						at := time.Duration(i+1) * interval
						Expect(c.At).To(Equal(at), "call %d", i)
						want := int64((at - rlLatency).Seconds() * 2_000_000)
						Expect(c.Total).To(BeNumerically("~", want, 1), "bytes at %s", at)
					}
				}
				last := calls[len(calls)-1]
				Expect(last.Total).To(Equal(int64(size)))
				Expect(last.At).To(Equal(done))
			},
			Entry("R-G3: the default interval, 1 s", time.Duration(0)),
			Entry("R-G3: ProgressInterval 250 ms", 250*time.Millisecond),
		)

		It("R-G3: no DidWriteData while the app is suspended", func() {
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, downloadAtLaunch(rlBig))...)
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(time.Minute)
			Expect(env.Completion("d").Err).To(BeNil())
			for _, c := range env.CallsOf(simulator.CbDidWriteData) {
				Expect(c.At).To(BeNumerically("<=", 6*time.Second), "none after the suspension at 6 s (R-E1)")
			}
			Expect(env.CallsOf(simulator.CbDidWriteData)).NotTo(BeEmpty())
		})

		It("R-G3: totalBytesExpectedToWrite is -1 when the server sends no Content-Length", func() {
			url := rlURL("nolength.bin")
			env := simtest.New(GinkgoTB(), rlNew(simulator.Config{}, downloadAtLaunch(url))...)
			Expect(env.Sim().Network().AddResource(url, fakes.Resource{Size: rlSmallSize, ETag: `"n"`, AcceptRanges: true, NoContentLength: true})).To(Succeed())
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			calls := env.CallsOf(simulator.CbDidWriteData)
			Expect(calls).NotTo(BeEmpty())
			for _, c := range calls {
				Expect(c.Expected).To(Equal(int64(-1)))
			}
			Expect(calls[len(calls)-1].Total).To(Equal(int64(rlSmallSize)))
			Expect(env.One(simulator.Pattern{Kind: simulator.KindTransferResponse}).Expected).To(Equal(int64(-1)))
			Expect(rlLatest(env).task("d").BytesExpectedToReceive()).To(Equal(int64(-1)))
			c := env.Completion("d")
			Expect(c.Err).To(BeNil())
			Expect(c.Response.ContentLength).To(Equal(int64(-1)))
		})

		It("R-G3: DidSendBodyData reports an upload from a file", func() {
			const size = 6_000_000
			env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) {
				_ = a.app.Files().Write("/Documents/up.bin", fakes.Segment{From: 0, To: size, Source: "up"})
				a.start(a.session(rlSession).UploadTask(appmodel.Request{URL: rlUpload}, "/Documents/up.bin"), "up")
			}})...)
			env.At(0, env.Sim().Launch)
			env.RunTo(time.Minute)

			calls := env.CallsOf(simulator.CbDidSendBodyData)
			Expect(len(calls)).To(BeNumerically(">=", 3))
			var sum int64
			for i, c := range calls {
				sum += c.Bytes
				Expect(c.Total).To(Equal(sum))
				Expect(c.Expected).To(Equal(int64(size)))
				if i < len(calls)-1 {
					Expect(c.At).To(Equal(time.Duration(i+1) * simulator.DefaultProgressInterval))
				}
			}
			Expect(calls[len(calls)-1].Total).To(Equal(int64(size)))
			Expect(env.CallsOf(simulator.CbDidWriteData)).To(BeEmpty())
			Expect(env.Completion("up").Err).To(BeNil())
			Expect(rlLatest(env).task("up").BytesSent()).To(Equal(int64(size)))
		})
	})
})
