package simulator

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// Participants of the sequence diagram, left to right.
const (
	mmUser    = "User"
	mmApp     = "App"
	mmSystem  = "iOS"
	mmDaemon  = "nsurlsessiond"
	mmNetwork = "Network"
)

// MermaidOptions shape the sequence diagram.
type MermaidOptions struct {
	// Names chooses how the app's callbacks are named: Xamarin (the
	// default), Swift or both.
	Names Names
	// Explain, if set, adds under each violation what breaking its rule
	// does on a device and how to fix it.
	Explain Explainer
}

// mmViolationColour is the background of a violation's box;
// mmBackgroundColour that of the time the app runs in the background.
const (
	mmViolationColour  = "rect rgb(255, 221, 221)"
	mmBackgroundColour = "rect rgb(226, 234, 248)"
)

// RenderMermaid writes events as a Mermaid sequence diagram with the
// default options; see [RenderMermaidWith].
func RenderMermaid(w io.Writer, events []Event) error {
	return RenderMermaidWith(w, events, MermaidOptions{})
}

// RenderMermaidWith writes events as a Mermaid sequence diagram with the
// participants User, iOS (the system), Network and nsurlsessiond (the
// daemon), those the run involves only, then a participant per process of
// the app. A process's participant is created where iOS launches it and
// destroyed where it ends (Mermaid's create and destroy, Mermaid 10.3 or
// later), so the process iOS relaunches is a new lane: "App (process 2)"
// beside the ended "App (process 1)". Calls between participants
// (launches, delegate callbacks, the completion handler, requests) are
// messages; lifecycle transitions, logs, UI updates and decisions are
// notes; a violation sits in a red box, with what it does on a device and
// its fix when opts.Explain knows them. A run of progress callbacks of one
// task (with the app's progress updates that answer them) is folded into
// the last one's line, which says it is the last of how many. The time the app runs in the
// background sits in a blue box. Each time the virtual time moves, a note
// across the participants gives the new time. The output depends on the
// events only, so the same trace always gives the same diagram.
func RenderMermaidWith(w io.Writer, events []Event, opts MermaidOptions) error {
	steps := foldProgress(events)
	d := newMermaidLanes(steps)
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "sequenceDiagram")
	for _, p := range d.declared {
		fmt.Fprintf(bw, "    participant %s\n", d.declaration(p))
	}
	bgPid := -1 // the process whose background phase is open, or -1
	for i, st := range steps {
		e := st.Event
		// A background phase (R-L3) ends when its process leaves the
		// background state or ends.
		if bgPid >= 0 && e.Process == bgPid && (e.Kind == KindTransition && e.From == "background" || e.Kind == KindTerminate) {
			fmt.Fprintln(bw, "    end")
			bgPid = -1
		}
		if i == 0 || e.At != steps[i-1].At {
			fmt.Fprintf(bw, "    Note over %s: %s\n", d.across(), fakes.FormatOffset(e.At))
		}
		// R-L6: a launch makes a new process, a termination ends it; the
		// directive goes just before the message that does it.
		f := d.forms[i]
		if p, ok := d.created[i]; ok {
			fmt.Fprintf(bw, "    create participant %s\n", d.declaration(p))
			d.last = p
		}
		if e.Kind == KindTerminate && f.arrow != "" && d.alive(f.to) {
			fmt.Fprintf(bw, "    destroy %s\n", f.to)
			d.destroyed[f.to] = true
		}
		line := mermaidStatementOf(f, e, st.n, opts.Names)
		switch {
		case e.Kind == KindViolation || e.Kind == KindCrash:
			fmt.Fprintf(bw, "    %s\n        %s\n", mmViolationColour, line)
			if x := mermaidExplanation(f, e, opts); x != "" {
				fmt.Fprintf(bw, "        %s\n", x)
			}
			fmt.Fprintln(bw, "    end")
		default:
			fmt.Fprintf(bw, "    %s\n", line)
		}
		if e.Kind == KindTransition && e.To == "background" && bgPid < 0 {
			fmt.Fprintf(bw, "    %s\n", mmBackgroundColour)
			bgPid = e.Process
		}
	}
	if bgPid >= 0 {
		fmt.Fprintln(bw, "    end")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("simulator: write sequence diagram: %w", err)
	}
	return nil
}

// mermaidLanes are the participants of a diagram and where each process's
// participant is created and destroyed.
type mermaidLanes struct {
	forms []mermaidForm // the form of each step, with its process's participant
	// declared are the participants declared at the top, left to right:
	// User, iOS, Network, nsurlsessiond (those used), then the app's
	// processes that are not seen being launched (a trace cut short).
	declared []string
	// created maps a step to the process participant it creates: the
	// launch of that process, when it is the participant's first step.
	created map[int]string
	pids    map[string]int // the process of each app participant
	// extensions are the participants of app extensions' processes.
	extensions map[string]bool
	// first is the leftmost participant, last the rightmost so far: the
	// time notes span them.
	first, last string
	destroyed   map[string]bool
}

func newMermaidLanes(steps []foldedEvent) *mermaidLanes {
	d := &mermaidLanes{forms: make([]mermaidForm, len(steps)), created: map[int]string{},
		pids: map[string]int{}, extensions: map[string]bool{}, destroyed: map[string]bool{}}
	used := map[string]bool{}
	var apps []string // app participants in order of first appearance
	cur := 0
	for i, st := range steps {
		if st.Process != 0 {
			cur = st.Process
		}
		app := mmAppOf(cur)
		d.forms[i] = mermaidFormOf(st.Event).withApp(app)
		for _, p := range d.forms[i].participants() {
			if p != app || used[p] {
				used[p] = true
				continue
			}
			used[p] = true
			d.pids[p] = max(cur, 1)
			if st.Kind == KindLaunch && d.forms[i].arrow != "" && d.forms[i].to == p {
				d.created[i] = p
				d.extensions[p] = st.Reason == appmodel.LaunchExtension.String()
			}
			apps = append(apps, p)
		}
	}
	for _, p := range []string{mmUser, mmSystem, mmNetwork, mmDaemon} {
		if used[p] {
			d.declared = append(d.declared, p)
		}
	}
	created := map[string]bool{}
	for _, p := range d.created {
		created[p] = true
	}
	for _, p := range apps {
		if !created[p] {
			d.declared = append(d.declared, p)
		}
	}
	if len(d.declared) > 0 {
		d.first, d.last = d.declared[0], d.declared[len(d.declared)-1]
	}
	return d
}

// declaration is how participant p is declared: "App as App (process 1)"
// for a process of the app, "App2 as Extension (process 2)" for an app
// extension's, the name alone for the others.
func (d *mermaidLanes) declaration(p string) string {
	pid, ok := d.pids[p]
	switch {
	case !ok:
		return p
	case d.extensions[p]:
		return fmt.Sprintf("%s as Extension (process %d)", p, pid)
	}
	return fmt.Sprintf("%s as App (process %d)", p, pid)
}

// across is where a time note goes: over every participant so far.
func (d *mermaidLanes) across() string {
	if d.last == "" || d.last == d.first {
		return d.first
	}
	return d.first + "," + d.last
}

// alive reports whether p is an app participant not yet destroyed.
func (d *mermaidLanes) alive(p string) bool {
	_, app := d.pids[p]
	return app && !d.destroyed[p]
}

// mermaidExplanation is the note under a violation with what breaking its
// rule does on a device and the fix, "" when opts.Explain knows nothing.
func mermaidExplanation(f mermaidForm, e Event, opts MermaidOptions) string {
	if opts.Explain == nil || e.Rule == "" {
		return ""
	}
	ps := opts.Explain(e.Rule).paragraphs()
	if len(ps) < 2 {
		return ""
	}
	where := f.note
	if f.arrow != "" {
		where = "over " + f.to
	}
	var lines []string
	for _, p := range ps[1:] {
		lines = append(lines, wrapItem(Printable(mermaidEscape.Replace(opts.Names.Rewrite(p))), 60)...)
	}
	// <br/> breaks the note's lines; it is added after escaping, so a
	// scenario's text can never make one.
	return fmt.Sprintf("Note %s: %s", where, strings.Join(lines, "<br/>"))
}

// foldedEvent is an event of the diagram, standing for n events: n > 1 for
// a run of progress callbacks folded into its last one.
type foldedEvent struct {
	Event
	n int
}

// foldProgress folds each run of consecutive progress callbacks
// (DidWriteData, DidSendBodyData) of one task in one process, and the
// app's "progress ..." updates and logs between them, into the run's last
// callback. Anything else ends the run, so a run never spans a change of
// the app's state.
func foldProgress(events []Event) []foldedEvent {
	var out []foldedEvent
	run := -1 // index in out of the run's callback, or -1
	var runKey string
	for _, e := range events {
		if key, ok := progressKey(e); ok {
			if run >= 0 && key == runKey {
				out[run].n++
				out[run].Event = e
				continue
			}
			out = append(out, foldedEvent{Event: e, n: 1})
			run, runKey = len(out)-1, key
			continue
		}
		if run >= 0 && (e.Kind == KindUI || e.Kind == KindLog) && strings.HasPrefix(e.Detail, "progress") {
			continue
		}
		run = -1
		out = append(out, foldedEvent{Event: e, n: 1})
	}
	return out
}

// mermaidForm is how a kind appears in the sequence diagram: a message
// from one participant to another ("App->>nsurlsessiond: ..."), or a note
// ("Note over iOS: ...") when arrow is empty.
type mermaidForm struct {
	from, arrow, to string
	note            string // where the note goes: "over App", "right of App"
}

// mmMessage is a message between participants, with a Mermaid arrow:
// "->>" a call, "-->>" a reply, "-x" an end, "--x" a failed reply.
func mmMessage(from, arrow, to string) mermaidForm {
	return mermaidForm{from: from, arrow: arrow, to: to}
}

// mmNote is a note at where ("over App", "left of App", "over iOS,App").
func mmNote(where string) mermaidForm { return mermaidForm{note: where} }

// valid reports whether f is a message or a note.
func (f mermaidForm) valid() bool {
	return (f.arrow != "" && f.from != "" && f.to != "") || (f.arrow == "" && f.note != "")
}

// mmAppOf is the participant of the app's process pid: App for the first
// (or an unknown) process, App2, App3... for the next.
func mmAppOf(pid int) string {
	if pid <= 1 {
		return mmApp
	}
	return mmApp + strconv.Itoa(pid)
}

// withApp is f with the participant App replaced by app.
func (f mermaidForm) withApp(app string) mermaidForm {
	sub := func(p string) string {
		if p == mmApp {
			return app
		}
		return p
	}
	if f.arrow != "" {
		f.from, f.to = sub(f.from), sub(f.to)
		return f
	}
	for _, prefix := range []string{"over ", "left of ", "right of "} {
		if where, ok := strings.CutPrefix(f.note, prefix); ok {
			ps := strings.Split(where, ",")
			for i := range ps {
				ps[i] = sub(ps[i])
			}
			f.note = prefix + strings.Join(ps, ",")
		}
	}
	return f
}

// participants are those the statement names.
func (f mermaidForm) participants() []string {
	if f.arrow != "" {
		return []string{f.from, f.to}
	}
	where := f.note
	for _, prefix := range []string{"over ", "left of ", "right of "} {
		where = strings.TrimPrefix(where, prefix)
	}
	return strings.Split(where, ",")
}

// mermaidFormOf is the form of an event, as the kind table says; an event
// of an unknown kind is a note over its actor.
func mermaidFormOf(e Event) mermaidForm {
	if k, ok := kindSpecs[e.Kind]; ok {
		return k.diagram
	}
	return mmNote("over " + actorParticipant(e.Actor))
}

// mermaidLine is the diagram statement of one event with the default
// options.
func mermaidLine(e Event) string { return mermaidStatement(e, 1, NamesXamarin) }

// mermaidStatement is the diagram statement of an event standing for n
// events: a message "From->>To: text" or a note "Note over X: text".
func mermaidStatement(e Event, n int, names Names) string {
	return mermaidStatementOf(mermaidFormOf(e), e, n, names)
}

// mermaidStatementOf is the statement of an event in form f.
func mermaidStatementOf(f mermaidForm, e Event, n int, names Names) string {
	desc := names.Rewrite(Describe(e))
	if n > 1 {
		desc += fmt.Sprintf(" (the last of %d progress callbacks)", n)
	}
	text := mermaidText(desc, e.Rule)
	if f.arrow == "" {
		return fmt.Sprintf("Note %s: %s", f.note, text)
	}
	return fmt.Sprintf("%s%s%s: %s", f.from, f.arrow, f.to, text)
}

func actorParticipant(a Actor) string {
	switch a {
	case ActorUser:
		return mmUser
	case ActorApp:
		return mmApp
	case ActorDaemon:
		return mmDaemon
	case ActorNetwork:
		return mmNetwork
	}
	return mmSystem
}

// mermaidEscape replaces what Mermaid would read as syntax in a message or
// note: ';' ends a statement, '#' starts an entity code, '<' and '>' are
// HTML, and a line break ends the statement. Printable then escapes the
// other control characters, as the timeline does.
var mermaidEscape = strings.NewReplacer(
	"#", "#35;",
	";", "#59;",
	"<", "#lt;",
	">", "#gt;",
	"\r", " ",
	"\n", " ",
)

func mermaidText(text string, rule Rule) string {
	if rule != "" {
		text += " [" + string(rule) + "]"
	}
	return Printable(mermaidEscape.Replace(text))
}
