package explore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// monitor checks every property of one run as its events are emitted
// (Sim.Observe): one pass, no trace kept, nothing decoded. Each property
// keeps the first event that broke it; finish adds what only the end of the
// run tells, and first picks the property to report, in the order of
// Properties (safety before liveness).
type monitor struct {
	spec *spec
	vers versions
	sim  *simulator.Sim // nil when replaying a trace: no file to look at

	broke  [numChecks]*broken
	absent []*broken // the first event matching each absent pattern

	completes, delivered map[taskKey]int
	dead                 map[int]bool
	connected            map[conn]bool
	open                 []waiting // wakes not yet answered by the completion handler
	tasks                map[taskKey]*taskFiles

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
	at      simulator.Event
}

// taskFiles is what the files property knows of a task.
type taskFiles struct {
	url     string // as the app asked for it
	status  int    // of the last response
	resumed bool   // an answer 206 came
}

// spec is what the properties need of a target, prepared once.
type spec struct {
	allowed map[simulator.Rule]bool // violations the scenario expects
	absent  []scenarios.EventPattern
	pattern []simulator.Pattern // of absent
	vers    versions            // of the scenario's resources as written
}

func newSpec(s *scenarios.Scenario) *spec {
	sp := &spec{allowed: map[simulator.Rule]bool{}, absent: s.Expect.Absent}
	if v := s.Expect.Violations; v != nil {
		for _, r := range v.Rules {
			sp.allowed[simulator.Rule(r)] = true
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
// vers.
func newMonitor(sp *spec, vers versions) *monitor {
	return &monitor{spec: sp, vers: vers, absent: make([]*broken, len(sp.pattern)),
		completes: map[taskKey]int{}, delivered: map[taskKey]int{}, dead: map[int]bool{},
		connected: map[conn]bool{}, tasks: map[taskKey]*taskFiles{}}
}

// attach has sim's events checked as they come.
func (m *monitor) attach(sim *simulator.Sim) {
	m.sim = sim
	sim.Observe(m.event)
}

// breaks records b as property c's break, unless an earlier event broke it.
func (m *monitor) breaks(c int, b *broken) {
	if m.broke[c] == nil {
		m.broke[c] = b
	}
}

// event takes the next event of the run.
func (m *monitor) event(e simulator.Event) {
	m.cov.event(e)
	if e.Kind == simulator.KindViolation && !m.spec.allowed[e.Rule] && m.broke[chkViolations] == nil {
		m.breaks(chkViolations, &broken{property: PropNoViolation,
			message: fmt.Sprintf("%s violation %s by process %d: %s", fakes.FormatOffset(e.At), e.Rule, e.Process, e.Detail),
			expect:  &expectation{absent: &scenarios.EventPattern{Kind: string(simulator.KindViolation), Rule: string(e.Rule)}}})
	}
	for i, p := range m.spec.pattern {
		if m.absent[i] == nil && p.Matches(e) {
			a := m.spec.absent[i]
			a.Pos = scenarios.Position{}
			m.absent[i] = &broken{property: PropAbsent,
				message: fmt.Sprintf("%s %s, which the scenario says must not happen (%s)", fakes.FormatOffset(e.At), e.Kind, p),
				expect:  &expectation{absent: &a}}
		}
	}
	switch e.Kind {
	case simulator.KindTaskCreate:
		_, u, _ := strings.Cut(e.Detail, " ")
		m.tasks[taskKey{e.Session, e.Task}] = &taskFiles{url: u}
	case simulator.KindTransferResponse:
		if t := m.tasks[taskKey{e.Session, e.Task}]; t != nil {
			t.status = e.Code
			t.resumed = t.resumed || e.Code == 206
		}
	case simulator.KindTaskComplete:
		k := taskKey{e.Session, e.Task}
		m.completes[k]++
		if m.completes[k] == 2 {
			m.breaks(chkExactlyOnce, &broken{property: PropExactlyOnce,
				message: fmt.Sprintf("%s task %d of session %s completed twice", fakes.FormatOffset(e.At), e.Task, e.Session)})
		}
	case simulator.KindTerminate:
		m.dead[e.Process] = true
		m.open = slices.DeleteFunc(m.open, func(w waiting) bool { return w.process == e.Process })
	case simulator.KindConnect:
		m.connected[conn{e.Process, e.Session}] = true
	case simulator.KindHandlerCall:
		m.open = slices.DeleteFunc(m.open, func(w waiting) bool { return w.session == e.Session && w.process == e.Process })
	case simulator.KindAppCallback, simulator.KindSessionCallback:
		m.callback(e)
	}
}

// callback takes a delegate method's call.
func (m *monitor) callback(e simulator.Event) {
	if m.dead[e.Process] {
		m.breaks(chkDeadProcess, &broken{property: PropDeadProcess,
			message: fmt.Sprintf("%s %s called in process %d, which had ended", fakes.FormatOffset(e.At), e.Callback, e.Process)})
	}
	if e.Kind == simulator.KindAppCallback {
		if e.Callback == simulator.CbHandleEventsForBackgroundURL {
			m.open = append(m.open, waiting{e.Session, e.Process, e})
		}
		return
	}
	// R-I3: a session delegate method is called only in a process that
	// connected to that session, never in another one.
	if e.Session != "" && !m.connected[conn{e.Process, e.Session}] {
		m.breaks(chkSessions, &broken{property: PropSessions,
			message: fmt.Sprintf("%s %s for session %s in process %d, which never connected to it",
				fakes.FormatOffset(e.At), e.Callback, e.Session, e.Process)})
	}
	switch e.Callback {
	case simulator.CbDidCompleteWithError:
		k := taskKey{e.Session, e.Task}
		m.delivered[k]++
		if m.delivered[k] == 2 {
			m.breaks(chkExactlyOnce, &broken{property: PropExactlyOnce,
				message: fmt.Sprintf("%s task %d of session %s delivered twice", fakes.FormatOffset(e.At), e.Task, e.Session)})
		}
	case simulator.CbDidFinishDownloading:
		m.handedOver(e)
	}
}

// handedOver checks the file a DidFinishDownloading hands over, while the
// method runs (R-D6: the daemon deletes it once the method returns).
func (m *monitor) handedOver(e simulator.Event) {
	t := m.tasks[taskKey{e.Session, e.Task}]
	if m.sim == nil || t == nil || t.status < 200 || t.status > 299 {
		return // an error's body is what the server sent, not a content
	}
	f, err := m.sim.Files().Stat(e.Detail)
	why := ""
	if err != nil {
		why = fmt.Sprintf("is not there: %v", err)
	} else {
		why = m.vers.judge(f, t.url)
		m.cov.file(f, t.resumed, m.vers)
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
	if m.broke[chkFiles] == nil && res.Sim != nil {
		m.kept(res.Sim.Files())
	}
	m.broke[chkDelivered] = undelivered(res.Tasks)
	if len(m.open) > 0 {
		w := m.open[0]
		m.broke[chkHandler] = &broken{property: PropHandler,
			message: fmt.Sprintf("%s HandleEventsForBackgroundURL(%s) in process %d was never answered by its completion handler",
				fakes.FormatOffset(w.at.At), w.session, w.process),
			expect: &expectation{event: &scenarios.EventPattern{Kind: string(simulator.KindHandlerCall), Session: w.session}}}
	}
}

// kept checks the files the app kept, wherever it moved them: a download
// the app stitched to an earlier one is not whole, or not of one version.
func (m *monitor) kept(files *fakes.FS) {
	for _, p := range files.List("/") {
		f, err := files.Stat(p)
		if err != nil || !m.vers.judged(f) {
			continue
		}
		if why := m.vers.judge(f, ""); why != "" {
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
			te := scenarios.TaskExpect{Task: t.ID, Desc: t.Desc, Delivered: boolp(true)}
			if t.Desc != "" {
				te.Task = 0
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
