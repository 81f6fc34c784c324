package simulator

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

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
// participants User, the app (one participant per process: App, then
// App2, App3... for the processes iOS launches later, each labelled
// "App (process N)"), iOS (the system), nsurlsessiond (the daemon) and
// Network, those the run involves only. Calls between them (launches,
// delegate callbacks, the completion handler, requests) are messages;
// lifecycle transitions, logs, UI updates and decisions are notes; a
// violation sits in a red box. A run of progress callbacks of one task
// (with the app's progress updates that answer them) is folded into one
// line that says how many there were. The time the app runs in the
// background sits in a blue box. Each time the virtual time moves, a
// note across the participants gives the new time. The output depends on
// the events only, so the same trace always gives the same diagram.
func RenderMermaidWith(w io.Writer, events []Event, opts MermaidOptions) error {
	steps := foldProgress(events)
	// Each process of the app is a participant of its own, so that the
	// process iOS relaunches is seen to be a new one (R-L6): App for the
	// first, App2, App3... for the next.
	forms := make([]mermaidForm, len(steps))
	used := map[string]bool{}
	var pids []int
	cur := 0
	for i, st := range steps {
		if st.Process != 0 {
			cur = st.Process
		}
		forms[i] = mermaidFormOf(st.Event).withApp(mmAppOf(cur))
		for _, p := range forms[i].participants() {
			if !used[p] && p == mmAppOf(cur) {
				pids = append(pids, cur)
			}
			used[p] = true
		}
	}
	slices.Sort(pids)
	pids = slices.Compact(pids)
	var parts, decls []string
	if used[mmUser] {
		parts, decls = append(parts, mmUser), append(decls, mmUser)
	}
	for _, pid := range pids {
		d := mmAppOf(pid)
		if len(pids) > 1 {
			d = fmt.Sprintf("%s as App (process %d)", mmAppOf(pid), pid)
		}
		parts, decls = append(parts, mmAppOf(pid)), append(decls, d)
	}
	for _, p := range []string{mmSystem, mmDaemon, mmNetwork} {
		if used[p] {
			parts, decls = append(parts, p), append(decls, p)
		}
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "sequenceDiagram")
	for _, d := range decls {
		fmt.Fprintf(bw, "    participant %s\n", d)
	}
	across := ""
	if len(parts) > 0 {
		across = parts[0]
		if len(parts) > 1 {
			across += "," + parts[len(parts)-1]
		}
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
			fmt.Fprintf(bw, "    Note over %s: %s\n", across, fakes.FormatOffset(e.At))
		}
		line := mermaidStatementOf(forms[i], e, st.n, opts.Names)
		switch {
		case e.Kind == KindViolation || e.Kind == KindCrash:
			fmt.Fprintf(bw, "    %s\n        %s\n    end\n", mmViolationColour, line)
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
		desc += fmt.Sprintf(" (%d progress callbacks)", n)
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
// HTML, and a line break ends the statement.
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
	return mermaidEscape.Replace(text)
}
