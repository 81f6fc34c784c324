package fakes_test

import (
	"fmt"
	"io/fs"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

var _ = Describe("FS", func() {
	var (
		c    *fakes.Clock
		fsys *fakes.FS
	)
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	src := "https://example.com/a.bin#\"v1\""

	BeforeEach(func() {
		c = fakes.NewClock(t0)
		fsys = fakes.NewFS(c)
	})

	Describe("Write and Stat", func() {
		It("records size, segments and the virtual ModTime", func() {
			Expect(c.RunFor(time.Minute)).To(Succeed())
			Expect(fsys.Write("/tmp/a", fakes.Segment{From: 0, To: 100, Source: src},
				fakes.Segment{From: 100, To: 150, Source: "other"})).To(Succeed())
			f, err := fsys.Stat("/tmp/a")
			Expect(err).NotTo(HaveOccurred())
			Expect(f).To(Equal(fakes.File{Path: "/tmp/a", Size: 150, ModTime: t0.Add(time.Minute),
				Segments: []fakes.Segment{{0, 100, src}, {100, 150, "other"}}}))
		})

		It("replaces an existing file", func() {
			Expect(fsys.Write("/a", fakes.Segment{0, 100, src})).To(Succeed())
			Expect(fsys.Write("/a", fakes.Segment{0, 5, "new"})).To(Succeed())
			f, _ := fsys.Stat("/a")
			Expect(f.Size).To(Equal(int64(5)))
			Expect(f.Segments).To(Equal([]fakes.Segment{{0, 5, "new"}}))
		})

		It("writes an empty file with no segments", func() {
			Expect(fsys.Write("/empty")).To(Succeed())
			f, err := fsys.Stat("/empty")
			Expect(err).NotTo(HaveOccurred())
			Expect(f.Size).To(BeZero())
			Expect(f.Segments).To(BeEmpty())
		})

		It("merges neighbouring segments from the same source and drops empty ones", func() {
			Expect(fsys.Write("/a", fakes.Segment{0, 10, src}, fakes.Segment{10, 10, "x"}, fakes.Segment{10, 30, src})).To(Succeed())
			f, _ := fsys.Stat("/a")
			Expect(f.Segments).To(Equal([]fakes.Segment{{0, 30, src}}))
		})

		It("keeps many segments in order, merging only neighbours from the same source", func() {
			Expect(fsys.Write("/m", fakes.Segment{0, 1, "a"}, fakes.Segment{1, 2, "b"}, fakes.Segment{2, 3, "b"},
				fakes.Segment{3, 4, "a"})).To(Succeed())
			Expect(fsys.Append("/m", fakes.Segment{4, 6, "a"})).To(Succeed())
			Expect(fsys.Append("/m", fakes.Segment{6, 7, "c"})).To(Succeed())
			f, _ := fsys.Stat("/m")
			Expect(f.Size).To(Equal(int64(7)))
			Expect(f.Segments).To(Equal([]fakes.Segment{{0, 1, "a"}, {1, 3, "b"}, {3, 6, "a"}, {6, 7, "c"}}))
		})

		It("rejects segments that leave a gap, overlap or run backwards", func() {
			err := fsys.Write("/a", fakes.Segment{0, 10, src}, fakes.Segment{20, 30, src})
			Expect(err).To(MatchError(fs.ErrInvalid))
			Expect(err.Error()).To(Equal("fakes: write /a: segment 1 starts at 20, want 10: invalid argument"))
			Expect(fsys.Write("/a", fakes.Segment{5, 10, src})).To(MatchError(fs.ErrInvalid))
			Expect(fsys.Write("/a", fakes.Segment{0, -1, src})).To(MatchError(fs.ErrInvalid))
			Expect(fsys.Exists("/a")).To(BeFalse())
		})

		It("cleans paths and roots relative ones", func() {
			Expect(fsys.Write("Documents//x/../a.jpg", fakes.Segment{0, 1, src})).To(Succeed())
			Expect(fsys.Exists("/Documents/a.jpg")).To(BeTrue())
			f, _ := fsys.Stat("/Documents/./a.jpg")
			Expect(f.Path).To(Equal("/Documents/a.jpg"))
		})

		It("returns a copy the caller cannot use to change the file", func() {
			Expect(fsys.Write("/a", fakes.Segment{0, 10, src})).To(Succeed())
			f, _ := fsys.Stat("/a")
			f.Segments[0].Source = "tampered"
			g, _ := fsys.Open("/a")
			Expect(g.Segments[0].Source).To(Equal(src))
		})

		It("fails Stat and Open of a missing file with fs.ErrNotExist", func() {
			_, err := fsys.Stat("/x")
			Expect(err).To(MatchError(fs.ErrNotExist))
			Expect(err.Error()).To(Equal("fakes: stat /x: file does not exist"))
			_, err = fsys.Open("/x")
			Expect(err).To(MatchError(fs.ErrNotExist))
			Expect(err.Error()).To(Equal("fakes: open /x: file does not exist"))
		})

		It("creates parent directories and refuses to treat files and directories as each other", func() {
			Expect(fsys.Write("/d/e/f", fakes.Segment{0, 1, src})).To(Succeed())
			Expect(fsys.Exists("/d")).To(BeTrue())
			Expect(fsys.Exists("/d/e")).To(BeTrue())
			Expect(fsys.Write("/d/e", fakes.Segment{0, 1, src})).To(MatchError(fakes.ErrIsDir))
			err := fsys.Write("/d/e/f/g", fakes.Segment{0, 1, src})
			Expect(err).To(MatchError(fakes.ErrNotDir))
			Expect(err.Error()).To(Equal("fakes: write /d/e/f/g: /d/e/f: not a directory"))
			_, err = fsys.Stat("/d")
			Expect(err).To(MatchError(fakes.ErrIsDir))
		})
	})

	Describe("WriteDownload", func() {
		const u = "https://example.com/a.bin"

		It("writes what Write writes with the download's source, ETag after a #", func() {
			Expect(c.RunFor(time.Second)).To(Succeed())
			Expect(fsys.WriteDownload("/tmp/d", 100, u, `"v1"`)).To(Succeed())
			Expect(fsys.Write("/tmp/w", fakes.Segment{From: 0, To: 100, Source: fakes.DownloadSource(u, `"v1"`)})).To(Succeed())
			d, err := fsys.Stat("/tmp/d")
			Expect(err).NotTo(HaveOccurred())
			w, _ := fsys.Stat("/tmp/w")
			Expect(fakes.DownloadSource(u, `"v1"`)).To(Equal(src))
			Expect(d).To(Equal(fakes.File{Path: "/tmp/d", Size: 100, ModTime: t0.Add(time.Second), Segments: []fakes.Segment{{0, 100, src}}}))
			Expect(d.Segments).To(Equal(w.Segments))
		})

		It("names the source by the URL alone when there is no validator, and writes no segment for no bytes", func() {
			Expect(fsys.WriteDownload("/a", 7, u, "")).To(Succeed())
			Expect(fsys.WriteDownload("/empty", 0, u, `"v1"`)).To(Succeed())
			a, _ := fsys.Stat("/a")
			Expect(a.Segments).To(Equal([]fakes.Segment{{0, 7, u}}))
			e, _ := fsys.Stat("/empty")
			Expect(e.Size).To(BeZero())
			Expect(e.Segments).To(BeEmpty())
		})

		It("merges what is appended from the same source, however its text is split", func() {
			Expect(fsys.WriteDownload("/a", 10, u, `"v1"`)).To(Succeed())
			Expect(fsys.Append("/a", fakes.Segment{From: 10, To: 30, Source: src})).To(Succeed())
			Expect(fsys.Append("/a", fakes.Segment{From: 30, To: 40, Source: u + "#\"v2\""})).To(Succeed())
			Expect(fsys.Append("/a", fakes.Segment{From: 40, To: 45, Source: u + "#\"v2\""})).To(Succeed())
			f, _ := fsys.Stat("/a")
			Expect(f.Size).To(Equal(int64(45)))
			Expect(f.Segments).To(Equal([]fakes.Segment{{0, 30, src}, {30, 45, u + "#\"v2\""}}))
		})

		It("refuses a negative size", func() {
			Expect(fsys.WriteDownload("/a", -1, u, "")).To(MatchError(fs.ErrInvalid))
			Expect(fsys.Exists("/a")).To(BeFalse())
		})
	})

	Describe("Append", func() {
		It("extends the file at its end and updates ModTime", func() {
			Expect(fsys.Write("/part", fakes.Segment{0, 5000, src})).To(Succeed())
			Expect(c.RunFor(time.Second)).To(Succeed())
			Expect(fsys.Append("/part", fakes.Segment{5000, 9000, src})).To(Succeed())
			Expect(fsys.Append("/part", fakes.Segment{9000, 9500, "v2"})).To(Succeed())
			f, _ := fsys.Stat("/part")
			Expect(f.Size).To(Equal(int64(9500)))
			Expect(f.Segments).To(Equal([]fakes.Segment{{0, 9000, src}, {9000, 9500, "v2"}}))
			Expect(f.ModTime).To(Equal(t0.Add(time.Second)))
		})

		It("rejects a segment that does not start at the end", func() {
			Expect(fsys.Write("/part", fakes.Segment{0, 5000, src})).To(Succeed())
			Expect(fsys.Append("/part", fakes.Segment{4000, 9000, src})).To(MatchError(fs.ErrInvalid))
			f, _ := fsys.Stat("/part")
			Expect(f.Size).To(Equal(int64(5000)))
		})

		It("fails on a missing file", func() {
			err := fsys.Append("/gone", fakes.Segment{0, 1, src})
			Expect(err).To(MatchError(fs.ErrNotExist))
			Expect(err.Error()).To(Equal("fakes: append /gone: file does not exist"))
		})
	})

	Describe("Rename", func() {
		BeforeEach(func() {
			Expect(fsys.Write("/tmp/CFNetworkDownload_000001.tmp", fakes.Segment{0, 10, src})).To(Succeed())
		})

		It("moves the file, keeping its content and ModTime", func() {
			Expect(c.RunFor(time.Hour)).To(Succeed())
			Expect(fsys.Rename("/tmp/CFNetworkDownload_000001.tmp", "/Documents/a.bin")).To(Succeed())
			Expect(fsys.Exists("/tmp/CFNetworkDownload_000001.tmp")).To(BeFalse())
			f, err := fsys.Stat("/Documents/a.bin")
			Expect(err).NotTo(HaveOccurred())
			Expect(f).To(Equal(fakes.File{Path: "/Documents/a.bin", Size: 10, ModTime: t0,
				Segments: []fakes.Segment{{0, 10, src}}}))
		})

		It("replaces an existing destination", func() {
			Expect(fsys.Write("/dst", fakes.Segment{0, 99, "old"})).To(Succeed())
			Expect(fsys.Rename("/tmp/CFNetworkDownload_000001.tmp", "/dst")).To(Succeed())
			f, _ := fsys.Stat("/dst")
			Expect(f.Size).To(Equal(int64(10)))
			Expect(fsys.List("/")).To(Equal([]string{"/dst"}))
		})

		It("fails when the source is missing", func() {
			err := fsys.Rename("/nope", "/dst")
			Expect(err).To(MatchError(fs.ErrNotExist))
			Expect(err.Error()).To(Equal("fakes: rename /nope /dst: file does not exist"))
			Expect(fsys.Exists("/dst")).To(BeFalse())
		})

		It("refuses directories on either side and is a no-op onto itself", func() {
			Expect(fsys.Rename("/tmp", "/t2")).To(MatchError(fakes.ErrIsDir))
			Expect(fsys.Rename("/tmp/CFNetworkDownload_000001.tmp", "/tmp")).To(MatchError(fakes.ErrIsDir))
			Expect(fsys.Rename("/tmp/CFNetworkDownload_000001.tmp", "/tmp/CFNetworkDownload_000001.tmp")).To(Succeed())
			Expect(fsys.Exists("/tmp/CFNetworkDownload_000001.tmp")).To(BeTrue())
		})
	})

	Describe("Remove and Exists", func() {
		It("removes files, then empty directories", func() {
			Expect(fsys.Write("/d/f", fakes.Segment{0, 1, src})).To(Succeed())
			Expect(fsys.Remove("/d")).To(MatchError(fakes.ErrNotEmpty))
			Expect(fsys.Remove("/d/f")).To(Succeed())
			Expect(fsys.Exists("/d/f")).To(BeFalse())
			Expect(fsys.Exists("/d")).To(BeTrue())
			Expect(fsys.Remove("/d")).To(Succeed())
			Expect(fsys.Exists("/d")).To(BeFalse())
		})

		It("fails on a missing path and on the root", func() {
			err := fsys.Remove("/x")
			Expect(err).To(MatchError(fs.ErrNotExist))
			Expect(err.Error()).To(Equal("fakes: remove /x: file does not exist"))
			Expect(fsys.Remove("/")).To(MatchError(fs.ErrPermission))
			Expect(fsys.Exists("/")).To(BeTrue())
		})

		It("keeps a directory that still has a subdirectory", func() {
			Expect(fsys.Write("/a/b/c", fakes.Segment{0, 1, src})).To(Succeed())
			Expect(fsys.Remove("/a/b/c")).To(Succeed())
			Expect(fsys.Remove("/a")).To(MatchError(fakes.ErrNotEmpty))
		})
	})

	Describe("List", func() {
		It("lists files under a directory, at any depth, sorted", func() {
			for _, p := range []string{"/b/z", "/a/2", "/a/10", "/a/sub/x", "/ab", "/a/1"} {
				Expect(fsys.Write(p, fakes.Segment{0, 1, src})).To(Succeed())
			}
			Expect(fsys.List("/a")).To(Equal([]string{"/a/1", "/a/10", "/a/2", "/a/sub/x"}))
			Expect(fsys.List("a/")).To(Equal([]string{"/a/1", "/a/10", "/a/2", "/a/sub/x"}))
			Expect(fsys.List("/")).To(Equal([]string{"/a/1", "/a/10", "/a/2", "/a/sub/x", "/ab", "/b/z"}))
			Expect(fsys.List("/missing")).To(BeEmpty())
		})
	})

	Describe("TempName", func() {
		It("hands out deterministic, unique names", func() {
			Expect(fsys.TempName("CFNetworkDownload_")).To(Equal("CFNetworkDownload_000001.tmp"))
			Expect(fsys.TempName("CFNetworkDownload_")).To(Equal("CFNetworkDownload_000002.tmp"))
			seen := map[string]bool{}
			for range 2000 {
				name := fsys.TempName("x")
				Expect(seen).NotTo(HaveKey(name))
				seen[name] = true
			}
			Expect(fakes.NewFS(c).TempName("CFNetworkDownload_")).To(Equal("CFNetworkDownload_000001.tmp"))
		})

		It("pads the counter to six digits and no further", func() {
			for n := 1; n <= 1_200_000; n++ {
				name := fsys.TempName("/tmp/t_")
				if n%99_999 == 1 || n == 999_999 || n == 1_000_000 {
					Expect(name).To(Equal(fmt.Sprintf("/tmp/t_%06d.tmp", n)))
				}
			}
		})
	})
})
