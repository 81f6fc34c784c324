package fakes_test

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

// A simulator holds its clock, file system and network inside one value
// and makes them in place with Init; these specs hold Init to what the
// New functions make, and to dropping whatever was there before.
var _ = Describe("Init", func() {
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)

	// world is the kind of value a simulator makes: the fakes as fields.
	type world struct {
		clock fakes.Clock
		files fakes.FS
		net   fakes.Network
	}

	It("makes fakes in place that work as the New functions' do", func() {
		var w world
		c := w.clock.Init(t0)
		Expect(c).To(BeIdenticalTo(&w.clock))
		fsys := w.files.Init(c)
		Expect(fsys).To(BeIdenticalTo(&w.files))
		n := w.net.Init(c, fakes.Link{Bandwidth: 1000})
		Expect(n).To(BeIdenticalTo(&w.net))

		Expect(c.Now()).To(Equal(t0))
		Expect(c.Budget()).To(Equal(fakes.DefaultBudget))
		fired := 0
		for i := range 20 { // more than a clock's first arrays hold
			c.After(time.Duration(i)*time.Second, func() { fired++ })
		}
		Expect(c.RunFor(time.Minute)).To(Succeed())
		Expect(fired).To(Equal(20))

		Expect(fsys.Write("/a/b/c/d/e.bin", fakes.Segment{From: 0, To: 10, Source: "x"})).To(Succeed())
		Expect(fsys.Exists("/a/b/c/d")).To(BeTrue())
		f, err := fsys.Stat("/a/b/c/d/e.bin")
		Expect(err).NotTo(HaveOccurred())
		Expect(f.ModTime).To(Equal(t0.Add(time.Minute)))

		Expect(n.AddResource("https://example.com/a", fakes.Resource{Size: 5})).To(Succeed())
		Expect(n.Link()).To(Equal(fakes.Link{Bandwidth: 1000}))
		r, ok := n.Resource("https://example.com/a")
		Expect(ok).To(BeTrue())
		Expect(r.Size).To(Equal(int64(5)))
	})

	It("drops what a clock, a file system and a network in use held", func() {
		c := fakes.NewClock(t0)
		fired := false
		c.After(time.Second, func() { fired = true })
		Expect(c.RunFor(time.Millisecond)).To(Succeed())
		fsys := fakes.NewFS(c)
		Expect(fsys.Write("/Documents/a", fakes.Segment{From: 0, To: 1, Source: "x"})).To(Succeed())
		n := fakes.NewNetwork(c, fakes.Link{Kind: fakes.Offline})
		Expect(n.AddResource("https://example.com/a", fakes.Resource{Size: 5})).To(Succeed())

		c.Init(t1)
		Expect(c.Now()).To(Equal(t1))
		Expect(c.Pending()).To(BeZero())
		Expect(c.Fired()).To(BeZero())
		Expect(c.RunFor(time.Minute)).To(Succeed())
		Expect(fired).To(BeFalse())

		fsys.Init(c)
		Expect(fsys.Exists("/Documents/a")).To(BeFalse())
		Expect(fsys.Exists("/Documents")).To(BeFalse())
		Expect(fsys.Exists("/")).To(BeTrue())

		n.Init(c, fakes.Link{Bandwidth: 7})
		Expect(n.Link()).To(Equal(fakes.Link{Bandwidth: 7}))
		_, ok := n.Resource("https://example.com/a")
		Expect(ok).To(BeFalse())
	})

	// play is a short run on w, made anew: two downloads sharing the link
	// and landing in temporary files, as a simulator's run does; it
	// returns what happened when.
	play := func(w *world) []string {
		c := w.clock.Init(t0)
		fsys, n := w.files.Init(c), w.net.Init(c, fakes.Link{Bandwidth: 1000, Latency: 100 * time.Millisecond})
		var log []string
		for i, size := range []int64{3000, 1000} {
			url := fmt.Sprintf("https://example.com/%d", i)
			Expect(n.AddResource(url, fakes.Resource{Size: size})).To(Succeed())
			c.After(time.Duration(i)*time.Second, func() {
				var x *fakes.Transfer
				x = n.Start(fakes.Request{URL: url}, fakes.Handler{Done: func(err error) {
					name := fsys.TempName("/tmp/CFNetworkDownload_")
					Expect(fsys.WriteDownload(name, x.Received(), url, "")).To(Succeed())
					log = append(log, fmt.Sprint(fakes.FormatOffset(c.Elapsed()), " ", url, " ", err, " ", name))
				}})
			})
		}
		Expect(c.RunFor(time.Minute)).To(Succeed())
		return append(log, fmt.Sprint(fsys.List("/tmp")))
	}

	It("plays a run on fakes made anew, run after run, as on new ones", func() {
		var fresh world
		want := play(&fresh)
		Expect(want).To(HaveLen(3))
		var w world
		for range 3 { // the first on zero fakes, then on those of the run before
			Expect(play(&w)).To(Equal(want))
		}
	})
})
