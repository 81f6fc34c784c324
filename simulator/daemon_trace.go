package simulator

import "fmt"

// Event kinds of the daemon, the network and the session side of the app.
const (
	KindConnect          Kind = "session.connect"        // a process connected to a background session (R-I3)
	KindSessionCallback  Kind = "session.callback"       // a SessionDelegate method began (Callback, Task)
	KindTaskCreate       Kind = "task.create"            // the app made a task
	KindTaskWait         Kind = "task.wait"              // a task waits for conditions (Detail)
	KindTransferStart    Kind = "transfer.start"         // the daemon starts an attempt (Bytes = offset)
	KindTransferResponse Kind = "transfer.response"      // response headers (Code = status, Expected)
	KindTransferRetry    Kind = "transfer.retry"         // a lost connection, retried (R-G2)
	KindTaskComplete     Kind = "task.complete"          // the daemon completed a task (Code on error)
	KindFile             Kind = "daemon.file"            // a downloaded file written or deleted (R-D6)
	KindChallenge        Kind = "network.challenge"      // the server asks for credentials
	KindChallengeReply   Kind = "app.challenge-reply"    // the app answered a challenge
	KindRelaunch         Kind = "daemon.wake"            // the daemon wakes the app for events (R-D1)
	KindRelaunchDeferred Kind = "daemon.wake-deferred"   // the rate limiter delays a wake (R-R1)
	KindHandlerCall      Kind = "app.completion-handler" // the app called the events completion handler
	KindSnapshot         Kind = "system.snapshot"        // iOS snapshots the UI, then may suspend (R-D4)
	KindPower            Kind = "device.power"           // the power state changed (From -> To)
	KindLink             Kind = "network.link"           // the link changed (From -> To)
)

func describeDaemon(e Event) (string, bool) {
	switch e.Kind {
	case KindConnect:
		return fmt.Sprintf("process %d connects to session %s (%s)", e.Process, e.Session, e.Detail), true
	case KindSessionCallback:
		return describeSessionCallback(e), true
	case KindTaskCreate:
		return fmt.Sprintf("creates task %d: %s", e.Task, e.Detail), true
	case KindTaskWait:
		return fmt.Sprintf("task %d %s", e.Task, e.Detail), true
	case KindTransferStart:
		return fmt.Sprintf("task %d starts: %s", e.Task, e.Detail), true
	case KindTransferResponse:
		return fmt.Sprintf("task %d: %s, %s expected", e.Task, e.Detail, sizeOrUnknown(e.Expected)), true
	case KindTransferRetry:
		return fmt.Sprintf("task %d attempt failed (%s); the daemon will retry, keeping %d bytes", e.Task, e.Detail, e.Bytes), true
	case KindTaskComplete:
		if e.Code != 0 {
			return fmt.Sprintf("task %d completes with error %s", e.Task, e.Detail), true
		}
		return fmt.Sprintf("task %d completes: %d bytes", e.Task, e.Bytes), true
	case KindFile, KindRelaunch, KindRelaunchDeferred, KindSnapshot:
		return e.Detail, true
	case KindChallenge:
		return fmt.Sprintf("task %d: the server asks for credentials (%s)", e.Task, e.Detail), true
	case KindChallengeReply:
		return fmt.Sprintf("task %d challenge: %s", e.Task, e.Detail), true
	case KindHandlerCall:
		return fmt.Sprintf("calls the completion handler of session %s on %s", e.Session, e.Queue), true
	case KindLink:
		return fmt.Sprintf("link %s → %s", e.From, e.To), true
	case KindPower:
		return fmt.Sprintf("power %s → %s", e.From, e.To), true
	}
	return "", false
}

func describeSessionCallback(e Event) string {
	switch e.Callback {
	case "DidWriteData", "DidSendBodyData":
		return fmt.Sprintf("%s task %d: +%d = %d of %s on %s", e.Callback, e.Task, e.Bytes, e.Total, sizeOrUnknown(e.Expected), e.Queue)
	case "DidFinishDownloading":
		return fmt.Sprintf("DidFinishDownloading task %d: %s on %s", e.Task, e.Detail, e.Queue)
	case "DidReceiveData":
		return fmt.Sprintf("DidReceiveData task %d: %d bytes %s on %s", e.Task, e.Bytes, e.Detail, e.Queue)
	case "DidCompleteWithError":
		return fmt.Sprintf("DidCompleteWithError task %d: %s on %s", e.Task, e.Detail, e.Queue)
	case "DidResume":
		return fmt.Sprintf("DidResume task %d at byte %d of %s on %s", e.Task, e.Bytes, sizeOrUnknown(e.Expected), e.Queue)
	case "DidReceiveChallenge":
		return fmt.Sprintf("DidReceiveChallenge task %d: %s on %s", e.Task, e.Detail, e.Queue)
	}
	return fmt.Sprintf("%s session %s on %s", e.Callback, e.Session, e.Queue)
}

func sizeOrUnknown(n int64) string {
	if n < 0 {
		return "unknown size"
	}
	return fmt.Sprintf("%d bytes", n)
}

func narrateDaemon(e Event) string {
	switch e.Kind {
	case KindTransferStart:
		if e.Bytes == 0 {
			return "The transfer runs in nsurlsessiond, the system's daemon, not in the app: it goes on whatever happens to the app's process (R-S1)."
		}
	case KindRelaunch:
		return "Every task of the session has finished, so iOS wakes the app in the background to hand over the results (R-S5, R-D1)."
	case KindRelaunchDeferred:
		return "iOS rations background wakes: each one doubles the delay before the next (R-R1)."
	case KindConnect:
		return "Making a session with the same identifier reconnects the app to its transfers in the daemon; the events waiting for it are delivered to this session's delegate (R-I3)."
	case KindAppCallback:
		if e.Callback == "HandleEventsForBackgroundURL" {
			return "iOS tells the app that events of its background session wait, and hands it a completion handler to call when it has dealt with them. The app keeps the handler and recreates the session (R-D1, R-D2)."
		}
	case KindSessionCallback:
		switch e.Callback {
		case "DidFinishDownloading":
			return "The file exists only until this method returns: the app must move it into its own container now (R-D6)."
		case "DidFinishEventsForBackgroundSession":
			return "All waiting events were delivered. Now the app must call the completion handler it kept, on the main thread (R-D3)."
		case "DidWriteData":
			return ""
		case "DidReceiveData":
			return "The server's answer to the upload reaches the app as data, before DidCompleteWithError; whatever its HTTP status, the upload itself did not fail (R-D9)."
		}
	case KindHandlerCall:
		return "Calling the completion handler tells iOS the app has updated its UI for the new content (R-D4)."
	case KindSnapshot:
		return "iOS takes a picture of the app's screen for the app switcher; with nothing else to do, the app is suspended again."
	case KindFile:
		if e.Rule == RuleD6 && len(e.Detail) > 7 && e.Detail[:7] == "deleted" {
			return "The daemon deleted the downloaded file: whatever was not moved is lost (R-D6)."
		}
	}
	return ""
}
