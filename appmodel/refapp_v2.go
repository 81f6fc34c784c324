package appmodel

import (
	"strconv"
	"strings"
	"time"
)

// RefDecodeTime is how long the reference app's SlowDidFinishDownloading
// mistake decodes an image, synchronously, in DidFinishDownloading: longer
// than the 30 s an app woken for session events is given (M13).
const RefDecodeTime = 45 * time.Second

// RefTableLoadTime is how long loading the destination table takes on a
// background queue with the StateAfterSession mistake (M16).
const RefTableLoadTime = 2 * time.Second

// refKeyTable is where the destination table lives in Defaults: "id=path"
// pairs, comma-separated.
const refKeyTable = "DestinationTable"

// decodeNow is the SlowDidFinishDownloading mistake: heavy work on the
// delegate queue before DidFinishDownloading returns (M13, R-D8).
func (a *RefApp) decodeNow(path string) {
	a.app.Log("decoding %s before returning (%s)", path, RefDecodeTime)
	a.app.Work(RefDecodeTime, func() { a.app.Log("decoded %s", path) })
}

// handlerWhenNoTasks is the HandlerOnlyWhenNoTasks mistake: the handler
// is called only if no task of the session is left (M15). A task started
// during the wake keeps it from ever being called.
func (a *RefApp) handlerWhenNoTasks(h func()) {
	app := a.app
	a.session.GetAllTasks(func(tasks []Task) {
		if len(tasks) > 0 {
			LogInt(app, "DidFinishEventsForBackgroundSession: %d task(s) still running: not calling the completion handler yet", len(tasks))
			return
		}
		app.InvokeOnMainThread(func() {
			a.showWakeImage()
			h()
		})
	})
}

// table reports whether the app keeps its destinations in the saved table
// (M16 and its fixed twin).
func (a *RefApp) table() bool { return a.opts.DestinationTable || a.opts.Mistakes.StateAfterSession }

// saveDestination records where task id's file goes, in memory and in the
// saved table.
func (a *RefApp) saveDestination(id int, path string) {
	if a.destinations == nil {
		a.destinations = map[int]string{}
	}
	a.destinations[id] = path
	d := a.app.Defaults()
	entry := strconv.Itoa(id) + "=" + path
	if cur := d.String(refKeyTable); cur != "" {
		entry = cur + "," + entry
	}
	d.SetString(refKeyTable, entry)
}

// loadTable reads the saved table into memory.
func (a *RefApp) loadTable() {
	a.destinations = map[int]string{}
	for _, kv := range strings.Split(a.app.Defaults().String(refKeyTable), ",") {
		id, path, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(id)
		if ok && err == nil {
			a.destinations[n] = path
		}
	}
	LogInt(a.app, "loaded %d destination(s)", len(a.destinations))
}

// loadTableBefore is the fixed twin of M16: the table is loaded before the
// session is made, so it is there for the first event (R-I3).
func (a *RefApp) loadTableBefore() {
	if a.opts.DestinationTable && !a.opts.Mistakes.StateAfterSession {
		a.loadTable()
	}
}

// loadTableAfter is the StateAfterSession mistake: the session is made
// first and the table loaded afterwards on a background queue; events
// delivered meanwhile find no destination (M16).
func (a *RefApp) loadTableAfter() {
	if !a.opts.Mistakes.StateAfterSession {
		return
	}
	app := a.app
	app.DispatchBackground(func() {
		app.Work(RefTableLoadTime, func() { a.loadTable() })
	})
}
