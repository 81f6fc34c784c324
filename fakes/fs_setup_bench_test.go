package fakes_test

import (
	"testing"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// BenchmarkFSDownloadLands is what a walkthrough asks of its container
// for one download: the daemon lands it at a temporary name, the app
// checks for an older copy, moves the new one into Documents and opens it.
func BenchmarkFSDownloadLands(b *testing.B) {
	b.ReportAllocs()
	c := fakes.NewClock(time.Unix(0, 0))
	for b.Loop() {
		fsys := fakes.NewFS(c)
		tmp := fsys.TempName("/tmp/CFNetworkDownload_")
		if err := fsys.WriteDownload(tmp, 30_000_000, "https://images.example.com/monkey.png", `"v1"`); err != nil {
			b.Fatal(err)
		}
		if fsys.Exists("/Documents/monkey.png") {
			b.Fatal("a new FS has the file already")
		}
		if err := fsys.Rename(tmp, "/Documents/monkey.png"); err != nil {
			b.Fatal(err)
		}
		if _, err := fsys.Open("/Documents/monkey.png"); err != nil {
			b.Fatal(err)
		}
	}
}
