package simulator

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/bgsim/bgsim/fakes"
)

// HTMLOptions shape the HTML page of a run.
type HTMLOptions struct {
	// Title names the run: the scenario's name. It is shown as text, never
	// read as markup.
	Title string
	// Explain, if set, says what a violated rule or mistake means on a
	// device and how to fix it; the page shows it beside the violation.
	// Nil: the generic sentence.
	Explain Explainer
	// Names chooses the names of the delegate methods the page opens with;
	// its toggle switches between Xamarin, Swift and both.
	Names Names
}

// The page's stylesheet and script, inlined into the page so that it needs
// nothing but itself: no fetch, no CDN.
var (
	//go:embed htmlpage/page.css
	htmlCSS string
	//go:embed htmlpage/page.js
	htmlJS string
	//go:embed htmlpage/page.html.tmpl
	htmlTemplateText string
)

var htmlTemplate = template.Must(template.New("page").Parse(htmlTemplateText))

// Lanes of the HTML page, left to right: who did something, and on which
// queue of the app.
var htmlLanes = []htmlLane{
	{ID: "user", Name: "user"},
	{ID: "app", Name: "app process"},
	{ID: "main", Name: "main queue"},
	{ID: "delegate", Name: "delegate queue"},
	{ID: "system", Name: "iOS"},
	{ID: "daemon", Name: "nsurlsessiond"},
	{ID: "network", Name: "network"},
}

type htmlLane struct{ ID, Name string }

// htmlStep is one step of the page: one event, or a run of progress
// callbacks folded into one. Its fields go to the page's JSON data.
type htmlStep struct {
	At      string `json:"at"`
	Lane    string `json:"lane"`
	Xamarin string `json:"xamarin"`
	Swift   string `json:"swift"`
	Both    string `json:"both"`
	// The narration under each naming: Xamarin, Swift, both.
	Narration      string `json:"narration,omitempty"`
	NarrationSwift string `json:"narrationSwift,omitempty"`
	NarrationBoth  string `json:"narrationBoth,omitempty"`
	Rule           Rule   `json:"rule,omitempty"`
	Violation      bool   `json:"violation,omitempty"`
	// What the violation does on a device and its fix, under each naming.
	Explain      string `json:"explain,omitempty"`
	ExplainSwift string `json:"explainSwift,omitempty"`
	ExplainBoth  string `json:"explainBoth,omitempty"`
	Process      int    `json:"pid,omitempty"`
	// Phase is the app's state when the step happened (foreground,
	// background, suspended, not-running): the page shades the lanes.
	Phase  string `json:"phase"`
	Folded int    `json:"folded,omitempty"` // progress events folded into this step
}

// htmlPage is what the template sees.
type htmlPage struct {
	Title      string
	Lanes      []htmlLane
	Steps      []htmlStep
	Data       htmlData
	Violations int
	CSS        template.CSS
	JS         template.JS
	CSP        string
	Names      string // "xamarin", "swift" or "both"
}

// htmlData is the JSON the script reads (JSON.parse of a
// <script type="application/json">, never evaluated as code).
type htmlData struct {
	Title string     `json:"title"`
	Steps []htmlStep `json:"steps"`
}

// RenderHTML writes events as one self-contained HTML page: a lane diagram
// (user, app process, main queue, delegate queue, iOS, nsurlsessiond,
// network) with controls to step through the run (next, previous, play at a
// speed, jump to the next violation), the narration of the current step
// beside it, violations highlighted with their explanation, and a toggle
// between the Xamarin and the Swift names of the delegate methods. Runs of
// progress callbacks are folded into one step. The page loads nothing: its
// CSS and script are inline, and a Content-Security-Policy forbids any
// fetch. Every string of the trace is escaped; the page's data is JSON read
// with JSON.parse. The same events always give the same page.
func RenderHTML(w io.Writer, events []Event, opts HTMLOptions) error {
	steps := htmlSteps(events, opts.Explain)
	page := htmlPage{
		Title: opts.Title,
		Lanes: htmlLanes,
		Steps: steps,
		Data:  htmlData{Title: opts.Title, Steps: steps},
		CSS:   template.CSS(htmlCSS),
		JS:    template.JS(htmlJS),
		Names: opts.Names.String(),
	}
	for _, s := range steps {
		if s.Violation {
			page.Violations++
		}
	}
	sum := sha256.Sum256([]byte(htmlJS))
	page.CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src data:; form-action 'none'; base-uri 'none'"
	bw := bufio.NewWriter(w)
	if err := htmlTemplate.Execute(bw, page); err != nil {
		return fmt.Errorf("simulator: render HTML page: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("simulator: write HTML page: %w", err)
	}
	return nil
}

// htmlSteps turns events into the page's steps, folding progress.
func htmlSteps(events []Event, explain Explainer) []htmlStep {
	var steps []htmlStep
	phase := map[int]string{} // the app state of each process
	cur := 0                  // the newest process
	var prog *htmlStep        // the progress step being folded into, if any
	var progKey string
	for _, e := range events {
		if e.Process != 0 {
			cur = e.Process
		}
		switch e.Kind {
		case KindTransition:
			phase[e.Process] = htmlPhase(e.To)
		case KindTerminate:
			phase[e.Process] = "not-running"
		}
		ph := phase[cur]
		if ph == "" {
			ph = "not-running"
		}
		if key, ok := progressKey(e); ok {
			if prog != nil && key == progKey && steps[len(steps)-1].Phase == ph {
				s := htmlStepOf(e, ph, explain)
				prog.Folded++
				prog.At = s.At
				prog.Xamarin = fmt.Sprintf("%s (the last of %d progress callbacks)", s.Xamarin, prog.Folded)
				prog.Swift = fmt.Sprintf("%s (the last of %d progress callbacks)", s.Swift, prog.Folded)
				prog.Both = fmt.Sprintf("%s (the last of %d progress callbacks)", s.Both, prog.Folded)
				continue
			}
			steps = append(steps, htmlStepOf(e, ph, explain))
			prog, progKey = &steps[len(steps)-1], key
			prog.Folded = 1
			continue
		}
		// The app's answer to a progress callback (its progress bar, its
		// log line) folds with it.
		if prog != nil && (e.Kind == KindUI || e.Kind == KindLog) && strings.HasPrefix(e.Detail, "progress") {
			continue
		}
		prog = nil
		steps = append(steps, htmlStepOf(e, ph, explain))
	}
	return steps
}

// progressKey identifies the transfer a progress callback is about, so
// that consecutive ones of the same task and process fold into one step.
func progressKey(e Event) (string, bool) {
	if !e.IsProgress() {
		return "", false
	}
	return fmt.Sprintf("%d/%s/%d", e.Process, e.Session, e.Task), true
}

func htmlStepOf(e Event, phase string, explain Explainer) htmlStep {
	// The event's text shows its control characters escaped, as the
	// timeline does (Printable): the page is as readable as the terminal.
	text, narration, more := Printable(Describe(e)), Narrate(e), ""
	violation := e.Kind == KindViolation || e.Kind == KindCrash
	if violation && explain != nil && e.Rule != "" {
		// The first paragraph (which mistake) narrates; "On a device:"
		// and "Fix:" go to the explanation beside it.
		if ps := explain(e.Rule).paragraphs(); ps != nil {
			if e.Kind == KindViolation {
				narration = ps[0]
			}
			more = joinParagraphs(ps[1:])
		}
	}
	s := htmlStep{
		At:             fakes.FormatOffset(e.At),
		Lane:           htmlLaneOf(e),
		Xamarin:        NamesXamarin.Rewrite(text),
		Swift:          NamesSwift.Rewrite(text),
		Both:           NamesBoth.Rewrite(text),
		Narration:      NamesXamarin.Rewrite(narration),
		NarrationSwift: NamesSwift.Rewrite(narration),
		NarrationBoth:  NamesBoth.Rewrite(narration),
		Rule:           e.Rule,
		Violation:      violation,
		Explain:        NamesXamarin.Rewrite(more),
		ExplainSwift:   NamesSwift.Rewrite(more),
		ExplainBoth:    NamesBoth.Rewrite(more),
		Process:        e.Process,
		Phase:          phase,
	}
	return s
}

// htmlLaneOf is the lane an event is drawn in.
func htmlLaneOf(e Event) string {
	switch e.Kind {
	case KindLaunch, KindTerminate, KindTransition, KindCrash:
		return "app"
	}
	switch e.Actor {
	case ActorUser:
		return "user"
	case ActorDaemon:
		return "daemon"
	case ActorNetwork:
		return "network"
	case ActorApp:
		switch e.Queue {
		case "main":
			return "main"
		case "":
			return "app"
		}
		return "delegate"
	}
	return "system"
}

// htmlPhase groups the app's states into the phases the page shades.
func htmlPhase(state string) string {
	switch state {
	case "active", "inactive":
		return "foreground"
	case "background":
		return "background"
	case "suspended":
		return "suspended"
	}
	return "not-running"
}
