package explore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// stitcher is a test-only app model with the mistake the files property
// is for. It keeps the file it downloaded and, when it downloads the
// resource again, keeps the first half of the file it had and takes only
// the rest from the new download: a resume made by hand, which trusts that
// the content did not change and checks no validator (R-G1). When the
// server published a new content in between, the file mixes two versions.
// With patch off it moves each download in place, as it should.
type stitcher struct {
	appmodel.AppDelegateBase
	patch   bool
	sess    appmodel.Session
	handler func()
}

type stitchDelegate struct {
	appmodel.SessionDelegateBase
	app *stitcher
	a   appmodel.App
}

const (
	stitchURL  = "https://cdn.example.com/data.bin"
	stitchDest = "/Documents/data.bin"
)

func init() {
	scenarios.Register("explore-stitcher", func() appmodel.AppDelegate { return &stitcher{patch: true} })
	scenarios.Register("explore-stitcher-fixed", func() appmodel.AppDelegate { return &stitcher{} })
}

// FinishedLaunching reconnects to the background session (R-I3).
func (s *stitcher) FinishedLaunching(app appmodel.App, _ appmodel.LaunchOptions) {
	s.sess = app.NewSession(appmodel.BackgroundSessionConfig("com.example.stitch"), &stitchDelegate{app: s, a: app})
}

// OnActivated downloads the resource again unless a download runs.
func (s *stitcher) OnActivated(app appmodel.App) {
	s.sess.GetAllTasks(func(ts []appmodel.Task) {
		if len(ts) == 0 {
			t := s.sess.DownloadTask(appmodel.Request{URL: stitchURL})
			t.SetTaskDescription("data")
			t.Resume()
		}
	})
}

// HandleEventsForBackgroundURL keeps the completion handler for later.
func (s *stitcher) HandleEventsForBackgroundURL(_ appmodel.App, _ string, done func()) {
	s.handler = done
}

// DidFinishEventsForBackgroundSession calls it, on the main thread (R-D4).
func (d *stitchDelegate) DidFinishEventsForBackgroundSession(appmodel.Session) {
	if h := d.app.handler; h != nil {
		d.app.handler = nil
		d.a.InvokeOnMainThread(h)
	}
}

func (d *stitchDelegate) DidFinishDownloading(_ appmodel.Session, _ appmodel.Task, location string) {
	files := d.a.Files()
	got, err := files.Open(location)
	had, errHad := files.Stat(stitchDest)
	if !d.app.patch || err != nil || errHad != nil || had.Size == 0 {
		_ = files.Rename(location, stitchDest)
		return
	}
	half := min(had.Size, got.Size) / 2
	segs := append(clip(had.Segments, 0, half), clip(got.Segments, half, got.Size)...)
	_ = files.Write(stitchDest, segs...)
}

// clip is the part of segs within [from, to).
func clip(segs []fakes.Segment, from, to int64) []fakes.Segment {
	var out []fakes.Segment
	for _, s := range segs {
		if a, b := max(s.From, from), min(s.To, to); a < b {
			out = append(out, fakes.Segment{From: a, To: b, Source: s.Source})
		}
	}
	return out
}

func stitchScenario(t *testing.T, app string) *scenarios.Scenario {
	t.Helper()
	src := `name: stitch
app: {go: ` + app + `}
network:
  resources:
    - {url: ` + stitchURL + `, size: 2MB, etag: '"v1"', ranges: true}
steps:
  - {do: launch, note: the app downloads the data}
  - {do: run-for, for: 1m}
  - {do: home}
  - {do: run-for, for: 1m}
`
	s, err := scenarios.Parse("stitch.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var stitchTroubles = []explore.Trouble{explore.TroubleContent, explore.TroubleFaults, explore.TroubleUser}

// An app that stitches a download to the one it had breaks the files
// property once the content changed in between (the explorer's content
// trouble); the same app moving each download in place breaks nothing
// over the same seeds, though those seeds met the same new contents.
func TestFilesPropertyFindsAFileOfTwoVersions(t *testing.T) {
	seeds := explore.Seeds{First: 1, Last: 200}
	bad, err := explore.Run(explore.Target{Scenario: stitchScenario(t, "explore-stitcher")},
		explore.Options{Seeds: seeds, Troubles: stitchTroubles, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if bad.Failed[explore.PropFiles] == 0 {
		t.Fatalf("no seed broke %s: %+v", explore.PropFiles, bad.Failed)
	}
	for _, f := range bad.Failures {
		if f.Property != explore.PropFiles {
			t.Errorf("seed %d broke %s, not %s: %s", f.Seed, f.Property, explore.PropFiles, f.Message)
			continue
		}
		if !strings.Contains(f.Message, stitchDest) || !strings.Contains(f.Message, "mixes bytes of") {
			t.Errorf("seed %d: the message does not name the mixed file: %s", f.Seed, f.Message)
		}
		if f.MinimalActions == 0 || f.MinimalActions > 2 {
			t.Errorf("seed %d: shrunk to %d actions, want the content change alone (1, or 2 with what starts the second download)", f.Seed, f.MinimalActions)
		}
		if !slices.Contains(f.Troubles, explore.TroubleContent) {
			t.Errorf("seed %d broke files without a content change: %v", f.Seed, f.Troubles)
		}
	}
	t.Logf("%d of %d seeds broke files; first: seed %d: %s", bad.Failed[explore.PropFiles], bad.Runs, bad.Failures[0].Seed, bad.Failures[0].Message)

	good, err := explore.Run(explore.Target{Scenario: stitchScenario(t, "explore-stitcher-fixed")},
		explore.Options{Seeds: seeds, Troubles: stitchTroubles, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range good.Failures {
		t.Errorf("the fixed app: seed %d broke %s: %s", f.Seed, f.Property, f.Message)
	}
	if c := good.Coverage.Files; c.Checked < good.Runs || c.Republished == 0 {
		t.Errorf("the fixed app's files were not put to the test: %+v over %d seeds", c, good.Runs)
	}
}
