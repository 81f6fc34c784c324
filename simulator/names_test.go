package simulator_test

import (
	"slices"
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

// Two callbacks' values, the appmodel method names the trace writes,
// are not their Xamarin.iOS names: renderers show the Xamarin ones.
func TestCallbackXamarinNames(t *testing.T) {
	for c, want := range map[simulator.Callback]string{
		simulator.CbHandleEventsForBackgroundURL: "HandleEventsForBackgroundUrl",
		simulator.CbDidBecomeInvalidWithError:    "DidBecomeInvalid",
		simulator.CbDidFinishDownloading:         "DidFinishDownloading",
		simulator.CbFinishedLaunching:            "FinishedLaunching",
	} {
		if got := c.Xamarin(); got != want {
			t.Errorf("%s.Xamarin() = %q, want %q", c, got, want)
		}
		if got := simulator.NamesXamarin.Callback(c); got != want {
			t.Errorf("NamesXamarin.Callback(%s) = %q, want %q", c, got, want)
		}
	}
	if got := simulator.NamesBoth.Callback(simulator.CbDidBecomeInvalidWithError); got != "DidBecomeInvalid / urlSession(_:didBecomeInvalidWithError:)" {
		t.Errorf("both = %q", got)
	}
	in := "HandleEventsForBackgroundURL session s on main; DidBecomeInvalidWithError(nil)"
	if got, want := simulator.NamesXamarin.Rewrite(in), "HandleEventsForBackgroundUrl session s on main; DidBecomeInvalid(nil)"; got != want {
		t.Errorf("Xamarin Rewrite = %q, want %q", got, want)
	}
	// A text already in Xamarin names reads the same in Swift as one in
	// the trace's names.
	if got, want := simulator.NamesSwift.Rewrite("HandleEventsForBackgroundUrl"), simulator.CbHandleEventsForBackgroundURL.Swift(); got != want {
		t.Errorf("Swift Rewrite of the Xamarin name = %q, want %q", got, want)
	}
	ev := []simulator.Event{{Kind: simulator.KindAppCallback, Actor: simulator.ActorApp,
		Callback: simulator.CbHandleEventsForBackgroundURL, Session: "s", Queue: "main"}}
	var b strings.Builder
	if err := simulator.RenderText(&b, ev, simulator.TextOptions{Narrate: true}); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.Contains(out, "HandleEventsForBackgroundURL") || !strings.Contains(out, "HandleEventsForBackgroundUrl session s on main") {
		t.Errorf("the timeline does not use the Xamarin name:\n%s", out)
	}
}

func TestParseCallback(t *testing.T) {
	for _, c := range simulator.Callbacks() {
		for _, name := range []string{string(c), c.Xamarin(), c.Swift()} {
			if got, ok := simulator.ParseCallback(name); !ok || got != c {
				t.Errorf("ParseCallback(%q) = %q, %v; want %q", name, got, ok, c)
			}
		}
	}
	for _, name := range []string{"", "handleEventsForBackgroundURL", "HandleEvents", "DidBecomeInvalidWithErrors"} {
		if got, ok := simulator.ParseCallback(name); ok {
			t.Errorf("ParseCallback(%q) = %q, want none", name, got)
		}
	}
	names := simulator.CallbackNames()
	for _, want := range []string{"HandleEventsForBackgroundURL", "HandleEventsForBackgroundUrl", "DidBecomeInvalid",
		"application(_:handleEventsForBackgroundURLSession:completionHandler:)"} {
		if !slices.Contains(names, want) {
			t.Errorf("CallbackNames() lacks %q", want)
		}
	}
}

// The texts name platform methods that are not callbacks by the appmodel
// method (a Go name): renderers show the Xamarin or Swift method instead.
func TestNamesRewritePlatformMethods(t *testing.T) {
	for _, tc := range []struct {
		in, xamarin, swift string
	}{
		{"Fix: Go through InvokeOnMainThread.", "Fix: Go through InvokeOnMainThread.", "Fix: Go through DispatchQueue.main.async."},
		{"DownloadTask on an invalidated session object", "CreateDownloadTask on an invalidated session object",
			"downloadTask(with:) on an invalidated session object"},
		{"DownloadTaskWithResumeData(nil): the resume data is nil", "CreateDownloadTaskFromResumeData(nil): the resume data is nil",
			"downloadTask(withResumeData:) (nil): the resume data is nil"},
		{"only when getAllTasks comes back empty", "only when GetAllTasks comes back empty", "only when getAllTasks(completionHandler:) comes back empty"},
		// Properties: Xamarin's spelling, or Swift's lower-case one, in either text.
		{"with sessionSendsLaunchEvents off", "with SessionSendsLaunchEvents off", "with sessionSendsLaunchEvents off"},
		{"waits for its EarliestBeginDate", "waits for its EarliestBeginDate", "waits for its earliestBeginDate"},
		{"TimeoutIntervalForResource 10m0s passed", "TimeoutIntervalForResource 10m0s passed", "timeoutIntervalForResource 10m0s passed"},
		{"its TaskDescription, or user defaults", "its TaskDescription, or user defaults", "its taskDescription, or user defaults"},
		// The app's words stay: a quoted description, an identifier, a URL.
		{`task 1 "DataTask" of com.example.UploadTask from https://x.example/DownloadTask`,
			`task 1 "DataTask" of com.example.UploadTask from https://x.example/DownloadTask`,
			`task 1 "DataTask" of com.example.UploadTask from https://x.example/DownloadTask`},
	} {
		if got := simulator.NamesXamarin.Rewrite(tc.in); got != tc.xamarin {
			t.Errorf("Xamarin Rewrite(%q) =\n%q, want\n%q", tc.in, got, tc.xamarin)
		}
		if got := simulator.NamesSwift.Rewrite(tc.in); got != tc.swift {
			t.Errorf("Swift Rewrite(%q) =\n%q, want\n%q", tc.in, got, tc.swift)
		}
	}
	if got, want := simulator.NamesBoth.Rewrite("use DataTask"), "use CreateDataTask / dataTask(with:)"; got != want {
		t.Errorf("both = %q, want %q", got, want)
	}
}
