package simulator_test

import (
	"strings"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

func TestParseNames(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want simulator.Names
	}{{"xamarin", simulator.NamesXamarin}, {"swift", simulator.NamesSwift}, {"Both", simulator.NamesBoth}} {
		got, err := simulator.ParseNames(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseNames(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if !strings.EqualFold(got.String(), tc.in) {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tc.in)
		}
	}
	if _, err := simulator.ParseNames("kotlin"); err == nil || !strings.Contains(err.Error(), "xamarin, swift, both") {
		t.Errorf("ParseNames(kotlin) error = %v, want one listing the choices", err)
	}
	var n simulator.Names
	if err := n.Set("swift"); err != nil || n != simulator.NamesSwift {
		t.Errorf("Set(swift) = %v, names %v", err, n)
	}
	if err := n.Set("nope"); err == nil || n != simulator.NamesSwift {
		t.Errorf("Set(nope) = %v, names %v; want an error and the value kept", err, n)
	}
}

func TestNamesCallback(t *testing.T) {
	c := simulator.CbFinishedLaunching
	for _, tc := range []struct {
		n    simulator.Names
		want string
	}{
		{simulator.NamesXamarin, "FinishedLaunching"},
		{simulator.NamesSwift, "application(_:didFinishLaunchingWithOptions:)"},
		{simulator.NamesBoth, "FinishedLaunching / application(_:didFinishLaunchingWithOptions:)"},
	} {
		if got := tc.n.Callback(c); got != tc.want {
			t.Errorf("%v.Callback = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := simulator.NamesBoth.Callback("Custom"); got != "Custom" {
		t.Errorf("an unknown callback under both = %q, want it as it is", got)
	}
}

func TestNamesRewriteWholeWordsOnly(t *testing.T) {
	in := "iOS calls WillEnterForeground, then OnActivated; not OnActivatedLater."
	want := "iOS calls applicationWillEnterForeground(_:), then applicationDidBecomeActive(_:); not OnActivatedLater."
	if got := simulator.NamesSwift.Rewrite(in); got != want {
		t.Errorf("Rewrite =\n%q\nwant\n%q", got, want)
	}
	if got := simulator.NamesXamarin.Rewrite(in); got != in {
		t.Errorf("Xamarin Rewrite changed the text: %q", got)
	}
}

func TestRenderTextNames(t *testing.T) {
	ev := []simulator.Event{{Kind: simulator.KindSessionCallback, Actor: simulator.ActorApp,
		Callback: simulator.CbDidFinishDownloading, Task: 1, Detail: "file tmp/1", Queue: "delegate"}}
	var b strings.Builder
	if err := simulator.RenderText(&b, ev, simulator.TextOptions{Narrate: true, Names: simulator.NamesSwift}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "urlSession(_:downloadTask:didFinishDownloadingTo:) task 1: file tmp/1 on delegate") {
		t.Errorf("the event line does not use the Swift name:\n%s", out)
	}
	if strings.Contains(out, "DidFinishDownloading") {
		t.Errorf("the Xamarin name is left somewhere:\n%s", out)
	}
}
