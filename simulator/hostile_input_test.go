package simulator_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// hCompletion runs launch as the app's FinishedLaunching with a session
// "h" and returns the DidCompleteWithError errors, by task id.
func hCompletion(launch func(app appmodel.App, s appmodel.Session), more ...func(*hDelegate)) (*simulator.Sim, map[int]*appmodel.URLError) {
	GinkgoHelper()
	errs := map[int]*appmodel.URLError{}
	del := &hDelegate{complete: func(_ appmodel.Session, t appmodel.Task, err *appmodel.URLError) { errs[t.ID()] = err }}
	for _, m := range more {
		m(del)
	}
	sim := hNew(simulator.Config{}, &hApp{launch: func(app appmodel.App) {
		launch(app, app.NewSession(appmodel.BackgroundSessionConfig("h"), del))
	}})
	Expect(sim.Network().AddResource(hURL, fakes.Resource{Size: 1000})).To(Succeed())
	Expect(sim.Launch()).To(Succeed())
	Expect(sim.RunFor(time.Minute)).To(Succeed())
	return sim, errs
}

var _ = Describe("hostile app models: invalid inputs", func() {
	It("defect 12: DownloadTaskWithResumeData(nil) crashes the app, naming the call", func() {
		sim, _ := hCompletion(func(_ appmodel.App, s appmodel.Session) { s.DownloadTaskWithResumeData(nil).Resume() })
		crashes := hKinds(sim, simulator.KindCrash)
		Expect(crashes).To(HaveLen(1))
		Expect(crashes[0].Detail).To(HavePrefix("DownloadTaskWithResumeData(nil)"))
		Expect(crashes[0].Where).To(ContainSubstring("hostile_input_test.go:"))
		Expect(hKinds(sim, simulator.KindTaskCreate)).To(BeEmpty(), "no task with URL \"\"")
	})

	It("defect 12: an ftp URL in resume data fails -1002 unsupported URL", func() {
		_, errs := hCompletion(func(_ appmodel.App, s appmodel.Session) {
			s.DownloadTaskWithResumeData(&appmodel.ResumeData{URL: "ftp://files.example.com/f"}).Resume()
		})
		Expect(errs).To(HaveLen(1))
		for _, err := range errs {
			Expect(err.Code).To(Equal(appmodel.ErrUnsupportedURL))
		}
	})

	It("defect 12: an ftp URL as a delayed request's new request fails -1002 unsupported URL", func() {
		_, errs := hCompletion(func(app appmodel.App, s appmodel.Session) {
			t := s.DownloadTask(appmodel.Request{URL: hURL})
			t.SetEarliestBeginDate(app.Now().Add(time.Second))
			t.Resume()
		}, func(d *hDelegate) {
			d.delayed = func(_ appmodel.Session, _ appmodel.Task, reply func(appmodel.DelayedDisposition, *appmodel.Request)) {
				reply(appmodel.UseNewRequest, &appmodel.Request{URL: "ftp://files.example.com/f"})
			}
		})
		Expect(errs).To(HaveLen(1))
		for _, err := range errs {
			Expect(err.Code).To(Equal(appmodel.ErrUnsupportedURL))
		}
	})

	It("defect 12: UploadTaskFromData with a negative size crashes the app, naming the call", func() {
		sim, _ := hCompletion(func(_ appmodel.App, s appmodel.Session) {
			s.UploadTaskFromData(appmodel.Request{URL: hURL}, -100).Resume()
		})
		crashes := hKinds(sim, simulator.KindCrash)
		Expect(crashes).To(HaveLen(1))
		Expect(crashes[0].Detail).To(HavePrefix("UploadTaskFromData(size -100)"))
		Expect(hKinds(sim, simulator.KindTaskCreate)).To(BeEmpty())
	})

	It("defect 12: an empty session identifier is refused with a violation, and its tasks with it", func() {
		sim := hNew(simulator.Config{}, &hApp{launch: func(app appmodel.App) {
			s := app.NewSession(appmodel.BackgroundSessionConfig(""), &hDelegate{})
			s.DownloadTask(appmodel.Request{URL: hURL}).Resume()
		}})
		Expect(sim.Launch()).To(Succeed())
		vs := hViolations(sim, "empty identifier")
		Expect(vs).To(HaveLen(1))
		Expect(vs[0].Rule).To(Equal(simulator.RuleI3))
		Expect(hKinds(sim, simulator.KindTaskCreate)).To(BeEmpty())
	})

	It("defect 12: UploadTask with an empty file path fails -1100 with a clear message, not stat /", func() {
		_, errs := hCompletion(func(_ appmodel.App, s appmodel.Session) {
			s.UploadTask(appmodel.Request{URL: hURL}, "").Resume()
		})
		Expect(errs).To(HaveLen(1))
		for _, err := range errs {
			Expect(err.Code).To(Equal(appmodel.ErrFileDoesNotExist))
			Expect(err.Message).To(ContainSubstring("no file path"))
			Expect(err.Message).NotTo(ContainSubstring("stat /"))
		}
	})
})
