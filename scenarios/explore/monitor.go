package explore

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// monitor checks every property of one run as its events are emitted
// (Sim.Observe): one pass, no trace kept, nothing decoded. Each property
// keeps the first event that broke it; finish adds what only the end of the
// run tells, and first picks the property to report, in the order of
// Properties (safety before liveness).
//
// A run has few processes, sessions and tasks: the monitor keeps them in
// small slices, not maps, so that a seed allocates little and hashes
// nothing per event.
type monitor struct {
	spec *spec
	sim  *simulator.Sim // nil when replaying a trace: no file to look at
	// vers is what the server publishes, made by mkVers when first needed
	// (a run that hands over no file never needs it).
	vers   *versions
	mkVers func() versions

	broke  [numChecks]*broken
	absent []*broken // the first event matching each absent pattern

	tasks     taskTable
	dead      []int     // processes that ended
	connected []conn    // processes connected to sessions
	open      []waiting // wakes not yet answered by the completion handler
	written   bool      // the daemon wrote a downloaded file

	cov seedCoverage
}

// The checks, in the order a broken property is reported.
const (
	chkRun = iota
	chkViolations
	chkAbsent
	chkExactlyOnce
	chkDeadProcess
	chkSessions
	chkFiles
	chkDelivered
	chkHandler
	numChecks
	firstLiveness = chkDelivered
)

type taskKey struct {
	session string
	task    int
}

type conn struct {
	process int
	session string
}

type waiting struct {
	session string
	process int
	at      time.Duration
}

// taskFacts is what the properties know of a task.
type taskFacts struct {
	created   bool
	url       string // as the app asked for it
	status    int    // of the last response
	resumed   bool   // an answer 206 came
	completes int    // task.complete events
	delivered int    // DidCompleteWithError calls
}

// taskTable holds the tasks of a run by session, then by id (ids count
// from 1 in a session); an id beyond maxIndexedTask goes to a map.
type taskTable struct {
	sessions []string
	byID     [][]taskFacts
	other    map[taskKey]*taskFacts
}

const maxIndexedTask = 4096

// get is the task's facts, made empty if new.
func (tt *taskTable) get(session string, id int) *taskFacts {
	if id < 1 || id > maxIndexedTask {
		if tt.other == nil {
			tt.other = map[taskKey]*taskFacts{}
		}
		k := taskKey{session, id}
		if tt.other[k] == nil {
			tt.other[k] = &taskFacts{}
		}
		return tt.other[k]
	}
	i := slices.Index(tt.sessions, session)
	if i < 0 {
		i = len(tt.sessions)
		tt.sessions = append(tt.sessions, session)
		tt.byID = append(tt.byID, nil)
	}
	if len(tt.byID[i]) < id {
		tt.byID[i] = append(tt.byID[i], make([]taskFacts, id-len(tt.byID[i]))...)
	}
	return &tt.byID[i][id-1]
}

// spec is what the properties need of a target, prepared once.
type spec struct {
	allowed map[simulator.Rule]bool // violations the scenario expects
	// declared are the violations a mistake scenario's consequence lists:
	// the mistake's designed effect, expected like expect.violations.
	declared []simulator.Pattern
	absent   []scenarios.EventPattern
	pattern  []simulator.Pattern // of absent
	vers     versions            // of the scenario's resources as written
}

func newSpec(s *scenarios.Scenario) *spec {
	sp := &spec{allowed: map[simulator.Rule]bool{}, absent: s.Expect.Absent}
	if v := s.Expect.Violations; v != nil {
		for _, r := range v.Rules {
			sp.allowed[simulator.Rule(r)] = true
		}
	}
	if m := s.Mistake; m != nil {
		// A mistake scenario shows its mistake's consequence, often a
		// violation (M4's R-D4): that is the scenario's point, not a
		// finding. Only a consequence that can match a violation counts.
		for _, c := range m.Consequence {
			if k := simulator.Kind(c.Kind); k == "" || k == simulator.KindViolation {
				sp.declared = append(sp.declared, c.Pattern())
			}
		}
	}
	for _, a := range sp.absent {
		sp.pattern = append(sp.pattern, a.Pattern())
	}
	sp.vers = newVersions()
	for _, r := range s.Network.Resources {
		sp.vers.add(r)
	}
	return sp
}

// newMonitor checks a run of a scenario of spec sp whose server publishes
// what vers makes.
func newMonitor(sp *spec, vers func() versions) *monitor {
	m := &monitor{spec: sp, mkVers: vers}
	if len(sp.pattern) > 0 {
		m.absent = make([]*broken, len(sp.pattern))
	}
	return m
}

// versions is what the server publishes in the run.
func (m *monitor) versions() versions {
	if m.vers == nil {
		v := m.mkVers()
		m.vers = &v
	}
	return *m.vers
}

// attach has sim's events checked as they come.
func (m *monitor) attach(sim *simulator.Sim) {
	m.sim = sim
	sim.ObserveLazily(m.event)
}

// render makes e.Detail the event's detail: an event lent by
// ObserveLazily has it rendered only when a check reads it (d nil: an event
// read back from a trace, whose Detail is there).
func render(d *simulator.LazyDetail) {
	if d != nil {
		d.Text()
	}
}

// declared reports whether violation e is one the scenario's mistake
// declares as its consequence.
func (m *monitor) declared(e *simulator.Event, d *simulator.LazyDetail) bool {
	for _, p := range m.spec.declared {
		if p.Detail != "" {
			render(d)
		}
		if p.Matches(*e) {
			return true
		}
	}
	return false
}

// breaks records b as property c's break, unless an earlier event broke it.
func (m *monitor) breaks(c int, b *broken) {
	if m.broke[c] == nil {
		m.broke[c] = b
	}
}

// event takes the next event of the run, and its detail to render when a
// check reads it (nil for an event read back from a trace).
func (m *monitor) event(e *simulator.Event, d *simulator.LazyDetail) {
	m.cov.event(e)
	if e.Kind == simulator.KindViolation && !m.spec.allowed[e.Rule] && m.broke[chkViolations] == nil && !m.declared(e, d) {
		render(d)
		m.breaks(chkViolations, &broken{property: PropNoViolation,
			message: fmt.Sprintf("%s violation %s by process %d: %s", fakes.FormatOffset(e.At), e.Rule, e.Process, e.Detail),
			expect:  &expectation{absent: &scenarios.EventPattern{Kind: string(simulator.KindViolation), Rule: string(e.Rule)}}})
	}
	for i, p := range m.spec.pattern {
		if p.Detail != "" {
			render(d)
		}
		if m.absent[i] == nil && p.Matches(*e) {
			a := m.spec.absent[i]
			a.Pos = scenarios.Position{}
			m.absent[i] = &broken{property: PropAbsent,
				message: fmt.Sprintf("%s %s, which the scenario says must not happen (%s)", fakes.FormatOffset(e.At), e.Kind, p),
				expect:  &expectation{absent: &a}}
		}
	}
	switch e.Kind {
	case simulator.KindTaskCreate:
		render(d)
		_, u, _ := strings.Cut(e.Detail, " ")
		t := m.tasks.get(e.Session, e.Task)
		t.created, t.url, t.status, t.resumed = true, u, 0, false
	case simulator.KindTransferResponse:
		if t := m.tasks.get(e.Session, e.Task); t.created {
			t.status = e.Code
			t.resumed = t.resumed || e.Code == 206
		}
	case simulator.KindTaskComplete:
		t := m.tasks.get(e.Session, e.Task)
		t.completes++
		if t.completes == 2 {
			m.breaks(chkExactlyOnce, &broken{property: PropExactlyOnce,
				message: fmt.Sprintf("%s task %d of session %s completed twice", fakes.FormatOffset(e.At), e.Task, e.Session)})
		}
	case simulator.KindTerminate:
		if !slices.Contains(m.dead, e.Process) {
			m.dead = append(m.dead, e.Process)
		}
		m.open = slices.DeleteFunc(m.open, func(w waiting) bool { return w.process == e.Process })
	case simulator.KindConnect:
		if c := (conn{e.Process, e.Session}); !slices.Contains(m.connected, c) {
			m.connected = append(m.connected, c)
		}
	case simulator.KindHandlerCall:
		m.open = slices.DeleteFunc(m.open, func(w waiting) bool { return w.session == e.Session && w.process == e.Process })
	case simulator.KindFile:
		m.written = true
	case simulator.KindAppCallback, simulator.KindSessionCallback:
		m.callback(e, d)
	}
}

// callback takes a delegate method's call.
func (m *monitor) callback(e *simulator.Event, d *simulator.LazyDetail) {
	if slices.Contains(m.dead, e.Process) {
		m.breaks(chkDeadProcess, &broken{property: PropDeadProcess,
			message: fmt.Sprintf("%s %s called in process %d, which had ended", fakes.FormatOffset(e.At), e.Callback, e.Process)})
	}
	if e.Kind == simulator.KindAppCallback {
		if e.Callback == simulator.CbHandleEventsForBackgroundURL {
			m.open = append(m.open, waiting{e.Session, e.Process, e.At})
		}
		return
	}
	// R-I3: a session delegate method is called only in a process that
	// connected to that session, never in another one.
	if e.Session != "" && !slices.Contains(m.connected, conn{e.Process, e.Session}) {
		m.breaks(chkSessions, &broken{property: PropSessions,
			message: fmt.Sprintf("%s %s for session %s in process %d, which never connected to it",
				fakes.FormatOffset(e.At), e.Callback, e.Session, e.Process)})
	}
	switch e.Callback {
	case simulator.CbDidCompleteWithError:
		t := m.tasks.get(e.Session, e.Task)
		t.delivered++
		if t.delivered == 2 {
			m.breaks(chkExactlyOnce, &broken{property: PropExactlyOnce,
				message: fmt.Sprintf("%s task %d of session %s delivered twice", fakes.FormatOffset(e.At), e.Task, e.Session)})
		}
	case simulator.CbDidFinishDownloading:
		render(d) // the file's path
		m.handedOver(e)
	}
}

// handedOver checks the file a DidFinishDownloading hands over, while the
// method runs (R-D6: the daemon deletes it once the method returns).
func (m *monitor) handedOver(e *simulator.Event) {
	t := m.tasks.get(e.Session, e.Task)
	if m.sim == nil || !t.created || t.status < 200 || t.status > 299 {
		return // an error's body is what the server sent, not a content
	}
	f, err := m.sim.Files().Stat(e.Detail)
	why := ""
	if err != nil {
		why = fmt.Sprintf("is not there: %v", err)
	} else {
		why = m.versions().judge(f, t.url)
		m.cov.file(f, t.resumed, m.versions())
	}
	if why != "" {
		m.breaks(chkFiles, &broken{property: PropFiles,
			message: fmt.Sprintf("%s DidFinishDownloading of task %d %q of session %s hands over %s, which %s",
				fakes.FormatOffset(e.At), e.Task, e.Desc, e.Session, e.Detail, why)})
	}
}

// finish adds what the end of the run tells: how it ended, the files the
// app kept, the tasks' outcomes, the wakes never answered.
func (m *monitor) finish(res *scenarios.Result) {
	if res.Err != nil {
		m.breaks(chkRun, &broken{property: PropRun, message: "the run stopped early: " + res.Err.Error()})
	}
	for _, a := range m.absent {
		if a != nil {
			m.breaks(chkAbsent, a)
			break
		}
	}
	if m.broke[chkFiles] == nil && res.Sim != nil && m.written {
		// Only a file the daemon downloaded brings a resource's bytes
		// into the container: with none, there is nothing to look at.
		m.kept(res.Sim.Files())
	}
	m.broke[chkDelivered] = undelivered(res.Tasks)
	if len(m.open) > 0 {
		w := m.open[0]
		m.broke[chkHandler] = &broken{property: PropHandler,
			message: fmt.Sprintf("%s HandleEventsForBackgroundURL(%s) in process %d was never answered by its completion handler",
				fakes.FormatOffset(w.at), w.session, w.process),
			expect: &expectation{event: &scenarios.EventPattern{Kind: string(simulator.KindHandlerCall), Session: w.session}}}
	}
}

// kept checks the files the app kept, wherever it moved them: a download
// the app stitched to an earlier one is not whole, or not of one version.
func (m *monitor) kept(files *fakes.FS) {
	for _, p := range files.List("/") {
		f, err := files.Stat(p)
		if err != nil || !m.versions().judged(f) {
			continue
		}
		if why := m.versions().judge(f, ""); why != "" {
			m.breaks(chkFiles, &broken{property: PropFiles,
				message: fmt.Sprintf("at the end of the run, the file %s %s", p, why)})
			return
		}
	}
}

// undelivered is the first task whose outcome never reached the app.
func undelivered(tasks []scenarios.TaskOutcome) *broken {
	for _, t := range tasks {
		if t.Outcome == "unfinished" || !t.Delivered {
			te := scenarios.TaskExpect{Task: t.ID, Session: t.Session, Desc: t.Desc, Delivered: boolp(true)}
			if t.Desc != "" {
				te.Task, te.Session = 0, ""
			}
			what := "never finished"
			if t.Outcome != "unfinished" {
				what = t.Outcome + " but the app was never told"
			}
			return &broken{property: PropDelivered,
				message: fmt.Sprintf("task %d %q of session %s %s, a day after the last trouble", t.ID, t.Desc, t.Session, what),
				expect:  &expectation{task: &te}}
		}
	}
	return nil
}

// first is the property the run broke that comes first in Properties,
// leaving out the liveness ones when safetyOnly; nil if none.
func (m *monitor) first(safetyOnly bool) *broken {
	for c, b := range m.broke {
		if safetyOnly && c >= firstLiveness {
			break
		}
		if b != nil {
			return b
		}
	}
	return nil
}
