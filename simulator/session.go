package simulator

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bgsim/bgsim/appmodel"
)

// sessionObj is a session object in one process: what NewSession returns.
// It is connected to the daemon's background session with its identifier;
// when the process ends, the object is gone and the transfers go on (R-S1).
type sessionObj struct {
	p        *process
	b        *bgSession
	cfg      appmodel.SessionConfig
	delegate appmodel.SessionDelegate
	queue    *queue // the delegate queue: serial, not the main thread (R-D5)
	// tasks are the objects of this owner's whose tasks' obj another
	// owner's object has since taken, by task id (see taskObj); a second
	// object uses its original's (R-I1). Behind a pointer, as nearly no
	// owner keeps one: the 16 bytes it leaves are obj0.
	tasks *[]*taskObj
	// obj0 is the first object so hands out that is not its task's own
	// (dtask.obj0), part of so and used for no other: a relaunched app's
	// session object gives one for each task the first process had, and a
	// walkthrough's relaunched app one, which was an allocation of its own.
	obj0 taskObj
	// original is set on a second session object with the same identifier
	// in one process (R-I1): events keep going to the original.
	original    *sessionObj
	invalidated bool
	// inUse: another process holds the session (R-I2, R-X3); until
	// DidBecomeInvalidWithError(-996) has told the app (inUseTold), the
	// tasks this object makes fail with -996 (failInUse).
	inUse, inUseTold bool
	// backlog says why the events that waited in the daemon outside a
	// wake reach the app now, until they are all delivered: it recreated
	// its session (R-I3), or the user brought the suspended app back and
	// its existing session delivers them (R-I4); not a relaunch's order
	// (R-D2). A byte beside invalidated, where a process, which holds its
	// first session object, has room (TestProcessSizeClass).
	backlog  backlogKind
	ownQueue queue // *queue, unless the object shares its original's
	// ownItems is ownQueue's first array of items: a delegate queue
	// holds one event at a time nearly always (delivery waits for the
	// one in progress), and its first append would be an allocation of
	// its own (two in a walkthrough).
	ownItems [1]queueItem
}

var _ appmodel.Session = (*sessionObj)(nil)

// NewSession connects the process to the background session with cfg's
// identifier, creating it if the daemon has none (R-I3).
func (a *appHandle) NewSession(cfg appmodel.SessionConfig, d appmodel.SessionDelegate) appmodel.Session {
	if !a.proc().s.onSim("NewSession") {
		return &sessionObj{p: a.proc(), cfg: cfg, delegate: d, invalidated: true}
	}
	if a.proc().dead {
		a.proc().s.deadCall(a.proc(), "NewSession")
	}
	return a.proc().s.daemon.connect(a.proc(), cfg, d)
}

func (d *daemon) connect(p *process, cfg appmodel.SessionConfig, del appmodel.SessionDelegate) *sessionObj {
	s := d.s
	if cfg.TimeoutIntervalForRequest <= 0 {
		cfg.TimeoutIntervalForRequest = appmodel.DefaultTimeoutIntervalForRequest
	}
	if cfg.TimeoutIntervalForResource <= 0 {
		cfg.TimeoutIntervalForResource = appmodel.DefaultTimeoutIntervalForResource
	}
	so := p.newSession()
	so.cfg, so.delegate = cfg, del
	if p.dead {
		so.invalidated = true
		return so
	}
	if cfg.Identifier == "" {
		// R-I3: a background session is found again by its identifier;
		// without one it cannot be.
		s.violate(p, RuleI3, "NewSession with an empty identifier was refused: a background session needs one "+
			"to be reconnected after a relaunch; the session object makes no tasks")
		so.invalidated = true
		return so
	}
	for _, other := range p.sessions {
		if other.cfg.Identifier == cfg.Identifier && !other.invalidated && other.original == nil {
			// R-I1: undefined on iOS; it logs and keeps the first session's delegate.
			s.emit(Event{Actor: ActorSystem, Kind: KindLog, Process: p.pid, Session: cfg.Identifier,
				Detail: fmt.Sprintf("A background URLSession with identifier %s already exists!", cfg.Identifier), Rule: RuleI1})
			s.violate(p, RuleI1, fmt.Sprintf("a second session with identifier %s in one process; events keep going to the first one's delegate", cfg.Identifier))
			so.original, so.b, so.queue = other, other.b, other.queue
			return so
		}
	}
	if del == nil {
		// R-S3: a background session needs a delegate; without one its
		// events have nowhere to go.
		s.violate(p, RuleS3, "a background session was made without a delegate: its events will be lost")
		so.delegate = appmodel.SessionDelegateBase{}
	}
	b, isNew := d.sessionFor(&cfg)
	b.wontWake = false
	so.b = b
	so.queue = &so.ownQueue
	so.queue.init(p, QueueDelegate)
	so.queue.items = so.ownItems[:0]
	p.queues = append(p.queues, so.queue)
	p.sessions = append(p.sessions, so)
	if d.isHeldElsewhere(cfg.Identifier) || b.heldByOtherProcess(p) {
		so.invalidateInUse() // R-I2, R-X3
		return so
	}
	b.conn = so
	var e Event // set field by field: see daemon.startTransfer
	e.Actor, e.Kind, e.Process, e.Session, e.Rule = ActorDaemon, KindConnect, p.pid, b.id, RuleI3
	if isNew {
		// R-I3: only the same identifier finds the daemon's transfers; a
		// new one starts empty, whatever other sessions hold.
		e.Detail = newSessionDetail + d.othersHold(b)
		s.emitEvent(&e, nil)
	} else {
		if b.events.len() > 0 && b.wake == nil { // not the app a wake is for (R-D2)
			so.backlog = backlogReconnected
		}
		s.emitfEvent(&e, "%s under way, %s waiting", countArg(int(b.active), "task", "tasks"), countArg(b.events.len(), "event", "events"))
	}
	b.pump()
	b.armProgress()
	return so
}

// descOf is the Desc of a callback of so about task t: what emit would
// look up (the description of task t.id of the first session named
// so.b.id) where t's session is so's (daemon.descOf), "" for emit to look
// up otherwise.
func (so *sessionObj) descOf(t *dtask) string {
	if t.sess != so.b {
		return ""
	}
	return so.p.s.daemon.descOf(t)
}

// callback records a delegate method starting on the delegate queue:
// c's own fields, and so's process, session and queue.
func (so *sessionObj) callback(c *callbackEvent) {
	c.pid, c.session, c.queue = so.p.pid, so.b.id, QueueDelegate // so.queue's name
	so.p.s.emitCallback(KindSessionCallback, c)
}

// taskObj returns this process's object for t, making it on first use:
// after a relaunch the app gets new objects for the same transfers.
//
// t.obj is the object last handed out for t. Only when a session object
// of another owner takes its place does it go to its owner's tasks, to be
// found again if that owner asks: a session whose one object makes all its
// tasks' objects, nearly every one, keeps no table of them.
func (so *sessionObj) taskObj(t *dtask) *taskObj {
	if cur := t.obj; cur != nil && cur.so == so {
		return cur // so handed it out last (inlined: a report's and a delivery's way)
	}
	return so.otherTaskObj(t)
}

// otherTaskObj is taskObj where t's object was last handed out by
// another session object, or by none.
func (so *sessionObj) otherTaskObj(t *dtask) *taskObj {
	owner := so.owner()
	cur := t.obj
	if cur != nil && cur.so.owner() == owner {
		return cur
	}
	o := owner.displaced(t.id)
	switch {
	case o != nil:
	case t.obj0.t == nil:
		t.obj0 = taskObj{so: so, t: t}
		o = &t.obj0
	case so.obj0.t == nil:
		so.obj0 = taskObj{so: so, t: t}
		o = &so.obj0
	default:
		o = so.p.s.newTaskObj() // a spare of an earlier run's (Sim.Reset), or new
		*o = taskObj{so: so, t: t}
	}
	if cur != nil && !cur.so.p.dead {
		// An ended process's objects are never asked for again (its
		// calls do nothing, R-L6): a relaunched app's objects displace
		// them without keeping them.
		cur.so.owner().keepDisplaced(cur)
	}
	t.obj = o
	return o
}

// owner is the session object whose task objects so hands out: its
// original's for a second object with the same identifier (R-I1).
func (so *sessionObj) owner() *sessionObj {
	if so.original != nil {
		return so.original
	}
	return so
}

// displaced is owner so's object for task id among those it keeps, or
// nil. Nearly every owner keeps none: that test inlines, and only an
// owner that keeps some calls findDisplaced.
func (so *sessionObj) displaced(id int) *taskObj {
	if so.tasks == nil {
		return nil
	}
	return so.findDisplaced(id)
}

// findDisplaced is displaced's search.
func (so *sessionObj) findDisplaced(id int) *taskObj {
	if i, ok := so.displacedAt(id); ok {
		return so.kept()[i]
	}
	return nil
}

// keepDisplaced keeps o, an object of owner so's that is no longer its
// task's obj, unless it is kept already. Its entries are never replaced:
// an object, once handed out, stays the one for its task and owner.
func (so *sessionObj) keepDisplaced(o *taskObj) {
	i, ok := so.displacedAt(o.t.id)
	if ok {
		return
	}
	if so.tasks == nil {
		so.tasks = new([]*taskObj)
	}
	*so.tasks = slices.Insert(*so.tasks, i, o)
}

// kept is so's objects in tasks, in task id order: none if it keeps none.
func (so *sessionObj) kept() []*taskObj {
	if so.tasks == nil {
		return nil
	}
	return *so.tasks
}

// displacedAt is where task id's object is, or would go, in so.tasks,
// which is sorted by task id.
func (so *sessionObj) displacedAt(id int) (int, bool) {
	return slices.BinarySearchFunc(so.kept(), id, func(o *taskObj, id int) int { return cmp.Compare(o.t.id, id) })
}

func (so *sessionObj) Identifier() string                    { return so.cfg.Identifier }
func (so *sessionObj) Configuration() appmodel.SessionConfig { return so.cfg }

func (so *sessionObj) Delegate() appmodel.SessionDelegate {
	if so.original != nil {
		return so.original.delegate
	}
	return so.delegate
}

// refusal is what a task factory hands back when op can make no task: a
// task that does nothing when the process is dead, the call came from
// another goroutine, or the session object is invalidated and the app
// was told (a violation, R-G4); a task failed with -996 when another
// process holds the session and DidBecomeInvalidWithError has not yet
// told the app (R-I2, R-X3). Nil when op can make a task.
func (so *sessionObj) refusal(op string, req appmodel.Request, kind appmodel.TaskKind) appmodel.Task {
	if !so.p.s.fromApp(so.p, op) {
		return deadTask(req, kind)
	}
	if so.inUse && !so.inUseTold && so.b != nil {
		return so.failInUse(req, kind)
	}
	if so.invalidated || so.b == nil {
		so.p.s.violate(so.p, RuleG4, op+" on an invalidated session object; make a new session instead")
		return deadTask(req, kind)
	}
	return nil
}

func (so *sessionObj) newTask(kind appmodel.TaskKind, req appmodel.Request) *taskObj {
	t := so.b.newTask(kind, req)
	t.createdInBackground = so.p.ext == nil && so.p.s.state == background
	o := so.taskObj(t)
	so.p.s.emitfEvent(&Event{Actor: ActorApp, Kind: KindTaskCreate, Process: so.p.pid, Session: so.b.id, Task: t.id},
		"%s %s", strArg(kind.String()), strArg(req.URL))
	if so.needsSharedContainer() {
		so.failNoSharedContainer(t) // R-X1
	}
	return o
}

// deadTask is what task factories return when no task can be made: it
// reports completed and does nothing.
func deadTask(req appmodel.Request, kind appmodel.TaskKind) appmodel.Task {
	return &taskObj{t: &dtask{kindOf: uint8(kind), req: req, phase: phaseDone}}
}

func (so *sessionObj) DownloadTask(req appmodel.Request) appmodel.Task {
	if t := so.refusal("DownloadTask", req, appmodel.DownloadKind); t != nil {
		return t
	}
	if !validScheme(req.URL) {
		return so.unsupported(req, appmodel.DownloadKind)
	}
	return so.newTask(appmodel.DownloadKind, req)
}

func (so *sessionObj) DownloadTaskWithResumeData(data *appmodel.ResumeData) appmodel.Task {
	req := appmodel.Request{}
	if data != nil {
		req.URL = data.URL
	}
	if t := so.refusal("DownloadTaskWithResumeData", req, appmodel.DownloadKind); t != nil {
		return t
	}
	if data == nil {
		so.p.s.appFault(so.p, "DownloadTaskWithResumeData(nil)", "the resume data is nil (ArgumentNullException)")
		return deadTask(req, appmodel.DownloadKind)
	}
	if !validScheme(req.URL) {
		return so.unsupported(req, appmodel.DownloadKind)
	}
	o := so.newTask(appmodel.DownloadKind, req)
	if data != nil {
		if segs, ok := so.p.s.daemon.takePartial(data.TempFile); ok {
			o.t.setHave(segs)
			o.t.validator, o.t.acceptRanges, o.t.resumed = data.Validator, true, true
			o.t.got = haveEnd(segs)
			o.t.base = o.t.got // the kept bytes are in have: never count them twice
		}
	}
	return o
}

// DownloadTaskWithCompletion crashes the app, as UIKit raises an exception
// for a completion-handler task in a background session (R-S2).
func (so *sessionObj) DownloadTaskWithCompletion(req appmodel.Request, _ func(string, *appmodel.URLError)) appmodel.Task {
	if t := so.refusal("DownloadTaskWithCompletion", req, appmodel.DownloadKind); t != nil {
		return t
	}
	s := so.p.s
	msg := "Completion handler blocks are not supported in background sessions. Use a delegate instead."
	s.violate(so.p, RuleS2, msg)
	s.crashProcess(so.p, "NSGenericException: "+msg)
	return deadTask(req, appmodel.DownloadKind)
}

func (so *sessionObj) UploadTask(req appmodel.Request, path string) appmodel.Task {
	if t := so.refusal("UploadTask", req, appmodel.UploadKind); t != nil {
		return t
	}
	if !validScheme(req.URL) {
		return so.unsupported(req, appmodel.UploadKind)
	}
	o := so.newTask(appmodel.UploadKind, req)
	if path == "" {
		so.p.s.daemon.fail(o.t, &appmodel.URLError{Code: appmodel.ErrFileDoesNotExist, Message: "upload file: no file path given"}, RuleS2)
		return o
	}
	f, err := so.p.s.files.Stat(path)
	if err != nil {
		so.p.s.daemon.fail(o.t, &appmodel.URLError{Code: appmodel.ErrFileDoesNotExist, Message: "upload file: " + err.Error()}, RuleS2)
		return o
	}
	o.t.uploadFrom(path, f.Size)
	return o
}

func (so *sessionObj) UploadTaskFromData(req appmodel.Request, size int64) appmodel.Task {
	if t := so.refusal("UploadTaskFromData", req, appmodel.UploadKind); t != nil {
		return t
	}
	if !validScheme(req.URL) {
		return so.unsupported(req, appmodel.UploadKind)
	}
	if size < 0 {
		so.p.s.appFault(so.p, fmt.Sprintf("UploadTaskFromData(size %d)", size), "a negative size (ArgumentOutOfRangeException)")
		return deadTask(req, appmodel.UploadKind)
	}
	if so.p.s.cfg.UploadFromDataPolicy == UploadFromDataCrash {
		// R-S2 (v2): what developers hit is an exception at creation.
		s := so.p.s
		msg := "Upload tasks from NSData are not supported in background sessions."
		s.violate(so.p, RuleS2, msg)
		s.crashProcess(so.p, "NSGenericException: "+msg)
		return deadTask(req, appmodel.UploadKind)
	}
	// R-S2, UploadFromDataFailOnExit: Apple's article: it fails once the
	// app leaves the foreground.
	o := so.newTask(appmodel.UploadKind, req)
	o.t.uploadFromMemory(size)
	return o
}

func (so *sessionObj) DataTask(req appmodel.Request) appmodel.Task {
	if t := so.refusal("DataTask", req, appmodel.DataKind); t != nil {
		return t
	}
	if !validScheme(req.URL) {
		return so.unsupported(req, appmodel.DataKind)
	}
	return so.newTask(appmodel.DataKind, req)
}

// unsupported makes a task that fails at once: background sessions take
// only http and https (R-S3).
func (so *sessionObj) unsupported(req appmodel.Request, kind appmodel.TaskKind) appmodel.Task {
	o := so.newTask(kind, req)
	so.p.s.daemon.fail(o.t, &appmodel.URLError{Code: appmodel.ErrUnsupportedURL,
		Message: "background sessions support only http and https: " + req.URL}, RuleS3)
	return o
}

// validScheme reports whether rawURL starts with http:// or https://, in
// any case (R-S3). Only the scheme's bytes are compared, ASCII letters
// folded, in one pass: lower-casing the whole URL first cost ~490
// instructions a walkthrough. No rune outside ASCII lower-cases to a byte
// of "https://", so the answer is the same.
func validScheme(rawURL string) bool {
	const https = "https://"
	n := 0 // bytes of https matched
	for ; n < len(https) && n < len(rawURL); n++ {
		c := rawURL[n]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != https[n] {
			break
		}
	}
	return n == len(https) || n == len("http") && strings.HasPrefix(rawURL[n:], "://")
}

func (so *sessionObj) GetAllTasks(f func([]appmodel.Task)) {
	if !so.p.s.fromApp(so.p, "GetAllTasks") {
		return
	}
	if f == nil {
		so.p.s.appFault(so.p, "GetAllTasks(nil)", nilBlock)
		return
	}
	if so.b == nil {
		return
	}
	so.queue.asyncFrom(func() {
		var out []appmodel.Task
		for _, t := range so.b.tasks {
			if t.phase != phaseDone {
				out = append(out, so.taskObj(t))
			}
		}
		f(out)
	}, so.p.s.origin)
}

func (so *sessionObj) FinishTasksAndInvalidate() {
	if so.p.s.fromApp(so.p, "FinishTasksAndInvalidate") {
		so.invalidate(false)
	}
}

func (so *sessionObj) InvalidateAndCancel() {
	if so.p.s.fromApp(so.p, "InvalidateAndCancel") {
		so.invalidate(true)
	}
}

// invalidate ends the session object (R-G4): no new tasks; with cancel,
// every task is cancelled; DidBecomeInvalidWithError(nil) comes once the
// tasks are over.
func (so *sessionObj) invalidate(cancel bool) {
	if so.p.dead || so.invalidated || so.b == nil {
		return
	}
	so.invalidated = true
	b := so.b
	if cancel {
		for _, t := range b.tasks {
			if t.phase != phaseDone {
				b.d.cancel(t, false)
			}
		}
	}
	b.rarely().invalidating = so
	b.maybeInvalid()
}

// taskObj is a task object in one process.
type taskObj struct {
	so *sessionObj
	t  *dtask
}

var _ appmodel.Task = (*taskObj)(nil)

// act reports whether a call of the app's through this task object may
// act: a task object of an ended process is gone (R-L6), and a call from
// another goroutine is refused (outside.go). A task that could not be made
// (deadTask) does nothing.
func (o *taskObj) act(call string) bool {
	return o.so != nil && o.so.p.s.fromApp(o.so.p, call)
}

// read reports whether a getter may read the daemon's task: not from
// another goroutine.
func (o *taskObj) read(call string) bool {
	return o.so == nil || o.so.p.s.onSim(call)
}

func (o *taskObj) ID() int                 { return o.t.id }
func (o *taskObj) Kind() appmodel.TaskKind { return o.t.kind() }

func (o *taskObj) State() appmodel.TaskState {
	if !o.read("Task.State") {
		return appmodel.TaskState(0)
	}
	return o.t.state()
}

func (o *taskObj) Request() appmodel.Request {
	if !o.read("Task.Request") {
		return appmodel.Request{}
	}
	return o.t.request()
}

func (o *taskObj) TaskDescription() string {
	if !o.read("Task.TaskDescription") {
		return ""
	}
	return o.t.desc
}

func (o *taskObj) EarliestBeginDate() time.Time {
	if !o.read("Task.EarliestBeginDate") {
		return time.Time{}
	}
	return o.t.peek().earliest
}

func (o *taskObj) BytesReceived() int64 {
	if !o.read("Task.BytesReceived") {
		return 0
	}
	return o.t.bytes()
}

func (o *taskObj) BytesExpectedToReceive() int64 {
	if !o.read("Task.BytesExpectedToReceive") {
		return 0
	}
	return o.t.expected
}

func (o *taskObj) BytesSent() int64 {
	if !o.read("Task.BytesSent") {
		return 0
	}
	return o.t.sent()
}

func (o *taskObj) BytesExpectedToSend() int64 {
	if !o.read("Task.BytesExpectedToSend") {
		return 0
	}
	return o.t.expectedToSend()
}

func (o *taskObj) Response() *appmodel.Response {
	if !o.read("Task.Response") {
		return nil
	}
	return o.t.responseObj()
}

func (o *taskObj) Error() *appmodel.URLError {
	if !o.read("Task.Error") {
		return nil
	}
	return o.t.err
}

// SetEarliestBeginDate delays the task's start (R-S7).
func (o *taskObj) SetEarliestBeginDate(t time.Time) {
	if o.act("Task.SetEarliestBeginDate") {
		o.t.rare().earliest, o.t.delayed = t, !t.IsZero()
	}
}

// SetTaskDescription sets the label the daemon keeps across relaunches.
func (o *taskObj) SetTaskDescription(s string) {
	if o.act("Task.SetTaskDescription") {
		o.t.desc = s
	}
}

func (o *taskObj) Resume() {
	if o.act("Task.Resume") {
		o.so.b.d.resume(o.t)
	}
}

func (o *taskObj) Suspend() {
	if o.act("Task.Suspend") {
		o.so.b.d.suspend(o.t)
	}
}

func (o *taskObj) Cancel() {
	if o.act("Task.Cancel") {
		o.so.b.d.cancel(o.t, false)
	}
}

// CancelByProducingResumeData cancels the download and hands f the resume
// data, or nil, on the delegate queue (R-G1).
func (o *taskObj) CancelByProducingResumeData(f func(*appmodel.ResumeData)) {
	if !o.act("Task.CancelByProducingResumeData") {
		return
	}
	if f == nil {
		o.so.p.s.appFault(o.so.p, "CancelByProducingResumeData(nil)", nilBlock)
		return
	}
	data := o.so.b.d.cancel(o.t, true)
	o.so.queue.asyncFrom(func() { f(data) }, o.so.p.s.origin)
}

// backlogKind is why events that waited outside a wake reach a session
// object (sessionObj.backlog).
type backlogKind uint8

const (
	backlogNone        backlogKind = iota
	backlogReconnected             // the app recreated its session (R-I3)
	backlogResumed                 // the user brought the suspended app back (R-I4)
)
