package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/benbjohnson/clock"

	"github.com/bgsim/bgsim/simulator"
)

func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(args, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, clock: noSleep{clock.NewMock()}})
	return out.String(), errb.String(), code
}

// A learner who sees a rule tag in the walkthrough can look it up: every
// tag the newcomer's command prints resolves with bgsim explain, which
// prints the rule's row of the rules page; the footer says so.
func TestEveryRuleTagOfTheWalkthroughIsExplained(t *testing.T) {
	out, _, code := run(t)
	if code != exitOK {
		t.Fatalf("bgsim exited %d", code)
	}
	tags := map[string]bool{}
	for _, m := range regexp.MustCompile(`\[((?:R-[A-Z]\d+)|(?:M\d+))\]`).FindAllStringSubmatch(out, -1) {
		tags[m[1]] = true
	}
	if !strings.Contains(out, "'bgsim explain ") {
		t.Errorf("the walkthrough's footer does not tell the learner about bgsim explain:\n%s", out[max(0, len(out)-400):])
	}
	if len(tags) < 5 {
		t.Fatalf("the walkthrough shows %d rule tags; the test expects several", len(tags))
	}
	for tag := range tags {
		text, errs, code := run(t, "explain", tag)
		if code != exitOK || !strings.HasPrefix(text, tag+": ") || !strings.Contains(text, "confidence:") {
			t.Errorf("bgsim explain %s: exit %d, %q%s", tag, code, firstLine(text), errs)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// Every callback and event kind a trace can show is explained: each has a
// note, and bgsim explain prints it with its names, in any case, by its
// Swift name too.
func TestEveryCallbackAndKindIsExplained(t *testing.T) {
	for _, c := range simulator.Callbacks() {
		if callbackNotes[c] == "" {
			t.Errorf("callback %s has no note in callbackNotes", c)
		}
		for _, name := range []string{string(c), strings.ToLower(string(c)), c.Swift()} {
			out, errs, code := run(t, "explain", name)
			if code != exitOK || !strings.HasPrefix(out, string(c)+": ") || !strings.Contains(out, "Swift:       "+c.Swift()) {
				t.Errorf("bgsim explain %s: exit %d, %q%s", name, code, firstLine(out), errs)
			}
		}
	}
	for _, k := range simulator.Kinds() {
		if kindNotes[k] == "" {
			t.Errorf("kind %s has no note in kindNotes", k)
		}
		out, errs, code := run(t, "explain", string(k))
		if code != exitOK || !strings.HasPrefix(out, string(k)+": an event kind") || !strings.Contains(out, "{kind: "+string(k)+"}") {
			t.Errorf("bgsim explain %s: exit %d, %q%s", k, code, firstLine(out), errs)
		}
	}
	if len(callbackNotes) != len(simulator.Callbacks()) || len(kindNotes) != len(simulator.Kinds()) {
		t.Errorf("notes for %d callbacks and %d kinds; there are %d and %d", len(callbackNotes), len(kindNotes),
			len(simulator.Callbacks()), len(simulator.Kinds()))
	}
}

// explain starts its notes with a capital, but leaves a name that begins
// lower case as it is.
func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{"iOS woke the app": "iOS woke the app", "a download": "A download", "": "", "x": "X"} {
		if got := capitalize(in); got != want {
			t.Errorf("capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// A Swift learner reads explain in the names run's timeline gave them:
// --names rewrites the callbacks and methods of every kind of page (a
// rule, a mistake, a scenario, a callback, the list), and without it they
// are Xamarin's, as run's are.
func TestExplainNamesFollowTheFlag(t *testing.T) {
	xamarin, swift := "HandleEventsForBackgroundUrl", "application(_:handleEventsForBackgroundURLSession:completionHandler:)"
	for _, what := range []string{"", "R-D2", "M4", "several-sessions", "DidFinishEventsForBackgroundSession"} {
		args := []string{"explain"}
		if what != "" {
			args = append(args, what)
		}
		out, errs, code := run(t, args...)
		if code != exitOK || !strings.Contains(out, xamarin) || strings.Contains(out, swift) {
			t.Errorf("bgsim explain %s: exit %d%s, want Xamarin's names only:\n%s", what, code, errs, out)
		}
		out, errs, code = run(t, append(args, "--names", "swift")...)
		if code != exitOK || !strings.Contains(strings.ReplaceAll(out, "\n", ""), swift) || strings.Contains(out, xamarin) {
			t.Errorf("bgsim explain %s --names swift: exit %d%s, want Swift's names only:\n%s", what, code, errs, out)
		}
	}
	out, _, _ := run(t, "explain", "M4", "--names", "both")
	if !strings.Contains(out, "DidFinishEventsForBackgroundSession /") {
		t.Errorf("bgsim explain M4 --names both names no callback both ways:\n%s", out)
	}
}

// A callback's page names the protocol that declares it,
// as Apple and Xamarin.iOS name it: "URLSessionDelegate and its variants"
// left a learner to guess that DidFinishDownloading is
// URLSessionDownloadDelegate's.
func TestExplainCallbackNamesItsProtocol(t *testing.T) {
	for c, want := range map[simulator.Callback]string{
		simulator.CbDidFinishDownloading:                "URLSessionDownloadDelegate (Xamarin.iOS: NSUrlSessionDownloadDelegate)",
		simulator.CbDidCompleteWithError:                "URLSessionTaskDelegate (Xamarin.iOS: NSUrlSessionTaskDelegate)",
		simulator.CbDidReceiveData:                      "URLSessionDataDelegate (Xamarin.iOS: NSUrlSessionDataDelegate)",
		simulator.CbDidFinishEventsForBackgroundSession: "URLSessionDelegate (Xamarin.iOS: NSUrlSessionDelegate)",
		simulator.CbFinishedLaunching:                   "UIApplicationDelegate",
	} {
		out, _, _ := run(t, "explain", string(c))
		if !strings.Contains(out, "\nProtocol:    "+want+"\n") {
			t.Errorf("bgsim explain %s does not name its protocol, %s:\n%s", c, want, out)
		}
	}
}

// The intro above the walkthrough names the callbacks of its wake in the
// order the timeline shows them, none left out: it skipped
// DidCompleteWithError, which every task gets, a success too.
func TestIntroNamesTheWakesCallbacksInOrder(t *testing.T) {
	out, _, code := run(t)
	if code != exitOK {
		t.Fatalf("bgsim exited %d", code)
	}
	_, wake, ok := strings.Cut(out, "launches process 2")
	if !ok {
		t.Fatalf("the walkthrough has no relaunch:\n%s", out)
	}
	callback := regexp.MustCompile(`(?m)^T\+\S+ +app +([A-Za-z]+)\b`)
	intro := strings.Join(strings.Fields(simulator.NamesXamarin.Rewrite(intro)), " ")
	at := 0
	for _, m := range callback.FindAllStringSubmatch(wake, -1) {
		if _, known := simulator.ParseCallback(m[1]); !known || m[1] == "FinishedLaunching" || m[1] == "WillEnterForeground" || m[1] == "OnActivated" {
			continue // the launch itself, and the user's return after the wake
		}
		i := strings.Index(intro[at:], m[1])
		if i < 0 {
			t.Errorf("the intro does not name %s, or not after the callbacks before it:\n%s", m[1], intro)
			continue
		}
		at += i + len(m[1])
	}
}
