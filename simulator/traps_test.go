package simulator_test

// Specs of the traps removed for users writing their first suite (issue
// 7, item 7): connectivity is explicit, an upload endpoint and a file of N
// bytes take one line each, refused actions name the action, and a time
// limit says it once. Unexported names start with tp so as not to clash
// with other spec files.

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

const (
	tpPhotos = "https://api.example.com/photos"
	tpPhoto  = "/Documents/photo-1.jpg"
)

// tpUploader makes a 4 MB photo and uploads it at launch; its delegate
// keeps what the server answered.
type tpUploader struct {
	appmodel.AppDelegateBase
	got *tpAnswer
}

// tpAnswer is what the app saw of the upload's answer.
type tpAnswer struct {
	body   string
	status int
	err    *appmodel.URLError
	done   bool
	file   fakes.File
}

type tpDelegate struct {
	appmodel.SessionDelegateBase
	got *tpAnswer
}

func (d *tpDelegate) DidReceiveData(_ appmodel.Session, _ appmodel.Task, data []byte) {
	d.got.body += string(data)
}

func (d *tpDelegate) DidCompleteWithError(_ appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	d.got.done, d.got.err = true, err
	if r := t.Response(); r != nil {
		d.got.status = r.StatusCode
	}
}

func (a *tpUploader) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	if err := appmodel.WriteFileOfSize(app.Files(), tpPhoto, 4_000_000); err != nil {
		app.Log("no photo: %v", err)
		return
	}
	a.got.file, _ = app.Files().Stat(tpPhoto)
	s := app.NewSession(appmodel.BackgroundSessionConfig("tp.upload"), &tpDelegate{got: a.got})
	t := s.UploadTask(appmodel.Request{URL: tpPhotos, Method: "POST"}, tpPhoto)
	t.SetTaskDescription("photo-1.jpg")
	t.Resume()
}

var _ = Describe("traps removed", func() {
	Describe("connectivity is explicit", func() {
		It("R-S9: a Link with only a bandwidth is Wi-Fi, not offline: the transfer runs", func() {
			got := &tpAnswer{}
			sim := simulator.New(simulator.Config{Link: fakes.Link{Bandwidth: 1_000_000}})
			Expect(sim.Network().Link().Kind).To(Equal(fakes.WiFi))
			Expect(sim.Network().AddUploadEndpoint(tpPhotos, fakes.UploadEndpoint{Status: 201})).To(Succeed())
			sim.Install(func() appmodel.AppDelegate { return &tpUploader{got: got} })
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.RunFor(10 * time.Second)).To(Succeed())
			Expect(got.done).To(BeTrue(), "4 MB at 1 MB/s is done in 10 s")
			Expect(got.err).To(BeNil())
			Expect(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty(),
				"the task never waited for connectivity")
		})

		It("a Link with no bandwidth takes the default bandwidth; its latency is kept", func() {
			sim := simulator.New(simulator.Config{Link: fakes.Link{Latency: time.Second}})
			Expect(sim.Network().Link()).To(Equal(fakes.Link{Kind: fakes.WiFi, Bandwidth: simulator.DefaultLink.Bandwidth, Latency: time.Second}))
			Expect(simulator.New(simulator.Config{}).Network().Link()).To(Equal(simulator.DefaultLink))
		})

		It("R-S9: offline is asked for: Link{Kind: Offline} or StartOffline, and the transfer waits", func() {
			for _, cfg := range []simulator.Config{{Link: fakes.Link{Kind: fakes.Offline}}, {StartOffline: true}} {
				got := &tpAnswer{}
				sim := simulator.New(cfg)
				Expect(sim.Network().Link().Kind).To(Equal(fakes.Offline))
				Expect(sim.Network().AddUploadEndpoint(tpPhotos, fakes.UploadEndpoint{Status: 201})).To(Succeed())
				sim.Install(func() appmodel.AppDelegate { return &tpUploader{got: got} })
				Expect(sim.Launch()).To(Succeed())
				Expect(sim.RunFor(time.Minute)).To(Succeed())
				Expect(got.done).To(BeFalse())
				Expect(simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTaskWait, Desc: "photo-1.jpg"})).NotTo(BeEmpty())
			}
		})
	})

	It("R-D9: an upload endpoint is one line: status, body and latency reach the app", func() {
		got := &tpAnswer{}
		sim := simulator.New(simulator.Config{Link: fakes.Link{Bandwidth: 2_000_000, Latency: 50 * time.Millisecond}})
		Expect(sim.Network().AddUploadEndpoint(tpPhotos, fakes.UploadEndpoint{
			Status: 201, Body: `{"id": 7}`, Latency: 3 * time.Second})).To(Succeed())
		sim.Install(func() appmodel.AppDelegate { return &tpUploader{got: got} })
		Expect(sim.Launch()).To(Succeed())
		// 50 ms round trip, 2 s of body, 3 s of server work.
		Expect(sim.RunFor(5 * time.Second)).To(Succeed())
		Expect(got.done).To(BeFalse(), "the server is still working at T+5s")
		Expect(sim.RunFor(time.Second)).To(Succeed())
		Expect(got.done).To(BeTrue())
		Expect(got.err).To(BeNil())
		Expect(got.status).To(Equal(201))
		Expect(got.body).To(Equal(`{"id": 7}`))
		complete := simulator.Select(sim.Trace(), simulator.Pattern{Kind: simulator.KindTaskComplete, Desc: "photo-1.jpg"})
		Expect(complete).To(HaveLen(1))
		Expect(complete[0].At).To(Equal(5050 * time.Millisecond))
	})

	It("an app makes an N-byte file with one call", func() {
		got := &tpAnswer{}
		sim := simulator.New(simulator.Config{})
		Expect(sim.Network().AddUploadEndpoint(tpPhotos, fakes.UploadEndpoint{Status: 201})).To(Succeed())
		sim.Install(func() appmodel.AppDelegate { return &tpUploader{got: got} })
		Expect(sim.Launch()).To(Succeed())
		Expect(got.file.Size).To(Equal(int64(4_000_000)))
		f, err := sim.Files().Stat(tpPhoto)
		Expect(err).NotTo(HaveOccurred())
		Expect(f.Size).To(Equal(int64(4_000_000)))
		Expect(f.Segments).To(Equal([]fakes.Segment{{From: 0, To: 4_000_000, Source: tpPhoto}}))
		Expect(appmodel.WriteFileOfSize(sim.Files(), "/Documents/empty", 0)).To(Succeed())
		Expect(sim.Files().Exists("/Documents/empty")).To(BeTrue())
		Expect(appmodel.WriteFileOfSize(sim.Files(), "/Documents/bad", -1)).To(MatchError(fs.ErrInvalid))
	})

	Describe("refused actions name the action", func() {
		newSim := func() *simulator.Sim {
			sim := simulator.New(simulator.Config{})
			sim.Install(func() appmodel.AppDelegate { return &appmodel.AppDelegateBase{} })
			return sim
		}
		suspended := func() *simulator.Sim {
			sim := newSim()
			Expect(sim.Launch()).To(Succeed())
			Expect(sim.Home()).To(Succeed())
			Expect(sim.RunFor(time.Minute)).To(Succeed())
			Expect(sim.State()).To(Equal(appmodel.Suspended))
			return sim
		}
		active := func() *simulator.Sim {
			sim := newSim()
			Expect(sim.Launch()).To(Succeed())
			return sim
		}
		DescribeTable("R-L1: in the user's words, with the lifecycle error still there for errors.As",
			func(setup func() *simulator.Sim, act func(*simulator.Sim) error, want string) {
				sim := setup()
				before := len(sim.Trace())
				err := act(sim)
				Expect(err).To(MatchError(want))
				var ae *simulator.ActionError
				Expect(errors.As(err, &ae)).To(BeTrue())
				var ite *simulator.IllegalTransitionError
				Expect(errors.As(err, &ite)).To(BeTrue())
				Expect(ite.State).To(Equal(sim.State()))
				Expect(sim.Trace()).To(HaveLen(before), "a refused action leaves no trace")
			},
			Entry("Home before Launch", newSim, (*simulator.Sim).Home, "simulator: Home: the app is not running"),
			Entry("ForceQuit before Launch", newSim, (*simulator.Sim).ForceQuit, "simulator: ForceQuit: the app is not running"),
			Entry("MemoryPressureKill before Launch", newSim, (*simulator.Sim).MemoryPressureKill, "simulator: MemoryPressureKill: the app is not running"),
			Entry("Crash before Launch", newSim, func(s *simulator.Sim) error { return s.Crash("x") }, "simulator: Crash: the app is not running"),
			Entry("Home while suspended", suspended, (*simulator.Sim).Home, "simulator: Home: the app is already in the background, suspended"),
			Entry("Crash while suspended", suspended, func(s *simulator.Sim) error { return s.Crash("x") },
				"simulator: Crash: the app is suspended: it runs no code, so it cannot crash"),
			Entry("Launch while active", active, (*simulator.Sim).Launch, "simulator: Launch: the app is already in the foreground"),
		)
	})

	It("a time limit says it once: what was not met, the limit, where the run stopped", func() {
		sim := simulator.New(simulator.Config{})
		err := sim.RunUntil(func(*simulator.Sim) bool { return false }, 5*time.Second)
		Expect(err).To(MatchError("simulator: RunUntil: the condition was not met within 5s (stopped at T+00:05.000)"))
		Expect(errors.Is(err, simulator.ErrRunLimit)).To(BeTrue())
		var le *simulator.RunLimitError
		Expect(errors.As(err, &le)).To(BeTrue())
		Expect(le.Limit).To(Equal(5 * time.Second))
		Expect(le.At).To(Equal(5 * time.Second))
		Expect(strings.Count(err.Error(), "stopped")).To(Equal(1))
		Expect(strings.Count(err.Error(), "simulator:")).To(Equal(1))
	})
})
