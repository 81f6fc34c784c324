package simulator

import (
	"net/http"

	"github.com/bgsim/bgsim/appmodel"
)

// detailWords are the fixed text of the simulator's own details: the
// formats it emits them with (emitf, emitfEvent) and the constant strings
// their arguments take (a count's nouns, a task's kind, a request's
// method, how the daemon wakes the app, a delegate's nil error). Words of
// the vocabulary, after the others, they have fixed ids, found by address
// (wordAt) where the store writes a detail (textID): no run adds them to
// its table. They were most of a short run's own
// strings (the walkthrough's 25 are 10 without them; the catalog's
// scenarios had 3 to 49, 12 of 60 over 32, and have 2 to 35, 52 of 60 at
// most 16), so the table's first chunk, part of every store, holds 16
// strings, not 32: 256 bytes less on every new Sim. (Instructions about
// the same: a walkthrough's ids ~1,350 -> ~1,290.)
//
// A format or argument missing here is still stored right, as a string of
// the run's own; TestDetailLiteralsAreWords finds the literal formats and
// arguments of the package's emits that are not here.
func detailWords() []string {
	ws := []string{
		// The formats (session.go, transfer.go, relaunch.go).
		"%s %s", "%s %s from byte %d", "HTTP %d", "downloaded file written to %s",
		"%s under way, %s waiting",
		"%sa task of session %s needs credentials", "%sall tasks of session %s are done; %s",
		// Their constant arguments.
		"task", "tasks", "event", "events", "event waits", "events wait",
		"resumes the app: ", "launches the app into the background: ",
		http.MethodGet, http.MethodPut, http.MethodPost,
		// A delegate callback's detail: DidCompleteWithError's error.
		"nil",
	}
	for _, k := range []appmodel.TaskKind{appmodel.DownloadKind, appmodel.UploadKind, appmodel.DataKind} {
		ws = append(ws, k.String())
	}
	return ws
}

// textWords are the fixed text of the simulator's own events, which the
// store writes as their words' ids, two bytes, not inline (putText): what
// the user does and why the app's state changed (a transition's cause),
// in every run. The walkthrough's trace took 1,087 bytes rather than
// 1,445 with them as words, so that the store's first block, part of
// every new Sim, could shrink from 1,656 bytes (traceFirstBlock); and its
// 15 fixed texts are not copied (the trace's instructions and memmove's
// ~230 a walkthrough less).
// TestDetailLiteralsAreWords finds the literal texts of the package's
// emits that are not here.
func textWords() []string {
	return []string{
		// The user's actions and the transitions' causes (actions.go).
		"taps the app icon", "goes to the home screen", "swipes the app away in the app switcher",
		"the user tapped the icon", "the user left the app", "the user opened the app switcher",
		"the user swiped the app away", "the app is frontmost", "the app is no longer visible",
		"the system reclaimed memory",
		// The system's (system.go, relaunch.go, update.go, device.go).
		"nothing keeps the app running", "session events",
		"takes a snapshot of the app's UI for the app switcher",
		"installs an update of the app", "the system terminated the app to update it",
		"cancels background transfers: insufficient system resources",
		newSessionDetail, // a new session's connection, when no other holds tasks
	}
}

// textID names s, text a detail repeats (a format, an argument, a
// delegate callback's detail): by its word's id if it is one of
// detailWords (wordAt), else as a string of the run's own (id). Not in
// id itself, which also names sessions and descriptions, never words:
// there, on each of the cache's misses, it cost BenchmarkBulk's 100,000
// suspended downloads (keep=all) 0.5% more instructions.
func (t *stringTable) textID(s string) uint32 {
	if id := wordAt(s); id != 0 {
		return id
	}
	return t.id(s)
}
