package simulator_test

import (
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

type tagDel struct {
	appmodel.SessionDelegateBase
	tag string
	got *[]string
}

func (d *tagDel) DidCompleteWithError(s appmodel.Session, t appmodel.Task, e *appmodel.URLError) {
	*d.got = append(*d.got, d.tag)
}

type twoApp struct {
	appmodel.AppDelegateBase
	got *[]string
}

func (a *twoApp) FinishedLaunching(app appmodel.App, o appmodel.LaunchOptions) {
	s1 := app.NewSession(appmodel.BackgroundSessionConfig("s.bg"), &tagDel{tag: "first", got: a.got})
	_ = s1
	s2 := app.NewSession(appmodel.BackgroundSessionConfig("s.bg"), &tagDel{tag: "second", got: a.got})
	s2.DownloadTask(appmodel.Request{URL: "https://x.example.com/a"}).Resume()
}

func TestScrTwoSessions(t *testing.T) {
	var got []string
	s := simulator.New(simulator.Config{})
	_ = s.Network().AddResource("https://x.example.com/a", fakes.Resource{Size: 2_000_000})
	s.Install(func() appmodel.AppDelegate { return &twoApp{got: &got} })
	_ = s.Launch()
	_ = s.RunFor(time.Minute)
	t.Log(got)
}
