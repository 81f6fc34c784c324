package bdd

import (
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/bgsim/bgsim/simulator"
)

// reason is what a check of the conformance kit says when it fails, above
// the matcher's message: what the kit expects and why, what usually
// causes the failure, and the fix, with the mistakes `bgsim explain`
// describes.
type reason struct {
	expect   string           // what the kit expects, and why (with the rule)
	causes   string           // the likely causes
	fix      string           // what to change
	mistakes []simulator.Rule // the mistakes (or rules) to look up
}

// text is the reason as the failure prints it; where is the line that
// called the kit, for a failure reported inside the kit's code.
func (r reason) text(where types.CodeLocation) string {
	var b strings.Builder
	b.WriteString("bdd kit (spec of " + where.String() + "): " + r.expect)
	if r.causes != "" {
		b.WriteString("\nLikely cause: " + r.causes)
	}
	if r.fix != "" {
		b.WriteString("\nFix: " + r.fix)
	}
	if len(r.mistakes) > 0 {
		b.WriteString("\nSee:")
		for i, m := range r.mistakes {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(" bgsim explain " + m.String())
		}
	}
	return b.String()
}

// The reasons of the kit's checks.
var (
	reasonDelivered = reason{
		expect: "every transfer the app started completes and its DidCompleteWithError reaches the app's delegate (R-S1, R-D1).",
		causes: "the process that gets the events did not recreate the session under the same identifier, " +
			"or its per-task state was only in memory (M3); a task made in the background waits for the relaunch delay (M8, M10); " +
			"or the process was killed at its wake before they all came, kept busy in a delegate method past the wake's time (M13, R-D8).",
		fix: "start the transfers in the foreground on a background session, recreate that session with the same identifier at every launch, " +
			"and do only quick work in the delegate methods of a wake.",
		mistakes: []simulator.Rule{simulator.MistakeM3, simulator.MistakeM8, simulator.MistakeM13},
	}
	reasonTransferFailed = reason{
		expect: "every transfer the app started succeeds and its DidCompleteWithError reaches the app's delegate (R-S1, R-D1); " +
			"this one completed with the error below.",
		causes: "nothing on the kit's network serves the URL the app asks for (-1003 cannot find host: the kit serves only what " +
			"AppOptions.Resources and Serve publish), the server answers with an error, the app cancels the task (-999), " +
			"or the task cannot go on in the background: a data task fails once the app is suspended (-997, M9).",
		fix: "publish every URL the app uses, with the answer its real server gives, in AppOptions.Resources or Serve; " +
			"use download tasks, and uploads from a file, in a background session; leave the transfers to the session rather than cancelling them.",
		mistakes: []simulator.Rule{simulator.MistakeM9},
	}
	reasonHandler = reason{
		expect: "at every wake the app calls the completion handler of HandleEventsForBackgroundURL once, on the main thread, " +
			"after DidFinishEventsForBackgroundSession (R-D3, R-D4).",
		causes:   "the handler is never kept or never called, called before the session's events are done, twice, or off the main thread (M4, M15).",
		fix:      "keep the handler from HandleEventsForBackgroundURL and call it once, through InvokeOnMainThread, from DidFinishEventsForBackgroundSession.",
		mistakes: []simulator.Rule{simulator.MistakeM4, simulator.MistakeM15},
	}
	reasonNoViolation = reason{
		expect: "the app breaks no rule of the platform; the message below names each violation's rule.",
		causes: "the violation's rule says; the trace attached to the report shows where.",
		fix:    "look each rule the app broke up with `bgsim explain` and its ID: it says what a device does and the fix.",
	}
	reasonRelaunch = reason{
		expect: "once the process is gone, the daemon launches a new one in the background; it reconnects to the session " +
			"by the same identifier and receives every event (R-E2, R-E5, R-L6, R-I3, R-D2).",
		causes: "the app creates the session under another identifier, or only later than FinishedLaunching (M3, M16), " +
			"or does not handle HandleEventsForBackgroundURL.",
		fix:      "persist the session's identifier and recreate the session with it while the app launches, before anything else needs it.",
		mistakes: []simulator.Rule{simulator.MistakeM3, simulator.MistakeM16},
	}
	reasonRelaunchEvents = reason{
		expect: "the relaunched process, reconnected by the same identifier, receives every event of the session, " +
			"then DidFinishEventsForBackgroundSession (R-D2, R-D8).",
		causes: "the process did not live through the wake: a delegate method kept it busy past the wake's time, " +
			"decoding or uploading in DidFinishDownloading say (M13, R-D8), or it crashed; the violation or crash in the trace says which.",
		fix: "do only quick work in the delegate methods of a wake (move the file, note what came) and the rest later, " +
			"in the foreground or in a task of its own.",
		mistakes: []simulator.Rule{simulator.MistakeM13},
	}
	reasonFileMoved = reason{
		expect: "every downloaded file is moved before DidFinishDownloading returns: the daemon deletes what is left at the " +
			"temporary location as soon as the method returns (R-D6); losing it is no violation, and the task still succeeded.",
		causes: "the app moves or reads the file after DidFinishDownloading returned: from a block it dispatched, " +
			"InvokeOnMainThread, or once a later callback came (M5).",
		fix:      "move the file to a place of the app's own (its Documents or Application Support) inside DidFinishDownloading, before it returns.",
		mistakes: []simulator.Rule{simulator.MistakeM5},
	}
	reasonFileKeptByNewProcess = reason{
		expect: "the relaunched process keeps every file delivered to it: the daemon deletes a file DidFinishDownloading " +
			"did not move before returning (R-D6, R-L6); losing it is no violation, and the task still succeeded.",
		causes: "this check cannot tell two mistakes apart: the app moves the file after DidFinishDownloading returned (M5; " +
			"then the spec \"R-D6, M5: moves every downloaded file...\" fails too), or the new process does not know what the task " +
			"is for or where its file goes, because the first process kept that only in memory (M3).",
		fix: "move the file inside DidFinishDownloading; persist what each task is for (TaskDescription, defaults, a file) " +
			"and read it back in the new process before it needs it.",
		mistakes: []simulator.Rule{simulator.MistakeM5, simulator.MistakeM3},
	}
	reasonFaultFiles = reason{
		expect: "through memory kills, crashes, outages and dropped connections, the app keeps every file delivered to it (R-D6): " +
			"a file it lost is not delivered to its user, though the task succeeded and no rule is broken.",
		causes: "the app moves the file after DidFinishDownloading returned (M5), or a relaunched process does not know where " +
			"the file goes because its per-task state was only in memory (M3); the fault plan in the spec's name says what happened before.",
		fix:      "move the file inside DidFinishDownloading, and persist what each task is for.",
		mistakes: []simulator.Rule{simulator.MistakeM5, simulator.MistakeM3},
	}
	reasonForceQuit = reason{
		expect: "a force-quit cancels every transfer with -999 (reason userForceQuit) and the app is not relaunched for its sessions; " +
			"at the next launch by the user, once the app recreates its session, the cancellations are delivered (R-E3).",
		causes:   "the app does not recreate its background session at a launch by the user, or expects its transfers to survive a force-quit (M6, M1).",
		fix:      "recreate the session at every launch, and treat the cancellation as the user's stop: resume from its resume data when the user asks.",
		mistakes: []simulator.Rule{simulator.MistakeM6, simulator.MistakeM1},
	}
	reasonOneWake = reason{
		expect: "the transfers started together are delivered at one wake; a task made in the background waits for the " +
			"relaunch delay and costs a wake of its own (R-R1).",
		causes:   "the app starts a follow-up task at the wake: one task per wake, or a second step of a protocol (M8, M17).",
		fix:      "start all the transfers at once, in the foreground; fold a follow-up into the first request where possible.",
		mistakes: []simulator.Rule{simulator.MistakeM8, simulator.MistakeM17},
	}
	reasonEarlyHandlerWakes = reason{
		expect: "the transfers started together are delivered at one wake (R-R1); the app called the completion handler before " +
			"DidFinishEventsForBackgroundSession, so iOS suspended it with events still to deliver, at a cost of more wakes (R-D4).",
		causes:   "the handler is called from HandleEventsForBackgroundURL, or before the session's events are all delivered (M4).",
		fix:      "keep the handler from HandleEventsForBackgroundURL and call it once, through InvokeOnMainThread, from DidFinishEventsForBackgroundSession.",
		mistakes: []simulator.Rule{simulator.MistakeM4},
	}
	reasonSuspended = reason{
		expect: "after going home the app is suspended within the background grace period, its transfers still under way, " +
			"so the kit exercises the background path (R-L3).",
		causes: "a background task (BeginBackgroundTask) the app never ends, or work that keeps it running.",
		fix:    "end every background task; if the transfers finish first, serve larger files or set a slower AppOptions.Link.",
	}
	reasonOffline = reason{
		expect: "hours offline end without an error: a background session waits for the network, and every transfer " +
			"completes once it is back (R-S9).",
		causes: "the app cancels its transfers when the network goes, sets a timeout of its own, or starts them " +
			"again on a session that is not a background one.",
		fix: "leave the transfers to the background session while offline; it resumes them by itself.",
	}
)

// noViolation is reasonNoViolation for r's trace: it sends the reader to
// `bgsim explain` for each rule the app broke, rather than to an example.
func (r *kitRun) noViolation() reason {
	rs := reasonNoViolation
	for _, v := range simulator.Select(r.sim.Trace(), simulator.Pattern{Kind: simulator.KindViolation}) {
		if v.Rule != "" && !slices.Contains(rs.mistakes, v.Rule) { // "": bgsim's contract, which explain does not know
			rs.mistakes = append(rs.mistakes, v.Rule)
		}
	}
	return rs
}
