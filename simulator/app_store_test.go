package simulator_test

import (
	"io/fs"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

var _ = Describe("the app's Files().CheckReadable", func() {
	It("fails as Open does where Open fails, and succeeds where Open succeeds", func() {
		type result struct{ checkErr, openErr error }
		results := map[string]result{}
		paths := []string{"/Documents/a.png", "/Documents/missing.png", "/Documents"}
		h := &hApp{launch: func(app appmodel.App) {
			Expect(appmodel.WriteFileOfSize(app.Files(), "/Documents/a.png", 10)).To(Succeed())
			for _, p := range paths {
				_, openErr := app.Files().Open(p)
				results[p] = result{app.Files().CheckReadable(p), openErr}
			}
		}}
		sim := hNew(simulator.Config{}, h)
		Expect(sim.Launch()).To(Succeed())
		Expect(results).To(HaveLen(len(paths)))
		Expect(results["/Documents/a.png"].checkErr).NotTo(HaveOccurred())
		Expect(results["/Documents/missing.png"].checkErr).To(MatchError(fs.ErrNotExist))
		Expect(results["/Documents"].checkErr).To(MatchError(fakes.ErrIsDir))
		for p, r := range results {
			if r.openErr == nil {
				Expect(r.checkErr).NotTo(HaveOccurred(), p)
				continue
			}
			Expect(r.checkErr).To(MatchError(r.openErr.Error()), p)
		}
	})

	It("refuses a call from another goroutine and says so", func() {
		var (
			wg  sync.WaitGroup
			err error
		)
		h := &hApp{launch: func(app appmodel.App) {
			Expect(appmodel.WriteFileOfSize(app.Files(), "/Documents/a.png", 10)).To(Succeed())
			wg.Add(1)
			go func() {
				defer wg.Done()
				err = app.Files().CheckReadable("/Documents/a.png")
			}()
			wg.Wait()
		}}
		sim := hNew(simulator.Config{}, h)
		Expect(sim.Launch()).To(Succeed())
		Expect(sim.RunFor(time.Second)).To(Succeed())
		Expect(err).To(MatchError(ContainSubstring("open /Documents/a.png")))
		Expect(hViolations(sim, "Files().CheckReadable")).To(HaveLen(1))
	})
})
