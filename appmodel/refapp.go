package appmodel

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/bgsim/bgsim/fakes"
)

// The reference app's fixed names, from the seed walkthrough.
const (
	RefSessionIdentifier = "com.SimpleBackgroundTransfer.BackgroundSession"
	RefImageURL          = "https://images.example.com/monkey.png"
	RefImagePath         = "/Documents/monkey.png"
	RefUploadURL         = "https://upload.example.com/photos"
	RefPhotoPath         = "/Documents/photo.jpg"
	RefPhotoSize         = 2_000_000
)

// Defaults keys the reference app persists: a relaunch is a new instance
// (R-L6), so what it must remember lives in Defaults.
const (
	refKeySession = "SessionIdentifier" // the identifier of the session with work under way
	refKeyStarted = "DownloadsStarted"  // how many downloads were started
	refKeyDone    = "ImagesDone"        // how many images reached the container
)

// RefOptions configure the reference app. The zero value is the seed app
// done right; each Mistakes switch reproduces one mistake of the M list.
type RefOptions struct {
	// ImageURL is what it downloads (RefImageURL if empty).
	ImageURL string
	// Images is how many images it downloads, one after the other (1 if 0).
	Images int
	// AutoStart starts the download at the first activation, as if the
	// user tapped "Start" at once. NewRefApp sets it.
	AutoStart bool
	// UploadPhoto also uploads a photo of RefPhotoSize bytes to
	// RefUploadURL when the downloads start.
	UploadPhoto bool
	// DestinationTable keeps where each download goes in a table saved in
	// Defaults (task id to path), loaded at launch before the session is
	// made, instead of in each task's TaskDescription: the fixed twin of
	// the StateAfterSession mistake (M16).
	DestinationTable bool
	Mistakes         Mistakes
}

// Mistakes switch on the mistakes of the M list in the reference app.
type Mistakes struct {
	// CompletionHandlerTask uses a completion-handler download task (M2).
	CompletionHandlerTask bool
	// WrongIdentifierOnRelaunch recreates the session under another
	// identifier when launched in the background (M3).
	WrongIdentifierOnRelaunch bool
	// MemoryOnlyState keeps where each task's file goes only in memory (M3).
	MemoryOnlyState bool
	// ForgetCompletionHandler never calls the completion handler (M4).
	ForgetCompletionHandler bool
	// CallHandlerOffMain calls it on the delegate queue (M4).
	CallHandlerOffMain bool
	// CallHandlerEarly calls it from HandleEventsForBackgroundURL (M4).
	CallHandlerEarly bool
	// CallHandlerTwice calls it twice (M4).
	CallHandlerTwice bool
	// ReadFileAfterReturn reads the download after DidFinishDownloading
	// returned instead of moving it (M5).
	ReadFileAfterReturn bool
	// NewSessionPerRequest makes a new session, same identifier, for every
	// download (M7).
	NewSessionPerRequest bool
	// TaskPerWake downloads one image per background wake instead of all at
	// once (M8).
	TaskPerWake bool
	// UIOffMainThread updates the progress bar straight from the delegate
	// queue (M11).
	UIOffMainThread bool
	// UploadFromMemory uploads the photo from memory instead of from a
	// file (M9).
	UploadFromMemory bool
	// DataTasks fetches the images with data tasks instead of download
	// tasks (M9).
	DataTasks bool
	// StartInBackground starts the downloads when the app enters the
	// background instead of when the user taps Start (M10).
	StartInBackground bool

	// SlowDidFinishDownloading decodes each image synchronously in
	// DidFinishDownloading, for RefDecodeTime: during a background wake the
	// app is still busy when its time runs out (M13, R-D8).
	SlowDidFinishDownloading bool
	// HandlerOnlyWhenNoTasks calls the completion handler only when
	// GetAllTasks comes back empty; with a task still running (one started
	// during the wake) it is never called (M15, R-D4).
	HandlerOnlyWhenNoTasks bool
	// StateAfterSession keeps where each download goes in a table it saves
	// in Defaults, and at a relaunch creates the session first and loads
	// the table afterwards, on a background queue: the first events arrive
	// before it is there (M16, R-I3). Implies RefOptions.DestinationTable.
	StateAfterSession bool

	// PersistAbsolutePath persists the saved image's absolute path instead
	// of its path relative to the container: after an update that moves the
	// container it no longer resolves (M14, R-L9).
	PersistAbsolutePath bool
	// MultipartUpload uploads the photo (with UploadPhoto) in parts and
	// finalises it with a follow-up request made when the parts are done,
	// at a background wake: the request waits for the relaunch delay and
	// another wake (M17, R-R1). Off, the photo goes in one self-contained
	// request.
	MultipartUpload bool
}

// NewRefApp returns the factory of the reference app with opts, started by
// the user's first activation.
func NewRefApp(opts RefOptions) Factory {
	if opts == (RefOptions{}) {
		return newSeedRefApp // the seed app, as every walkthrough asks for it: no closure to make
	}
	opts.AutoStart = true
	return func() AppDelegate { return &RefApp{opts: opts} }
}

// newSeedRefApp is NewRefApp's factory for the zero RefOptions, made once:
// the closure of opts it would otherwise make is an allocation of 64 bytes
// at each call.
func newSeedRefApp() AppDelegate { return &RefApp{opts: RefOptions{AutoStart: true}} }

// RefApp is the seed walkthrough's SimpleBackgroundTransfer: one
// background session, image downloads, progress shown through
// InvokeOnMainThread, the completion handler kept in
// HandleEventsForBackgroundURL and called from
// DidFinishEventsForBackgroundSession on the main thread, and each file
// moved into the container before DidFinishDownloading returns.
type RefApp struct {
	AppDelegateBase
	opts    RefOptions
	app     App
	session Session
	handler func()
	// destinations maps task ids to files: the MemoryOnlyState mistake
	// keeps it here only, where a relaunch loses it (M3).
	destinations map[int]string
	// moved counts the files DidFinishDownloading moved into the
	// container since the wake began: the UI shows a new image only if
	// one came (R-D4: the snapshot shows what the app got).
	moved int
	// del is the delegate of every session the app makes, part of the
	// app rather than made at each connect (an allocation less at each
	// launch). Sessions that share it (NewSessionPerRequest) share its
	// progress FIFO too, which shows the texts in the order they were sent
	// to the main queue, as one FIFO per session would: the main queue
	// runs its blocks in that order.
	del refSessionDelegate
}

func (a *RefApp) url() string {
	if a.opts.ImageURL != "" {
		return a.opts.ImageURL
	}
	return RefImageURL
}

func (a *RefApp) images() int { return max(a.opts.Images, 1) }

// FinishedLaunching reconnects to the session if work was under way: a
// relaunched app must recreate its session to receive the events (R-I3).
func (a *RefApp) FinishedLaunching(app App, opts LaunchOptions) {
	a.app = app
	LogString(app, "FinishedLaunching: launched for %s", opts.Reason.String())
	if id := app.Defaults().String(refKeySession); id != "" {
		if opts.Reason == LaunchURLSession && a.opts.Mistakes.WrongIdentifierOnRelaunch {
			id += ".relaunch"
		}
		a.loadTableBefore() // M16 fixed: the state first
		a.connect(id)
		a.loadTableAfter() // M16: the session first
	}
}

// OnActivated shows the image if it is there, or starts the download.
func (a *RefApp) OnActivated(app App) {
	a.app = app
	d := app.Defaults()
	if done := d.Int(refKeyDone); done > 0 && a.showSavedImage(done) {
		return
	}
	if a.opts.AutoStart && d.Int(refKeyStarted) == 0 && !a.opts.Mistakes.StartInBackground {
		app.UpdateUI("user taps Start")
		a.start(a.opts.Mistakes.TaskPerWake, 0)
	}
}

// DidEnterBackground starts the downloads here with the StartInBackground
// mistake: a transfer begun in the background is discretionary (R-S6).
func (a *RefApp) DidEnterBackground(app App) {
	a.app = app
	if a.opts.AutoStart && a.opts.Mistakes.StartInBackground && app.Defaults().Int(refKeyStarted) == 0 {
		app.Log("DidEnterBackground: starting the downloads now")
		a.start(a.opts.Mistakes.TaskPerWake, 0)
	}
}

// HandleEventsForBackgroundURL keeps the completion handler to call once
// every event was delivered (R-D3), and makes sure the session exists.
func (a *RefApp) HandleEventsForBackgroundURL(app App, id string, completionHandler func()) {
	a.app = app
	LogString(app, "HandleEventsForBackgroundURL: keeping the completion handler for %s", id)
	a.handler = completionHandler
	a.moved = 0 // a new wake: no image of its own yet
	if a.session == nil {
		if a.opts.Mistakes.WrongIdentifierOnRelaunch {
			id += ".relaunch"
		}
		a.loadTableBefore()
		a.connect(id)
		a.loadTableAfter()
	}
	if a.opts.Mistakes.CallHandlerEarly {
		h := a.handler
		a.handler = nil
		app.InvokeOnMainThread(h)
	}
}

func (a *RefApp) connect(id string) Session {
	a.del.a = a
	a.session = a.app.NewSession(BackgroundSessionConfig(id), &a.del)
	return a.session
}

// start begins the downloads: all of them, or the next one only. started
// is how many were started before, as the caller just read it from
// Defaults (refKeyStarted): only startOne changes it.
func (a *RefApp) start(oneOnly bool, started int) {
	d := a.app.Defaults()
	d.SetString(refKeySession, RefSessionIdentifier)
	n := a.images()
	if oneOnly {
		n = min(started+1, a.images())
	}
	for i := started + 1; i <= n; i++ {
		a.startOne(i)
	}
	if started == 0 && a.opts.UploadPhoto {
		a.uploadPhoto()
	}
}

// uploadPhoto uploads from a file, as a background session requires; the
// UploadFromMemory mistake uploads from memory instead (R-S2).
func (a *RefApp) uploadPhoto() {
	if a.opts.Mistakes.MultipartUpload {
		a.uploadPhotoParts() // M17
		return
	}
	req := Request{URL: RefUploadURL, Method: "POST"}
	var t Task
	if a.opts.Mistakes.UploadFromMemory {
		t = a.session.UploadTaskFromData(req, RefPhotoSize)
	} else {
		if err := a.app.Files().Write(RefPhotoPath, fakes.Segment{From: 0, To: RefPhotoSize, Source: "camera"}); err != nil {
			a.app.Log("could not save the photo: %v", err)
			return
		}
		t = a.session.UploadTask(req, RefPhotoPath)
	}
	t.SetTaskDescription("photo")
	t.Resume()
	LogInt(a.app, "started the photo upload (task %d)", t.ID())
}

func (a *RefApp) startOne(i int) {
	d := a.app.Defaults()
	s := a.session
	if s == nil || a.opts.Mistakes.NewSessionPerRequest {
		s = a.connect(RefSessionIdentifier)
	}
	req := Request{URL: a.url()}
	var t Task
	switch {
	case a.opts.Mistakes.CompletionHandlerTask:
		t = s.DownloadTaskWithCompletion(req, func(string, *URLError) {})
	case a.opts.Mistakes.DataTasks:
		t = s.DataTask(req)
	default:
		t = s.DownloadTask(req)
	}
	t.SetTaskDescription(imageDescOf(i))
	if a.opts.Mistakes.MemoryOnlyState {
		if a.destinations == nil {
			a.destinations = map[int]string{}
		}
		a.destinations[t.ID()] = a.imagePath(i)
	}
	if a.table() {
		a.saveDestination(t.ID(), a.imagePath(i)) // M16 and its twin
	}
	d.SetInt(refKeyStarted, i)
	t.Resume()
	LogInts(a.app, "started download %d (task %d)", i, t.ID())
}

func (a *RefApp) imagePath(i int) string {
	if i == 1 {
		return RefImagePath
	}
	ext := path.Ext(RefImagePath)
	return fmt.Sprintf("%s-%d%s", RefImagePath[:len(RefImagePath)-len(ext)], i, ext)
}

// destination says where a task's file goes: from its TaskDescription,
// which the daemon keeps across relaunches, or, with MemoryOnlyState, from
// memory that a relaunch wiped.
func (a *RefApp) destination(t Task) (string, bool) {
	if a.opts.Mistakes.MemoryOnlyState || a.table() {
		p, ok := a.destinations[t.ID()]
		return p, ok
	}
	n, ok := strings.CutPrefix(t.TaskDescription(), imageDesc)
	i, err := strconv.Atoi(n)
	if !ok || err != nil {
		return "", false
	}
	return a.imagePath(i), true
}

// imageDesc starts the TaskDescription of each image's download: the
// image's number follows ("image-1").
const imageDesc = "image-"

// imageDescOf is the TaskDescription of image i's download.
func imageDescOf(i int) string {
	if i >= 0 && i < len(imageDescs) {
		return imageDescs[i]
	}
	return imageDesc + strconv.Itoa(i)
}

// imageDescs are the first images' TaskDescriptions, made once, as
// shownTexts are.
var imageDescs = smallTexts(imageDesc, "")

// refSessionDelegate is the app's NSUrlSessionDownloadDelegate.
type refSessionDelegate struct {
	SessionDelegateBase
	a *RefApp
	// The progress texts DidWriteData sent to the main thread and not
	// shown yet, oldest first: oldest ("" if none; a progress text never
	// is), then later, made only when a second text waits (the main queue
	// has not run the first block yet). The main queue runs blocks in the
	// order they were sent, so one block, showNext, made once, shows them
	// in turn: a closure per report would cost an allocation at each, and
	// a slice from the first text an allocation more per app (and 340
	// instructions a walkthrough); the RefApp stays in its 144-byte size
	// class.
	oldest   string
	later    *[]string
	showNext func()
}

// DidWriteData shows progress, through the main thread (R-D5).
func (d *refSessionDelegate) DidWriteData(_ Session, t Task, _, total, expected int64) {
	a := d.a
	msg := progressText(total, expected)
	if a.opts.Mistakes.UIOffMainThread {
		a.app.UpdateUI(msg)
		return
	}
	if d.showNext == nil {
		d.showNext = d.showOldest
	}
	d.pushShown(msg)
	a.app.InvokeOnMainThread(d.showNext)
}

// pushShown adds msg to the texts waiting to be shown, after the others.
func (d *refSessionDelegate) pushShown(msg string) {
	if d.oldest == "" {
		d.oldest = msg
		return
	}
	if d.later == nil {
		d.later = new([]string)
	}
	*d.later = append(*d.later, msg)
}

// popShown takes the oldest text waiting to be shown; the next waits
// in its place.
func (d *refSessionDelegate) popShown() string {
	msg := d.oldest
	d.oldest = ""
	if d.later != nil && len(*d.later) > 0 {
		l := *d.later
		d.oldest = l[0]
		n := copy(l, l[1:]) // few wait: the array serves again
		*d.later = l[:n]
	}
	return msg
}

// showOldest shows the oldest progress text not shown yet, on the main
// thread: what each InvokeOnMainThread of DidWriteData runs.
func (d *refSessionDelegate) showOldest() {
	d.a.app.UpdateUI(d.popShown())
}

// formatShown and progressText build their text with strconv rather than
// fmt: they run at every launch and every progress report.
func formatShown(n int) string {
	if n >= 0 && n < len(shownTexts) {
		return shownTexts[n]
	}
	return "shows " + strconv.Itoa(n) + " downloaded image(s)"
}

// shownTexts are formatShown's texts for the first few images, made once:
// most runs download only those, and show them at every activation.
var shownTexts = smallTexts("shows ", " downloaded image(s)")

// smallTexts are prefix + n + suffix for n from 0 to 9.
func smallTexts(prefix, suffix string) (t [10]string) {
	for i := range t {
		t[i] = prefix + strconv.Itoa(i) + suffix
	}
	return t
}

// progressText is the progress shown: "progress 42%", or "progress 1024
// bytes" when the size is unknown.
func progressText(n, of int64) string {
	if of <= 0 {
		return "progress " + strconv.FormatInt(n, 10) + " bytes"
	}
	pct := n * 100 / of
	if pct >= 0 && pct < int64(len(percentTexts)) {
		return percentTexts[pct]
	}
	return "progress " + strconv.FormatInt(pct, 10) + "%"
}

// percentTexts are the texts of 0% to 100%, made once: a download shows
// its progress many times but has only these 101 to show.
var percentTexts = func() (t [101]string) {
	for i := range t {
		t[i] = "progress " + strconv.Itoa(i) + "%"
	}
	return t
}()

// DidFinishDownloading moves the file into the container before returning
// (R-D6).
func (d *refSessionDelegate) DidFinishDownloading(_ Session, t Task, location string) {
	a := d.a
	app := a.app
	dest, ok := a.destination(t)
	if !ok {
		app.Log("DidFinishDownloading: task %d (%q) matches no download I know of; dropping the file", t.ID(), t.TaskDescription())
		return
	}
	if a.opts.Mistakes.ReadFileAfterReturn {
		app.DispatchBackground(func() {
			if _, err := app.Files().Open(location); err != nil {
				app.Log("could not read the download: %v", err)
				return
			}
			if app.Files().Rename(location, dest) == nil {
				a.moved++
			}
		})
		return
	}
	if err := app.Files().Rename(location, dest); err != nil {
		app.Log("could not move the download: %v", err)
		return
	}
	app.Defaults().SetInt(refKeyDone, app.Defaults().Int(refKeyDone)+1)
	a.moved++
	a.rememberImage(dest) // M14
	LogString(app, "moved the download to %s", dest)
	if a.opts.Mistakes.SlowDidFinishDownloading {
		a.decodeNow(dest) // M13
	}
}

// DidCompleteWithError logs the outcome.
func (d *refSessionDelegate) DidCompleteWithError(_ Session, t Task, err *URLError) {
	app := d.a.app
	if err != nil {
		app.Log("task %d failed: %v", t.ID(), err)
		return
	}
	LogInt(app, "task %d complete", t.ID())
	d.a.finaliseWhenPartsDone() // M17
}

// DidFinishEventsForBackgroundSession calls the kept completion handler on
// the main thread, after updating the UI (R-D3, R-D4); with TaskPerWake it
// first starts the next download.
func (d *refSessionDelegate) DidFinishEventsForBackgroundSession(Session) {
	a := d.a
	app := a.app
	if a.opts.Mistakes.TaskPerWake {
		if started := app.Defaults().Int(refKeyStarted); started < a.images() {
			a.start(true, started)
		}
	}
	h := a.handler
	a.handler = nil
	m := a.opts.Mistakes
	switch {
	case h == nil || m.ForgetCompletionHandler:
		app.Log("DidFinishEventsForBackgroundSession: not calling the completion handler")
	case m.HandlerOnlyWhenNoTasks:
		a.handlerWhenNoTasks(h)
	case m.CallHandlerOffMain:
		h()
	default:
		twice := m.CallHandlerTwice // the block keeps this, not all of m
		app.InvokeOnMainThread(func() {
			a.showWakeImage()
			h()
			if twice {
				h()
			}
		})
	}
}

// showWakeImage updates the UI for the snapshot iOS takes when the
// completion handler is called (R-D4): the downloaded image if the wake
// moved one into the container, else what the screen still shows. A
// file the app did not move is gone (R-D6), and failed or dropped
// transfers bring none.
func (a *RefApp) showWakeImage() {
	if a.moved > 0 {
		a.app.UpdateUI("shows the downloaded image")
	} else {
		a.app.UpdateUI("shows no new image")
	}
	a.moved = 0
}
