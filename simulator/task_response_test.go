package simulator_test

import (
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// The daemon keeps a task's response as a status and makes the object the
// app reads (Task.Response) when the app first asks: these specs pin that
// the app cannot tell.
var _ = Describe("Task.Response", func() {
	It("R-S4: is nil before the answer, then the last hop's status, length and URL, the same object on every ask", func() {
		redirect := rlURL("moved.bin")
		env := simtest.New(GinkgoTB(), append(rlStd(simulator.Config{}, rlSpec{
			Activated: func(a *rlApp) { a.download(rlSession, redirect, "d") },
		}), simtest.WithResource(redirect, fakes.Resource{RedirectTo: rlBig}))...)
		env.At(0, env.Sim().Launch)
		var before, first, second *appmodel.Response
		env.OnMain(func(appmodel.App) { before = rlLatest(env).task("d").Response() })
		env.RunTo(2 * time.Second)
		env.OnMain(func(appmodel.App) {
			t := rlLatest(env).task("d")
			first, second = t.Response(), t.Response()
		})
		Expect(before).To(BeNil())
		Expect(first).To(Equal(&appmodel.Response{StatusCode: http.StatusOK, ContentLength: rlBigSize, URL: rlBig}))
		Expect(second).To(BeIdenticalTo(first))
	})
})
