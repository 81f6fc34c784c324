package fakes_test

import (
	"testing"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// BenchmarkFSDownloadLands is what a walkthrough asks of its container
// for one download, in its order: the container gets its home directory,
// the daemon lands the download at a temporary name, the app moves it
// into Documents, the daemon looks for what is left at the name, and the
// app checks the file can be read by its absolute path.
func BenchmarkFSDownloadLands(b *testing.B) {
	b.ReportAllocs()
	c := fakes.NewClock(time.Unix(0, 0))
	const home = "/var/mobile/Containers/Data/Application/FD4407DA-B437-4B92-8A33-B0207A5B54D4"
	saved := home + "/Documents/monkey.png" // as the app builds it
	for b.Loop() {
		fsys := fakes.NewFS(c)
		fsys.SetHome(home)
		tmp := fsys.TempName("/tmp/CFNetworkDownload_")
		if err := fsys.WriteDownload(tmp, 30_000_000, "https://images.example.com/monkey.png", `"v1"`); err != nil {
			b.Fatal(err)
		}
		if err := fsys.Rename(tmp, "/Documents/monkey.png"); err != nil {
			b.Fatal(err)
		}
		if fsys.Exists(tmp) {
			b.Fatal("the temporary name still holds the download")
		}
		if err := fsys.CheckReadable(saved); err != nil {
			b.Fatal(err)
		}
	}
}
