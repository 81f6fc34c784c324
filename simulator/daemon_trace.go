package simulator

import (
	"fmt"
	"strings"

	"github.com/bgsim/bgsim/appmodel"
)

// Text lines of the daemon's, the network's and the session's kinds (see
// kindTable). A transfer is named by taskRef, with its description once it
// has one.

func textConnect(e Event) string {
	return fmt.Sprintf("process %d connects to session %s (%s)", e.Process, e.Session, e.Detail)
}

func textTaskCreate(e Event) string {
	return fmt.Sprintf("creates %s: %s", taskRef(e), e.Detail)
}

func textTaskWait(e Event) string { return fmt.Sprintf("%s %s", taskRef(e), e.Detail) }

func textTransferStart(e Event) string { return fmt.Sprintf("%s starts: %s", taskRef(e), e.Detail) }

func textTransferResponse(e Event) string {
	return fmt.Sprintf("%s: %s, %s expected", taskRef(e), e.Detail, sizeOrUnknown(e.Expected))
}

func textTransferRetry(e Event) string {
	return fmt.Sprintf("%s attempt failed (%s); the daemon will retry, keeping %d bytes", taskRef(e), e.Detail, e.Bytes)
}

func textTaskComplete(e Event) string {
	if e.Code != 0 {
		return fmt.Sprintf("%s completes with error %s", taskRef(e), e.Detail)
	}
	if e.Total > 0 && e.Bytes == 0 {
		return fmt.Sprintf("%s completes: %d bytes sent", taskRef(e), e.Total)
	}
	if e.Total > 0 {
		return fmt.Sprintf("%s completes: %d bytes sent, %d received", taskRef(e), e.Total, e.Bytes)
	}
	return fmt.Sprintf("%s completes: %d bytes", taskRef(e), e.Bytes)
}

func textChallenge(e Event) string {
	return fmt.Sprintf("%s: the server asks for credentials (%s)", taskRef(e), e.Detail)
}

func textChallengeReply(e Event) string {
	return fmt.Sprintf("%s challenge: %s", taskRef(e), e.Detail)
}

func textHandlerCall(e Event) string {
	return fmt.Sprintf("calls the completion handler of session %s on %s", e.Session, e.Queue)
}

func textLink(e Event) string { return fmt.Sprintf("link %s → %s", e.From, e.To) }

func textSessionCallback(e Event) string {
	switch e.Callback {
	case CbDidWriteData, CbDidSendBodyData:
		return fmt.Sprintf("%s %s: +%d = %d of %s on %s", e.Callback, taskRef(e), e.Bytes, e.Total, sizeOrUnknown(e.Expected), e.Queue)
	case CbDidFinishDownloading, CbDidCompleteWithError, CbDidReceiveChallenge:
		return fmt.Sprintf("%s %s: %s on %s", e.Callback, taskRef(e), e.Detail, e.Queue)
	case CbDidReceiveData:
		if e.IsProgress() {
			return fmt.Sprintf("DidReceiveData %s: +%d = %d of %s on %s", taskRef(e), e.Bytes, e.Total, sizeOrUnknown(e.Expected), e.Queue)
		}
		return fmt.Sprintf("DidReceiveData %s: %d bytes %s on %s", taskRef(e), e.Bytes, e.Detail, e.Queue)
	case CbDidResume:
		return fmt.Sprintf("DidResume %s at byte %d of %s on %s", taskRef(e), e.Bytes, sizeOrUnknown(e.Expected), e.Queue)
	case CbDidBecomeInvalidWithError:
		// The error the method gets, as DidCompleteWithError's line shows
		// its own: nil after an invalidation the app asked for (R-G4),
		// -996 when another process took the session (R-I2, R-X3). A
		// trace written before the event carried it has no Detail.
		if e.Detail != "" {
			return fmt.Sprintf("%s session %s: %s on %s", e.Callback, e.Session, e.Detail, e.Queue)
		}
	}
	return fmt.Sprintf("%s session %s on %s", e.Callback, e.Session, e.Queue)
}

func sizeOrUnknown(n int64) string {
	if n < 0 {
		return "unknown size"
	}
	return fmt.Sprintf("%d bytes", n)
}

// Narrations of the daemon's, the network's and the session's kinds (see
// kindTable).

func narrateTransferStart(e Event) string {
	if e.Bytes == 0 {
		return "The transfer runs in nsurlsessiond, the system's daemon, not in the app: it goes on whatever happens to the app's process (R-S1)."
	}
	return ""
}

func narrateRelaunch(e Event) string {
	if e.Rule == RuleS5 { // emitWake: a task needs credentials
		return "A task of the session needs credentials that only the app can give, so iOS wakes the app in the background before the task has finished (R-S5)."
	}
	return "Every task of the session has finished, so iOS wakes the app in the background to hand over the results (R-S5, R-D1)."
}

func narrateRelaunchDeferred(Event) string {
	return "iOS rations background wakes: this one comes before the delay set by the last wake has passed, so it waits for it, and a wake that had to wait doubles the delay before the next. A delay that passes with no wake waiting starts over (R-R1)."
}

func narrateConnect(e Event) string {
	if strings.HasPrefix(e.Detail, newSessionDetail) {
		if strings.Contains(e.Detail, "still has") {
			return "A different identifier makes a new, empty session: it does not reconnect the app to the transfers of the session it made before, whose events stay queued in the daemon (R-I3)."
		}
		return "The daemon knows no session with this identifier yet, so it makes a new, empty one. To find its transfers again after a relaunch, the app must make its session with this same identifier (R-I3)."
	}
	return "Making a session with the same identifier reconnects the app to its transfers in the daemon; the events waiting for it are delivered to this session's delegate (R-I3)."
}

func narrateSessionCallback(e Event) string {
	switch e.Callback {
	case CbDidFinishDownloading:
		return "The file exists only until this method returns: the app must move it into its own container now (R-D6)."
	case CbDidFinishEventsForBackgroundSession:
		return "All waiting events were delivered. Now the app must call the completion handler it kept, on the main thread (R-D3)."
	case CbDidReceiveData:
		if e.IsProgress() {
			return ""
		}
		return "The server's answer to the upload reaches the app as data, before DidCompleteWithError; whatever its HTTP status, the upload itself did not fail (R-D9)."
	case CbDidBecomeInvalidWithError:
		return narrateInvalid(e)
	}
	return ""
}

// narrateInvalid explains DidBecomeInvalidWithError by its error: -996
// when another process took the session's identifier (R-I2, R-X3), nil
// when an invalidation the app asked for is over (R-G4).
func narrateInvalid(e Event) string {
	if e.Code == int(appmodel.ErrBackgroundSessionInUseByAnotherProcess) {
		return "Another process (an app extension) is connected to this session identifier, and only one process can be at a time: this session object is invalid and calls no more methods (R-I2, R-X3)."
	}
	if e.Detail == "nil" {
		return "The invalidation the app asked for is over: this session object calls no more methods, and the app may make a new session with the same identifier (R-G4)."
	}
	return ""
}

func narrateHandlerCall(Event) string {
	return "Calling the completion handler tells iOS the app has updated its UI for the new content (R-D4)."
}

func narrateFile(e Event) string {
	if e.Rule == RuleD6 && strings.HasPrefix(e.Detail, "deleted") {
		return "The daemon deleted the downloaded file: whatever was not moved is lost (R-D6)."
	}
	return ""
}
