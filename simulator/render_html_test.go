package simulator_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/bgsim/bgsim/simulator"
)

// htmlEvents is a small run: a launch, three progress callbacks (each
// answered by a progress bar update), a violation and a hostile detail.
func htmlEvents(hostile string) []simulator.Event {
	s := "com.example.bg"
	evs := []simulator.Event{
		{Actor: simulator.ActorUser, Kind: simulator.KindUserAction, Detail: "taps the app icon"},
		{Actor: simulator.ActorSystem, Kind: simulator.KindLaunch, Process: 1, Reason: "user"},
		{Actor: simulator.ActorSystem, Kind: simulator.KindTransition, Process: 1, From: "not-running", To: "active", Cause: "user-launch"},
	}
	for i := 1; i <= 3; i++ {
		evs = append(evs,
			simulator.Event{At: time.Duration(i) * time.Second, Actor: simulator.ActorApp, Kind: simulator.KindSessionCallback,
				Process: 1, Callback: simulator.CbDidWriteData, Queue: "delegate", Session: s, Task: 1, Bytes: 10, Total: int64(10 * i)},
			simulator.Event{At: time.Duration(i) * time.Second, Actor: simulator.ActorApp, Kind: simulator.KindUI,
				Process: 1, Queue: "main", Detail: "progress 10%"})
	}
	evs = append(evs,
		simulator.Event{At: 5 * time.Second, Actor: simulator.ActorSystem, Kind: simulator.KindViolation, Process: 1,
			Rule: simulator.MistakeM4, Detail: "the completion handler was never called"},
		simulator.Event{At: 6 * time.Second, Actor: simulator.ActorApp, Kind: simulator.KindLog, Process: 1, Queue: "main", Detail: hostile},
		simulator.Event{At: 7 * time.Second, Actor: simulator.ActorDaemon, Kind: simulator.KindTaskComplete, Session: s, Task: 1, Desc: hostile},
	)
	for i := range evs {
		evs[i].Seq = i + 1
	}
	return evs
}

func renderHTML(t *testing.T, evs []simulator.Event, opts simulator.HTMLOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := simulator.RenderHTML(&b, evs, opts); err != nil {
		t.Fatalf("RenderHTML: %v", err)
	}
	return b.String()
}

// pageParts walks the page's HTML as a browser's parser would and returns
// its <script> elements' (type, content), the text of the element with
// each id, the class lists of the step rows, and every tag name seen.
type pageParts struct {
	scripts [][2]string
	byID    map[string]string
	rows    []string
	tags    map[string]int
	attrs   []html.Attribute
}

func parsePage(t *testing.T, page string) pageParts {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse the page: %v", err)
	}
	p := pageParts{byID: map[string]string{}, tags: map[string]int{}}
	var text func(*html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var sb strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			sb.WriteString(text(c))
		}
		return sb.String()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			p.tags[n.Data]++
			p.attrs = append(p.attrs, n.Attr...)
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			if id, ok := attr["id"]; ok {
				p.byID[id] = text(n)
			}
			if n.Data == "script" {
				p.scripts = append(p.scripts, [2]string{attr["type"], text(n)})
			}
			if strings.Contains(" "+attr["class"]+" ", " step ") {
				p.rows = append(p.rows, attr["class"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

type pageData struct {
	Title string `json:"title"`
	Steps []struct {
		At        string `json:"at"`
		Lane      string `json:"lane"`
		Xamarin   string `json:"xamarin"`
		Swift     string `json:"swift"`
		Both      string `json:"both"`
		Narration string `json:"narration"`
		Rule      string `json:"rule"`
		Violation bool   `json:"violation"`
		Explain   string `json:"explain"`
		ExplainSw string `json:"explainSwift"`
		Folded    int    `json:"folded"`
		Phase     string `json:"phase"`
	} `json:"steps"`
}

func TestRenderHTMLStructure(t *testing.T) {
	explain := func(r simulator.Rule) simulator.Explanation {
		return simulator.Explanation{Mistake: r, Device: "device of " + string(r), Fix: "call it from DidFinishEventsForBackgroundSession"}
	}
	page := renderHTML(t, htmlEvents("moved the file"), simulator.HTMLOptions{Title: "forget", Explain: explain})
	p := parsePage(t, page)

	for _, lane := range []string{"user", "app process", "main queue", "delegate queue", "iOS", "nsurlsessiond", "network"} {
		if !strings.Contains(page, `role="columnheader">`+lane+`<`) {
			t.Errorf("no lane %q in the page", lane)
		}
	}
	if len(p.scripts) != 2 || p.scripts[0][0] != "application/json" || p.scripts[1][0] != "" {
		t.Fatalf("want the JSON data then one inline script, got %d scripts: %q", len(p.scripts), p.scripts)
	}
	var d pageData
	if err := json.Unmarshal([]byte(p.scripts[0][1]), &d); err != nil {
		t.Fatalf("the page's data is not JSON: %v", err)
	}
	// 3 events, 3 progress callbacks and their 3 progress bars folded
	// into 1 step, the violation, the log and the completion: 7 steps.
	if len(d.Steps) != 7 || len(p.rows) != 7 {
		t.Fatalf("want 7 steps and 7 rows, got %d steps, %d rows", len(d.Steps), len(p.rows))
	}
	fold := d.Steps[3]
	if fold.Folded != 3 || fold.Lane != "delegate" || !strings.Contains(fold.Xamarin, "(the last of 3 progress callbacks)") || fold.At != "T+00:03.000" {
		t.Errorf("progress not folded into one step at the last callback's time: %+v", fold)
	}
	if !strings.Contains(fold.Swift, "urlSession(_:downloadTask:didWriteData:") || strings.Contains(fold.Swift, "DidWriteData") {
		t.Errorf("the Swift text lacks the Swift name: %q", fold.Swift)
	}
	if !strings.Contains(fold.Both, "DidWriteData / urlSession(_:downloadTask:didWriteData:") {
		t.Errorf("the text with both names lacks them: %q", fold.Both)
	}
	if !strings.Contains(page, `<body class="names-xamarin">`) {
		t.Error("the page does not open with the Xamarin names by default")
	}
	swiftPage := renderHTML(t, htmlEvents("x"), simulator.HTMLOptions{Names: simulator.NamesSwift})
	if !strings.Contains(swiftPage, `<body class="names-swift">`) {
		t.Error("with Names: NamesSwift the page does not open with the Swift names")
	}
	if fold.Phase != "foreground" {
		t.Errorf("phase of the progress step: %q, want foreground", fold.Phase)
	}
	v := d.Steps[4]
	if !v.Violation || v.Rule != string(simulator.MistakeM4) || v.Explain != "On a device: device of M4\n\nFix: call it from DidFinishEventsForBackgroundSession" ||
		v.ExplainSw != "On a device: device of M4\n\nFix: call it from urlSessionDidFinishEvents(forBackgroundURLSession:)" ||
		!strings.Contains(v.Narration, "mistake M4") {
		t.Errorf("violation step lacks its flag, rule, explanation or narration: %+v", v)
	}
	if !strings.Contains(p.rows[4], "violation") {
		t.Errorf("the violation's row is not highlighted: class %q", p.rows[4])
	}
	for i, r := range p.rows {
		if i != 4 && strings.Contains(r, "violation") {
			t.Errorf("row %d is highlighted as a violation: %q", i, r)
		}
	}
	wantLanes := []string{"user", "app", "app", "delegate", "system", "main", "daemon"}
	for i, s := range d.Steps {
		if s.Lane != wantLanes[i] {
			t.Errorf("step %d (%s) in lane %q, want %q", i, s.Xamarin, s.Lane, wantLanes[i])
		}
	}
	for _, id := range []string{"prev", "next", "play", "speed", "next-violation", "names-xamarin", "names-swift", "names-both", "panel-narration", "panel-explain"} {
		if _, ok := p.byID[id]; !ok {
			t.Errorf("no element #%s", id)
		}
	}
}

func TestRenderHTMLSelfContained(t *testing.T) {
	page := renderHTML(t, htmlEvents("x"), simulator.HTMLOptions{Title: "t"})
	p := parsePage(t, page)
	for _, tag := range []string{"link", "img", "iframe", "object", "embed", "audio", "video", "source"} {
		if p.tags[tag] != 0 {
			t.Errorf("the page has %d <%s> elements; it must load nothing", p.tags[tag], tag)
		}
	}
	for _, a := range p.attrs {
		if a.Key == "src" || a.Key == "href" || strings.HasPrefix(a.Key, "on") {
			t.Errorf("the page has an attribute %s=%q", a.Key, a.Val)
		}
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") || strings.Contains(page, "url(") {
		t.Errorf("the page names a URL; it must be self-contained")
	}
	// The Content-Security-Policy allows exactly the page's own script.
	script := p.scripts[1][1]
	sum := sha256.Sum256([]byte(script))
	want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	var csp string
	for i, a := range p.attrs {
		if a.Key == "http-equiv" && a.Val == "Content-Security-Policy" && i+1 < len(p.attrs) && p.attrs[i+1].Key == "content" {
			csp = p.attrs[i+1].Val
		}
	}
	if !strings.Contains(csp, want) || !strings.HasPrefix(csp, "default-src 'none';") {
		t.Errorf("the CSP %q does not pin the inline script (%s)", csp, want)
	}
	if page != renderHTML(t, htmlEvents("x"), simulator.HTMLOptions{Title: "t"}) {
		t.Error("two renderings of the same events differ")
	}
}

func TestRenderHTMLEscapesEverything(t *testing.T) {
	const hostile = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'&`
	title := "<script>alert(1)</script>"
	page := renderHTML(t, htmlEvents(hostile), simulator.HTMLOptions{Title: title,
		Explain: func(simulator.Rule) simulator.Explanation {
			return simulator.Explanation{Mistake: hostile, Device: hostile, Fix: hostile}
		}})
	p := parsePage(t, page)
	if len(p.scripts) != 2 {
		t.Fatalf("a string of the trace made a script element: %d scripts", len(p.scripts))
	}
	if p.tags["img"] != 0 {
		t.Fatalf("a string of the trace made an <img>")
	}
	for _, a := range p.attrs {
		if strings.HasPrefix(a.Key, "on") {
			t.Errorf("a string of the trace made an event handler %s=%q", a.Key, a.Val)
		}
	}
	if got := p.byID["title"]; got != title {
		t.Errorf("the title shows as %q, want the text %q", got, title)
	}
	var d pageData
	if err := json.Unmarshal([]byte(p.scripts[0][1]), &d); err != nil {
		t.Fatalf("the page's data is not JSON: %v", err)
	}
	if d.Title != title {
		t.Errorf("title in the data: %q, want %q", d.Title, title)
	}
	if got := d.Steps[5].Xamarin; !strings.Contains(got, hostile) {
		t.Errorf("the log line's text in the data is %q, want it to contain %q", got, hostile)
	}
	if d.Steps[4].Explain != "On a device: "+hostile+"\n\nFix: "+hostile {
		t.Errorf("explanation in the data: %q", d.Steps[4].Explain)
	}
	if strings.Contains(p.scripts[0][1], "<") {
		t.Errorf("the JSON data holds a raw '<', which could end its element")
	}
}
