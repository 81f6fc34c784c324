package scenarios

import (
	"fmt"
	"net/http"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// Keys the policy app keeps in NSUserDefaults: a relaunch is a new
// process whose memory is empty (R-L6), so what it must remember lives
// there.
const (
	policyKeyActive  = "policy.active"   // work is under way: recreate the sessions at launch
	policyKeyStarted = "policy.started." // + task name: the task was started
	policyKeyDone    = "policy.done"     // files moved into the container
	policyKeyTask    = "policy.task."    // + session/id: the task's name (task-state: defaults)
	policyKeyPath    = "policy.path."    // + task name: where its file was saved (paths)
)

// workCallbacks are the callbacks in which a policy app can spend virtual
// CPU time (Policy.Work).
var workCallbacks = []simulator.Callback{
	simulator.CbFinishedLaunching, simulator.CbDidEnterBackground, simulator.CbHandleEventsForBackgroundURL,
	simulator.CbDidFinishDownloading, simulator.CbDidCompleteWithError, simulator.CbDidFinishEventsForBackgroundSession,
}

// startByExtension is the trigger of the tasks an app knows from its
// extensions: it never starts them itself.
const startByExtension = "by-extension"

// stateLoadTime is how long a policy app with state-ready: after-session
// takes to read its per-task state (a small database) at launch.
const stateLoadTime = 250 * time.Millisecond

// NewPolicyApp returns the factory of the app a policy describes. Its
// log lines and UI updates are the reference app's, so a policy written
// like the reference app gives the reference app's trace.
func NewPolicyApp(p Policy) appmodel.Factory {
	return func() appmodel.AppDelegate {
		return &policyApp{p: p, sessions: map[string]appmodel.Session{}, handlers: map[string]func(){},
			memory: map[string]string{}, moved: map[string]int{}}
	}
}

// policyApp is one process of a policy app.
type policyApp struct {
	appmodel.AppDelegateBase
	p        Policy
	app      appmodel.App
	sessions map[string]appmodel.Session // by declared identifier
	handlers map[string]func()           // completion handlers by session identifier
	memory   map[string]string           // session/id -> task name (task-state: memory)
	ready    bool                        // the per-task state is loaded (state-ready)
	// moved counts, by session identifier, the files moved into the
	// container since the session's wake began: the UI shows a new image
	// only if one came.
	moved map[string]int
}

func (a *policyApp) spend(cb simulator.Callback, f func()) {
	if d := a.workIn(cb); d > 0 {
		a.app.Log("%s: working for %s", cb, FormatDuration(d))
		a.app.Work(d, f)
		return
	}
	f()
}

// workIn is the work the policy spends in cb, named by the trace's, the
// Xamarin or the Swift name (the first of them the policy uses).
func (a *policyApp) workIn(cb simulator.Callback) time.Duration {
	for _, name := range []string{string(cb), cb.Xamarin(), cb.Swift()} {
		if d, ok := a.p.Work[name]; ok {
			return time.Duration(d)
		}
	}
	return 0
}

// FinishedLaunching recreates the sessions with work under way, under
// recreate: at-launch (R-I3), and starts every-launch tasks at a user launch.
func (a *policyApp) FinishedLaunching(app appmodel.App, opts appmodel.LaunchOptions) {
	a.app = app
	app.Log("FinishedLaunching: launched for %s", opts.Reason)
	a.spend(simulator.CbFinishedLaunching, func() {
		relaunch := opts.Reason == appmodel.LaunchURLSession
		if a.recreate() == "at-launch" && app.Defaults().Bool(policyKeyActive) {
			for _, s := range a.p.Sessions {
				if a.sessions[s.Identifier] == nil && a.hasStarted(s.Identifier) {
					a.connect(s.Identifier, relaunch)
				}
			}
		}
		if opts.Reason == appmodel.LaunchUser {
			a.startAll("every-launch", true)
		}
		if opts.Reason == appmodel.LaunchExtension {
			// An extension starts its work when it is opened (R-X1).
			a.startAll("first-launch", false)
		}
	})
}

// OnActivated shows the files already downloaded or, at the first
// activation, taps Start.
func (a *policyApp) OnActivated(app appmodel.App) {
	a.app = app
	d := app.Defaults()
	if first := a.firstDownload(); d.Int(policyKeyDone) > 0 && first != nil {
		saved := d.String(policyKeyPath + first.Name)
		if saved == "" {
			saved = a.file(*first)
		}
		if app.Files().Exists(saved) {
			app.UpdateUI(fmt.Sprintf("shows %d downloaded image(s)", d.Int(policyKeyDone)))
			return
		}
		app.Log("could not find the downloaded file at %s", saved)
	}
	if !a.anyStarted("first-launch") && a.has("first-launch") {
		app.UpdateUI("user taps Start")
		a.startAll("first-launch", false)
	}
}

// DidEnterBackground starts the enter-background tasks: a transfer begun
// in the background is discretionary (R-S6, M10).
func (a *policyApp) DidEnterBackground(app appmodel.App) {
	a.app = app
	if a.has("enter-background") && !a.anyStarted("enter-background") {
		app.Log("DidEnterBackground: starting the downloads now")
		a.spend(simulator.CbDidEnterBackground, func() { a.startAll("enter-background", false) })
	}
}

// HandleEventsForBackgroundURL keeps the completion handler and makes the
// session if the app has none for it (R-D1, R-I3).
func (a *policyApp) HandleEventsForBackgroundURL(app appmodel.App, id string, h func()) {
	a.app = app
	app.Log("HandleEventsForBackgroundURL: keeping the completion handler for %s", id)
	a.handlers[id] = h
	a.moved[id] = 0 // a new wake: no file of its own yet
	a.spend(simulator.CbHandleEventsForBackgroundURL, func() {
		if a.sessions[id] == nil && a.recreate() != "never" {
			a.connect(id, true)
		}
		if a.p.CompletionHandler.When == "early" {
			delete(a.handlers, id)
			a.callHandler(id, h, false)
		}
	})
}

func (a *policyApp) recreate() string {
	if a.p.Recreate == "" {
		return "at-launch"
	}
	return a.p.Recreate
}

// sessionSpec is the declared session with identifier id, or a default
// one (an extension's session the app did not declare).
func (a *policyApp) sessionSpec(id string) PolicySession {
	for _, s := range a.p.Sessions {
		if s.Identifier == id {
			return s
		}
	}
	return PolicySession{Identifier: id}
}

// connect makes a session for the declared identifier id; after a
// background launch, under relaunch-identifier if the policy sets one (M3).
func (a *policyApp) connect(id string, relaunch bool) appmodel.Session {
	spec := a.sessionSpec(id)
	cfg := appmodel.BackgroundSessionConfig(id)
	if relaunch && a.p.RelaunchIdentifier != "" {
		cfg.Identifier = a.p.RelaunchIdentifier
	}
	cfg.Discretionary = spec.Discretionary
	cfg.SharedContainerIdentifier = spec.SharedContainer
	if spec.SendsLaunchEvents != nil {
		cfg.SessionSendsLaunchEvents = *spec.SendsLaunchEvents
	}
	if spec.AllowsCellular != nil {
		cfg.AllowsCellularAccess = *spec.AllowsCellular
	}
	if spec.RequestTimeout > 0 {
		cfg.TimeoutIntervalForRequest = time.Duration(spec.RequestTimeout)
	}
	if spec.ResourceTimeout > 0 {
		cfg.TimeoutIntervalForResource = time.Duration(spec.ResourceTimeout)
	}
	s := a.app.NewSession(cfg, &policyDelegate{a: a, id: id})
	a.sessions[id] = s
	switch {
	case a.ready:
	case a.p.StateReady == "after-session":
		// M16: the state is read from storage on a background queue after
		// the session exists; events the session delivers meanwhile find
		// nothing.
		app := a.app
		app.DispatchBackground(func() {
			app.Work(stateLoadTime, func() {
				a.ready = true
				app.Log("loaded the per-task state")
			})
		})
	default:
		a.ready = true
	}
	return s
}

func (a *policyApp) has(trigger string) bool {
	for _, t := range a.p.Tasks {
		if t.trigger() == trigger {
			return true
		}
	}
	return false
}

func (a *policyApp) anyStarted(trigger string) bool {
	for _, t := range a.p.Tasks {
		if t.trigger() == trigger && a.app.Defaults().Bool(policyKeyStarted+t.Name) {
			return true
		}
	}
	return false
}

func (a *policyApp) hasStarted(session string) bool {
	for _, t := range a.p.Tasks {
		if a.sessionOf(t) == session && a.app.Defaults().Bool(policyKeyStarted+t.Name) {
			return true
		}
	}
	return false
}

// startAll starts the tasks with trigger (again, with again).
func (a *policyApp) startAll(trigger string, again bool) {
	for i, t := range a.p.Tasks {
		if t.trigger() == trigger && (again || !a.app.Defaults().Bool(policyKeyStarted+t.Name)) {
			a.start(i)
		}
	}
}

func (t PolicyTask) trigger() string {
	switch {
	case t.Start != "":
		return t.Start
	case t.After != "":
		return "after"
	}
	return "first-launch"
}

func (a *policyApp) sessionOf(t PolicyTask) string {
	if t.Session != "" {
		return t.Session
	}
	if len(a.p.Sessions) > 0 {
		return a.p.Sessions[0].Identifier
	}
	return ""
}

func (a *policyApp) file(t PolicyTask) string {
	if t.File != "" {
		return t.File
	}
	return "/Documents/" + t.Name
}

func (a *policyApp) firstDownload() *PolicyTask {
	for i, t := range a.p.Tasks {
		if t.Kind == "" || t.Kind == "download" {
			return &a.p.Tasks[i]
		}
	}
	return nil
}

// start creates and resumes task i of the policy.
func (a *policyApp) start(i int) {
	t := a.p.Tasks[i]
	app := a.app
	d := app.Defaults()
	d.SetBool(policyKeyActive, true)
	id := a.sessionOf(t)
	s := a.sessions[id]
	if s == nil || a.p.SessionPerTask {
		s = a.connect(id, false)
	}
	req := appmodel.Request{URL: t.URL}
	if t.Token != "" {
		req.Header = http.Header{"Authorization": {"Bearer " + t.Token}}
	}
	var task appmodel.Task
	word := "download"
	switch t.Kind {
	case "upload":
		word = "upload"
		req.Method = "POST"
		if err := app.Files().Write(a.file(t), fakes.Segment{From: 0, To: int64(t.Size), Source: "app"}); err != nil {
			app.Log("could not save %s: %v", a.file(t), err)
			return
		}
		task = s.UploadTask(req, a.file(t))
	case "upload-from-data":
		word = "upload"
		req.Method = "POST"
		task = s.UploadTaskFromData(req, int64(t.Size))
	case "data":
		word = "data task"
		task = s.DataTask(req)
	case "download-with-completion-handler":
		task = s.DownloadTaskWithCompletion(req, func(string, *appmodel.URLError) {})
	default:
		task = s.DownloadTask(req)
	}
	task.SetTaskDescription(t.Name)
	if t.EarliestBegin > 0 {
		task.SetEarliestBeginDate(app.Now().Add(time.Duration(t.EarliestBegin)))
	}
	key := fmt.Sprintf("%s/%d", s.Identifier(), task.ID())
	switch a.p.TaskState {
	case "memory":
		a.memory[key] = t.Name
	case "defaults":
		d.SetString(policyKeyTask+key, t.Name)
	}
	d.SetBool(policyKeyStarted+t.Name, true)
	task.Resume()
	app.Log("started %s %d (task %d)", word, i+1, task.ID())
}

// taskFor finds the policy's task a delegate message is about, where the
// policy keeps that (task-state), once its state is loaded (state-ready).
func (a *policyApp) taskFor(s appmodel.Session, t appmodel.Task) (PolicyTask, bool) {
	if !a.ready {
		return PolicyTask{}, false
	}
	key := fmt.Sprintf("%s/%d", s.Identifier(), t.ID())
	name := t.TaskDescription()
	switch a.p.TaskState {
	case "memory":
		name = a.memory[key]
	case "defaults":
		name = a.app.Defaults().String(policyKeyTask + key)
	}
	for _, pt := range a.p.Tasks {
		if pt.Name == name && name != "" {
			return pt, true
		}
	}
	return PolicyTask{}, false
}

// callHandler calls session id's completion handler where the policy
// says: on the main thread with the UI updated first (R-D3, R-D4), or on
// the current queue.
func (a *policyApp) callHandler(id string, h func(), twice bool) {
	app := a.app
	if a.p.CompletionHandler.On == "delegate-queue" {
		h()
		if twice {
			h()
		}
		return
	}
	app.InvokeOnMainThread(func() {
		a.showWakeImage(id)
		h()
		if twice {
			h()
		}
	})
}

// showWakeImage updates the UI for the snapshot iOS takes when session
// id's completion handler is called (R-D4): the downloaded image if the
// wake moved a file into the container, else what the screen still shows.
// A file the app did not move is gone (R-D6); failures, uploads and
// authentication challenges bring no image.
func (a *policyApp) showWakeImage(id string) {
	if a.moved[id] > 0 {
		a.app.UpdateUI("shows the downloaded image")
	} else {
		a.app.UpdateUI("shows no new image")
	}
	a.moved[id] = 0
}

// ui updates the UI where the policy says (R-D5).
func (a *policyApp) ui(msg string) {
	app := a.app
	if a.p.UIUpdates == "off-main" {
		app.UpdateUI(msg)
		return
	}
	app.InvokeOnMainThread(func() { app.UpdateUI(msg) })
}
