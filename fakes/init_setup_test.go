package fakes_test

import (
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
})
