package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// callbackNotes say what each callback of the app is, for bgsim explain
// (a test keeps one for every simulator.Callback).
var callbackNotes = map[simulator.Callback]string{
	simulator.CbFinishedLaunching:                   "iOS started a new process of the app; the launch options say why (the user, or a background session's events).",
	simulator.CbOnActivated:                         "the app became active: in the foreground, taking touches.",
	simulator.CbOnResignActivation:                  "the app is about to stop being active (the user leaves it, or a call or alert covers it).",
	simulator.CbDidEnterBackground:                  "the app went to the background; iOS suspends it soon after, unless a background task holds it.",
	simulator.CbWillEnterForeground:                 "the app is coming back to the foreground from the background.",
	simulator.CbWillTerminate:                       "a running app is ending because the system or the user ends it; never called for a suspended app, nor for a crash.",
	simulator.CbHandleEventsForBackgroundURL:        "iOS woke or relaunched the app for the events of a background session; the app keeps the completion handler and calls it on the main thread once the session's events are delivered.",
	simulator.CbDidWriteData:                        "progress of a download task: bytes written so far.",
	simulator.CbDidSendBodyData:                     "progress of an upload task: body bytes sent so far.",
	simulator.CbDidReceiveData:                      "a task received bytes as data: a data task's body, or the server's response to an upload.",
	simulator.CbDidFinishDownloading:                "a download finished: the file is at a temporary location that is deleted when the method returns, so the app moves it before returning.",
	simulator.CbDidCompleteWithError:                "a task ended, with an error or nil; the last call about a task.",
	simulator.CbDidResume:                           "a download resumed at an offset, with the bytes it already had.",
	simulator.CbDidReceiveChallenge:                 "the server asks for credentials; the app answers through the completion handler it is given.",
	simulator.CbWillBeginDelayedRequest:             "a task with an earliest begin date is about to start; the app may change or cancel the request.",
	simulator.CbDidFinishEventsForBackgroundSession: "a background session delivered all its events of a wake; the app calls the completion handler of HandleEventsForBackgroundURL now, on the main thread.",
	simulator.CbDidBecomeInvalidWithError:           "the session was invalidated and will call no more methods.",
}

// kindNotes say what each event kind of a trace records, in the words of
// the scenario format's table, which TestKindNotesAreTheScenarioFormatsTable
// holds them to (and a test keeps one for every simulator.Kind).
var kindNotes = map[simulator.Kind]string{
	simulator.KindUserAction:       "the user did something (detail).",
	simulator.KindLaunch:           "a new process (process; reason: why it launched, such as user or url-session).",
	simulator.KindTerminate:        "a process ended (process, reason, detail).",
	simulator.KindTransition:       "the app's state changed (from, to).",
	simulator.KindAppCallback:      "an AppDelegate method began (callback, queue).",
	simulator.KindLog:              "the app wrote a log line (queue, detail).",
	simulator.KindUI:               "the app updated its UI (queue, detail).",
	simulator.KindCrash:            "the app's own code crashed: the model panicked, or made a call iOS raises an exception for (detail; where: the app's line). A do: crash step is not one: it shows as process.terminate with reason: crash.",
	simulator.KindBGTaskBegin:      "a background-task assertion began (detail: its name).",
	simulator.KindBGTaskEnd:        "a background-task assertion ended.",
	simulator.KindBGTaskExpire:     "a background task's expiration handler was queued.",
	simulator.KindViolation:        "the app broke a rule of the platform (rule, detail).",
	simulator.KindSystem:           "a decision of the system worth showing (detail).",
	simulator.KindNote:             "a note of the scenario's script (detail).",
	simulator.KindSnapshot:         "iOS snapshots the UI, then may suspend the app (R-D4).",
	simulator.KindPower:            "the power state changed (from, to).",
	simulator.KindConnect:          "a process connected to a background session (session).",
	simulator.KindSessionCallback:  "a session delegate method began (callback, queue, task).",
	simulator.KindTaskCreate:       "the app made a task (task, desc; detail: its kind and URL).",
	simulator.KindTaskWait:         "a task waits for conditions (detail).",
	simulator.KindTransferStart:    "the daemon starts an attempt at a transfer.",
	simulator.KindTransferResponse: "response headers arrived (code: the HTTP status).",
	simulator.KindTransferRetry:    "a lost connection, retried.",
	simulator.KindTaskComplete:     "the daemon completed a task (code and reason on error).",
	simulator.KindFile:             "a downloaded file written or deleted (detail).",
	simulator.KindChallenge:        "the server asks for credentials.",
	simulator.KindChallengeReply:   "the app answered a challenge.",
	simulator.KindRelaunch:         "the daemon wakes the app for its session's events.",
	simulator.KindRelaunchDeferred: "the rate limiter delays a wake of the app until the delay passes.",
	simulator.KindHandlerCall:      "the app called the events completion handler (queue).",
	simulator.KindLink:             "the network link changed (from, to).",
}

// findCallback finds a callback by the name a trace writes, its Xamarin
// or its Swift name, in any case.
func findCallback(what string) (simulator.Callback, bool) {
	for _, c := range simulator.Callbacks() {
		if strings.EqualFold(what, string(c)) || strings.EqualFold(what, c.Xamarin()) || strings.EqualFold(what, c.Swift()) {
			return c, true
		}
	}
	return "", false
}

// findKind finds an event kind by its name, in any case.
func findKind(what string) (simulator.Kind, bool) {
	for _, k := range simulator.Kinds() {
		if strings.EqualFold(what, string(k)) {
			return k, true
		}
	}
	return "", false
}

func explainCallback(w io.Writer, b scenarios.Rulebook, c simulator.Callback, width int, names simulator.Names) {
	side := "a session delegate method"
	protocol := fmt.Sprintf("%s (Xamarin.iOS: NS%s)", sessionProtocol(c), strings.Replace(sessionProtocol(c), "URL", "Url", 1))
	event := simulator.KindSessionCallback
	if isAppDelegate(c) {
		side, protocol, event = "an AppDelegate method", "UIApplicationDelegate", simulator.KindAppCallback
	}
	fmt.Fprintf(w, "%s: %s\n\n", c, side)
	fmt.Fprintln(w, wrap(capitalize(names.Rewrite(callbackNotes[c])), summaryWidth(width)))
	fmt.Fprintf(w, "\nXamarin.iOS: %s\nSwift:       %s\n", c.Xamarin(), c.Swift())
	fmt.Fprintf(w, "Protocol:    %s\n", protocol)
	fmt.Fprintf(w, "In a trace:  {kind: %s, callback: %s}\n", event, c)
	mentions(w, b, width, names, c.Xamarin(), c.Swift())
}

// sessionProtocol is the Swift protocol that declares the session
// delegate method c, so that a learner knows which one to adopt: a
// download's methods are URLSessionDownloadDelegate's, a task's
// URLSessionTaskDelegate's.
func sessionProtocol(c simulator.Callback) string {
	switch c {
	case simulator.CbDidWriteData, simulator.CbDidFinishDownloading, simulator.CbDidResume:
		return "URLSessionDownloadDelegate"
	case simulator.CbDidReceiveData:
		return "URLSessionDataDelegate"
	case simulator.CbDidSendBodyData, simulator.CbDidCompleteWithError, simulator.CbDidReceiveChallenge,
		simulator.CbWillBeginDelayedRequest:
		return "URLSessionTaskDelegate"
	}
	return "URLSessionDelegate"
}

// isAppDelegate reports whether c is an AppDelegate method.
func isAppDelegate(c simulator.Callback) bool {
	switch c {
	case simulator.CbFinishedLaunching, simulator.CbOnActivated, simulator.CbOnResignActivation, simulator.CbDidEnterBackground,
		simulator.CbWillEnterForeground, simulator.CbWillTerminate, simulator.CbHandleEventsForBackgroundURL:
		return true
	}
	return false
}

func explainKind(w io.Writer, b scenarios.Rulebook, k simulator.Kind, width int, names simulator.Names) {
	fmt.Fprintf(w, "%s: an event kind of the trace (its actor: %s)\n\n", k, k.Actor())
	fmt.Fprintln(w, wrap(capitalize(kindNotes[k]), summaryWidth(width)))
	fmt.Fprintf(w, "\nIn a scenario's expectations: {kind: %s}\n", k)
	mentions(w, b, width, names, string(k))
}

// mentions lists the rules and mistakes whose text on the rules page
// names one of words, as a whole word.
func mentions(w io.Writer, b scenarios.Rulebook, width int, names simulator.Names, words ...string) {
	var alt []string
	for _, n := range words {
		alt = append(alt, regexp.QuoteMeta(n))
	}
	re := regexp.MustCompile(`(^|[^\w.-])(` + strings.Join(alt, "|") + `)($|[^\w-])`)
	var lines []string
	for _, r := range b.Rules {
		if re.MatchString(r.Text) {
			lines = append(lines, fmt.Sprintf("  %-6s %s", r.ID, clip(names.Rewrite(plain(r.Summary())), summaryWidth(width))))
		}
	}
	for _, m := range b.Mistakes {
		if re.MatchString(m.Do) || re.MatchString(m.Device) || re.MatchString(m.Fix) {
			lines = append(lines, fmt.Sprintf("  %-6s %s", m.ID, clip(names.Rewrite(plain(m.Do)), summaryWidth(width))))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\nThe rules and mistakes that name it ('bgsim explain ID' tells one):\n%s\n", strings.Join(lines, "\n"))
}
