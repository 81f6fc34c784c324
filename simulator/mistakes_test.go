package simulator_test

// The reference app's mistakes M8, M9 and M10, each with its consequence
// (the Mistakes switch on) and the fixed behaviour (the switch off).

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// rlRefImageSize is the size of the reference app's image in these specs:
// at the default 2 MB/s it takes 15 s, long enough for the app to be
// suspended while the daemon downloads it.
const rlRefImageSize = 30_000_000

// rlRef makes a simulation of the reference app with opts (with the
// simulator's default power, not charging, unless cfg says otherwise).
func rlRef(cfg simulator.Config, opts appmodel.RefOptions) *simtest.Env {
	if cfg.Power == (simulator.Power{}) {
		cfg.Power = simulator.DefaultPower // simtest's default is charging
	}
	return simtest.New(GinkgoTB(), simtest.WithConfig(cfg), simtest.WithApp(appmodel.NewRefApp(opts)),
		simtest.WithResource(appmodel.RefImageURL, fakes.Resource{Size: rlRefImageSize, ETag: `"monkey-v1"`, AcceptRanges: true}),
		simtest.WithResource(appmodel.RefUploadURL, fakes.Resource{Size: 200}))
}

// rlTaskOf is the id of the task the app created for url.
func rlTaskOf(env *simtest.Env, url string) int {
	GinkgoHelper()
	evs := env.EventsWhere(simulator.Pattern{Kind: simulator.KindTaskCreate}, func(e simulator.Event) bool { return strings.HasSuffix(e.Detail, " "+url) })
	Expect(evs).To(HaveLen(1), "task.create for %s", url)
	return evs[0].Task
}

// rlRefImages lists the reference app's images in its container.
func rlRefImages(env *simtest.Env) []string {
	var out []string
	for _, p := range env.Sim().Files().List("/Documents") {
		if strings.HasSuffix(p, ".png") {
			out = append(out, p)
		}
	}
	return out
}

var _ = Describe("the reference app's mistakes M8, M9 and M10", func() {
	Describe("M8 TaskPerWake (R-R1)", func() {
		// Charging, so that the rule at work is R-R1, not R-S6: tasks made
		// in the background are discretionary.
		cfg := simulator.Config{Power: simulator.Power{Charging: true, Battery: 100}}
		story := func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.RunTo(time.Hour)
		}

		It("M8 TaskPerWake (R-R1): one image per background wake: each next download waits a full relaunch delay and needs a wake of its own", func() {
			env := rlRef(cfg, appmodel.RefOptions{Images: 3, Mistakes: appmodel.Mistakes{TaskPerWake: true}})
			story(env)

			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(3), "one wake per image")
			starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(starts).To(HaveLen(3))
			for i, id := range []int{2, 3} {
				w := env.Events(simulator.Pattern{Kind: simulator.KindTaskWait, Task: id})
				Expect(w).NotTo(BeEmpty(), "image %d waits", id)
				Expect(w[0].Rule).To(Equal(simulator.RuleR1))
				Expect(w[0].At).To(Equal(wakes[i].At), "made in the wake of the previous image")
			}
			Expect(starts[1].At-wakes[0].At).To(Equal(60*time.Second), "the delay after the first wake")
			// v2: each delay passes with no wake waiting (the next image is
			// still downloading), so it starts over instead of doubling.
			Expect(starts[2].At-wakes[1].At).To(Equal(60*time.Second), "the delay after the second wake, reset")
			Expect(wakes[2].At).To(BeNumerically(">", 2*time.Minute), "each image costs a delay and a wake")
			Expect(rlRefImages(env)).To(HaveLen(3), "all three arrive, slowly")
			Expect(env.Sim().Violations()).To(BeEmpty())
		})

		It("M8 TaskPerWake fixed (R-R1): all three downloads start at once and arrive in one wake", func() {
			env := rlRef(cfg, appmodel.RefOptions{Images: 3})
			story(env)

			wakes := env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})
			Expect(wakes).To(HaveLen(1))
			for _, s := range env.Events(simulator.Pattern{Kind: simulator.KindTransferStart}) {
				Expect(s.At).To(BeZero())
			}
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(HaveLen(3))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty())
			got := env.Events(simulator.Pattern{Callback: simulator.CbDidFinishDownloading})
			Expect(got).To(HaveLen(3))
			for _, e := range got {
				Expect(e.At).To(Equal(wakes[0].At), "in the one wake")
			}
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunchDeferred})).To(BeEmpty())
			Expect(rlRefImages(env)).To(HaveLen(3))
		})
	})

	Describe("M9 UploadFromMemory (R-S2)", func() {
		story := func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(time.Second, env.Sim().Home)
			env.RunTo(5 * time.Minute)
		}

		It("M9 UploadFromMemory (R-S2): by default the app crashes when it makes the upload from memory; the image still arrives through a relaunch", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{UploadPhoto: true, Mistakes: appmodel.Mistakes{UploadFromMemory: true}})
			env.At(0, env.Sim().Launch)
			env.RunTo(5 * time.Minute)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindViolation, Rule: simulator.RuleS2})).To(HaveLen(1))
			term := env.Events(simulator.Pattern{Kind: simulator.KindTerminate})
			Expect(term).NotTo(BeEmpty())
			Expect(term[0].Reason).To(Equal(string(simulator.TermCrash)))
			Expect(term[0].At).To(BeZero(), "when the upload was made")
			Expect(env.EventsWhere(simulator.Pattern{Kind: simulator.KindTaskCreate}, func(e simulator.Event) bool { return strings.Contains(e.Detail, "upload") })).To(BeEmpty())
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(HaveLen(1), "the download went on (R-E5) and the app was launched for it")
			Expect(rlRefImages(env)).To(HaveLen(1), "the image download is not affected")
		})

		It("M9 UploadFromMemory (R-S2), UploadFromDataPolicy fail-on-exit: the photo uploaded from memory fails with -997 when the user goes home", func() {
			env := rlRef(simulator.Config{UploadFromDataPolicy: simulator.UploadFromDataFailOnExit},
				appmodel.RefOptions{UploadPhoto: true, Mistakes: appmodel.Mistakes{UploadFromMemory: true}})
			story(env)

			id := rlTaskOf(env, appmodel.RefUploadURL)
			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete, Task: id})
			Expect(done).To(HaveLen(1))
			Expect(done[0].At).To(Equal(time.Second), "when the app entered the background")
			Expect(done[0].Code).To(Equal(int(appmodel.ErrBackgroundSessionWasDisconnected)))
			Expect(done[0].Rule).To(Equal(simulator.RuleS2))
			cb := env.EventsWhere(simulator.Pattern{Callback: simulator.CbDidCompleteWithError, Task: id}, func(e simulator.Event) bool {
				return e.Code == int(appmodel.ErrBackgroundSessionWasDisconnected)
			})
			Expect(cb).To(HaveLen(1), "the app hears of the failure")
			Expect(rlRefImages(env)).To(HaveLen(1), "the image download is not affected")
		})

		It("M9 UploadFromMemory fixed (R-S2): the photo uploaded from a file goes on in the background and succeeds", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{UploadPhoto: true})
			story(env)

			id := rlTaskOf(env, appmodel.RefUploadURL)
			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete, Task: id})
			Expect(done).To(HaveLen(1))
			Expect(done[0].Code).To(BeZero())
			Expect(done[0].At).To(BeNumerically(">", time.Second), "it outlived the foreground")
			Expect(env.EventsWhere(simulator.Pattern{Kind: simulator.KindTaskComplete}, func(e simulator.Event) bool { return e.Code != 0 })).To(BeEmpty())
			sent := env.Events(simulator.Pattern{Callback: simulator.CbDidSendBodyData, Task: id})
			Expect(sent).NotTo(BeEmpty())
			Expect(rlRefImages(env)).To(HaveLen(1))
		})
	})

	Describe("M9 DataTasks (R-S2)", func() {
		story := func(env *simtest.Env) {
			GinkgoHelper()
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.RunTo(5 * time.Minute)
		}

		It("M9 DataTasks (R-S2): the image fetched with a data task fails with -997 once the app is suspended; the app hears of it only when the user opens it again", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{Mistakes: appmodel.Mistakes{DataTasks: true}})
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.At(2*time.Minute, env.Sim().Launch)
			env.RunTo(5 * time.Minute)

			susp := env.Events(simulator.Pattern{Kind: simulator.KindTransition, To: "suspended"})
			Expect(susp).NotTo(BeEmpty())
			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done).To(HaveLen(1))
			Expect(done[0].At).To(Equal(susp[0].At), "at the suspension, 5 s after going home")
			Expect(done[0].At).To(Equal(9 * time.Second))
			Expect(done[0].Code).To(Equal(int(appmodel.ErrBackgroundSessionWasDisconnected)))
			Expect(done[0].Rule).To(Equal(simulator.RuleS2))
			Expect(done[0].Bytes).To(BeNumerically("<", rlRefImageSize))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindRelaunch})).To(BeEmpty(), "a data task never wakes the app")
			failed := env.EventsWhere(simulator.Pattern{Callback: simulator.CbDidCompleteWithError}, func(e simulator.Event) bool {
				return e.Code == int(appmodel.ErrBackgroundSessionWasDisconnected)
			})
			Expect(failed).To(HaveLen(1))
			Expect(failed[0].At).To(Equal(2*time.Minute), "delivered when the user opens the app")
			Expect(rlRefImages(env)).To(BeEmpty(), "no image")
		})

		It("M9 DataTasks fixed (R-S2): a download task goes on in the daemon and delivers the image", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{})
			story(env)

			done := env.Events(simulator.Pattern{Kind: simulator.KindTaskComplete})
			Expect(done).To(HaveLen(1))
			Expect(done[0].Code).To(BeZero())
			Expect(done[0].Bytes).To(Equal(int64(rlRefImageSize)))
			Expect(rlRefImages(env)).To(Equal([]string{appmodel.RefImagePath}))
		})
	})

	Describe("M10 StartInBackground (R-S6)", func() {
		It("M10 StartInBackground (R-S6): a download started in DidEnterBackground is discretionary: no start and no progress while not charging", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{Mistakes: appmodel.Mistakes{StartInBackground: true}})
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.RunTo(time.Hour)

			w := env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})
			Expect(w).To(HaveLen(1))
			Expect(w[0].Rule).To(Equal(simulator.RuleS6))
			Expect(w[0].At).To(Equal(4 * time.Second))
			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})).To(BeEmpty(), "an hour later, still not started")
			Expect(env.Events(simulator.Pattern{Callback: simulator.CbDidWriteData})).To(BeEmpty())
			Expect(rlRefImages(env)).To(BeEmpty())

			env.At(time.Hour, func() error { env.Sim().SetPower(simulator.Power{Charging: true, Battery: 80}); return nil })
			env.RunTo(time.Hour + 5*time.Minute)
			starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(starts).To(HaveLen(1))
			Expect(starts[0].At).To(Equal(time.Hour), "when the device charges")
			Expect(rlRefImages(env)).To(HaveLen(1))
		})

		It("M10 StartInBackground fixed (R-S6): started when the user taps Start, in the foreground, it starts at once with progress", func() {
			env := rlRef(simulator.Config{}, appmodel.RefOptions{})
			env.At(0, env.Sim().Launch)
			env.At(4*time.Second, env.Sim().Home)
			env.RunTo(time.Minute)

			Expect(env.Events(simulator.Pattern{Kind: simulator.KindTaskWait})).To(BeEmpty())
			starts := env.Events(simulator.Pattern{Kind: simulator.KindTransferStart})
			Expect(starts).To(HaveLen(1))
			Expect(starts[0].At).To(BeZero())
			Expect(env.EventsWhere(simulator.Pattern{Callback: simulator.CbDidWriteData}, func(e simulator.Event) bool { return e.At < 4*time.Second })).NotTo(BeEmpty(), "progress in the foreground")
			Expect(rlRefImages(env)).To(Equal([]string{appmodel.RefImagePath}))
		})
	})
})
