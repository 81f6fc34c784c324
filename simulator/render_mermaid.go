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

// mermaidLine is the diagram statement of one event: a message
// "From->>To: text" or a note "Note over X: text".
func mermaidLine(e Event) string {
	text := Describe(e)
	msg := func(arrow, from, to string) string {
		return fmt.Sprintf("%s%s%s: %s", from, arrow, to, mermaidText(text, e.Rule))
	}
	note := func(where string) string {
		return fmt.Sprintf("Note %s: %s", where, mermaidText(text, e.Rule))
	}
	switch e.Kind {
	case KindUserAction:
		return msg("->>", mmUser, mmSystem)
	case KindLaunch, KindAppCallback, KindBGTaskExpire:
		return msg("->>", mmSystem, mmApp)
	case KindTerminate:
		return msg("-x", mmSystem, mmApp)
	case KindTransition, KindCrash:
		return note("over " + mmApp)
	case KindLog:
		return note("right of " + mmApp)
	case KindUI:
		return note("left of " + mmApp)
	case KindBGTaskBegin, KindBGTaskEnd, KindHandlerCall:
		return msg("->>", mmApp, mmSystem)
	case KindViolation:
		return note("over " + mmApp + "," + mmSystem)
	case KindSystem, KindSnapshot:
		return note("over " + mmSystem)
	case KindConnect, KindTaskCreate, KindChallengeReply:
		return msg("->>", mmApp, mmDaemon)
	case KindSessionCallback:
		return msg("->>", mmDaemon, mmApp)
	case KindTaskWait, KindTaskComplete, KindFile:
		return note("over " + mmDaemon)
	case KindTransferStart:
		return msg("->>", mmDaemon, mmNetwork)
	case KindTransferResponse:
		return msg("-->>", mmNetwork, mmDaemon)
	case KindTransferRetry:
		return msg("--x", mmNetwork, mmDaemon)
	case KindChallenge:
		return msg("->>", mmNetwork, mmDaemon)
	case KindRelaunch:
		return msg("->>", mmDaemon, mmSystem)
	case KindRelaunchDeferred:
		return note("over " + mmSystem + "," + mmDaemon)
	case KindLink:
		return note("over " + mmNetwork)
	}
	return note("over " + actorParticipant(e.Actor))
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
