package simulator

import (
	"bufio"
	"fmt"
	"io"
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

// RenderMermaid writes events as a Mermaid sequence diagram with the
// participants User, App, iOS (the system), nsurlsessiond (the daemon) and
// Network. Calls between them (launches, delegate callbacks, the completion
// handler, requests) are messages; lifecycle transitions, logs, UI updates
// and decisions are notes. Each time the virtual time moves, a note across
// all participants gives the new time. The output depends on the events
// only, so the same trace always gives the same diagram.
func RenderMermaid(w io.Writer, events []Event) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "sequenceDiagram")
	for _, p := range []string{mmUser, mmApp, mmSystem, mmDaemon, mmNetwork} {
		fmt.Fprintf(bw, "    participant %s\n", p)
	}
	for i, e := range events {
		if i == 0 || e.At != events[i-1].At {
			fmt.Fprintf(bw, "    Note over %s,%s: %s\n", mmUser, mmNetwork, fakes.FormatOffset(e.At))
		}
		fmt.Fprintf(bw, "    %s\n", mermaidLine(e))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("simulator: write sequence diagram: %w", err)
	}
	return nil
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

// mermaidLine is the diagram statement of one event: a message
// "From->>To: text" or a note "Note over X: text", as the kind table says;
// an event of an unknown kind is a note over its actor.
func mermaidLine(e Event) string {
	f := mmNote("over " + actorParticipant(e.Actor))
	if k, ok := kindSpecs[e.Kind]; ok {
		f = k.diagram
	}
	text := mermaidText(Describe(e), e.Rule)
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
