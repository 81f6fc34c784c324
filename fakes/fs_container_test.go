package fakes_test

import (
	"errors"
	"io/fs"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

var _ = Describe("FS container home", func() {
	const (
		home1 = "/var/mobile/Containers/Data/Application/AAAA"
		home2 = "/var/mobile/Containers/Data/Application/BBBB"
	)
	var fsys *fakes.FS
	BeforeEach(func() {
		fsys = fakes.NewFS(fakes.NewClock(netStart))
		fsys.SetHome(home1)
		Expect(fsys.Write("/Documents/a.png", fakes.Segment{From: 0, To: 10, Source: "x"})).To(Succeed())
	})

	It("resolves a path under the home directory and one from the container's root to the same file", func() {
		Expect(fsys.HomeDirectory()).To(Equal(home1))
		f, err := fsys.Open(home1 + "/Documents/a.png")
		Expect(err).NotTo(HaveOccurred())
		Expect(f.Path).To(Equal("/Documents/a.png"))
		Expect(fsys.Exists("Documents/a.png")).To(BeTrue())
		Expect(fsys.List(home1 + "/Documents")).To(Equal([]string{"/Documents/a.png"}))
	})

	It("keeps the files when the container moves, but a path under the old home no longer resolves for any operation", func() {
		old := home1 + "/Documents/a.png"
		fsys.SetHome(home2)
		Expect(fsys.Exists(home2 + "/Documents/a.png")).To(BeTrue())
		Expect(fsys.Exists("/Documents/a.png")).To(BeTrue())
		Expect(fsys.Exists(old)).To(BeFalse())
		_, err := fsys.Open(old)
		Expect(err).To(MatchError(fs.ErrNotExist))
		Expect(err.Error()).To(ContainSubstring("the container moved to " + home2))
		Expect(fsys.Write(home1 + "/Documents/b.png")).To(MatchError(fs.ErrNotExist))
		Expect(fsys.Rename(old, "/Documents/c.png")).To(MatchError(fs.ErrNotExist))
		Expect(fsys.Remove(old)).To(MatchError(fs.ErrNotExist))
		Expect(fsys.List(home1)).To(BeEmpty())
	})

	It("has CheckReadable fail exactly as Open does, and succeed where Open does", func() {
		Expect(fsys.WriteDownload("/tmp/CFNetworkDownload_000001.tmp", 7, "https://example.com/b", `"e1"`)).To(Succeed())
		fsys.SetHome(home2)
		paths := []string{
			"/Documents/a.png", "Documents/a.png", "Documents//./a.png", home2 + "/Documents/a.png",
			home1 + "/Documents/a.png", home1, "/Documents", "/", "", "/Documents/b.png",
			"/Documents/a.png/x", "/tmp/CFNetworkDownload_000001.tmp", "/tmp/CFNetworkDownload_000002.tmp",
			home2 + "/../BBBB/Documents/a.png", "../Documents/a.png",
		}
		readable := 0
		for _, p := range paths {
			_, openErr := fsys.Open(p)
			err := fsys.CheckReadable(p)
			if openErr == nil {
				Expect(err).NotTo(HaveOccurred(), p)
				readable++
				continue
			}
			Expect(err).To(HaveOccurred(), p)
			Expect(err.Error()).To(Equal(openErr.Error()), p)
			for _, target := range []error{fs.ErrNotExist, fakes.ErrIsDir} {
				Expect(errors.Is(err, target)).To(Equal(errors.Is(openErr, target)), p)
			}
		}
		Expect(readable).To(Equal(7)) // a.png by six of its names, and the download
	})

	It("changes nothing when the same home is set again", func() {
		fsys.SetHome(home1 + "/")
		Expect(fsys.Exists(home1 + "/Documents/a.png")).To(BeTrue())
	})
})
