package browsertest_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// hostileTitle is a scenario name that would run a script if the page
// took it as markup.
const hostileTitle = "<script>alert(1)</script>"

// writePage runs a catalog scenario and writes its HTML page to a file,
// returning its file:// URL.
func writePage(t *testing.T, name, title string) string {
	t.Helper()
	b, ok := scenarios.LookupBuiltin(name)
	if !ok {
		t.Fatalf("no catalog scenario %q", name)
	}
	sim, err := b.Run(simulator.Config{}, appmodel.Mistakes{})
	if sim == nil {
		t.Fatalf("run %s: %v", name, err)
	}
	var buf bytes.Buffer
	explain := func(r simulator.Rule) simulator.Explanation {
		return simulator.Explanation{Device: "what " + string(r) + " does",
			Fix: "the fix of " + string(r) + ": call it from DidFinishEventsForBackgroundSession"}
	}
	if err := simulator.RenderHTML(&buf, sim.Trace(), simulator.HTMLOptions{Title: title, Explain: explain}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// watch records what the page does that it must not: requests for
// anything but the page itself, dialogs (alert), script errors.
type watch struct {
	mu       sync.Mutex
	requests []string
	dialogs  []string
	errors   []string
}

func (w *watch) listen(t *testing.T, ctx context.Context) {
	t.Helper()
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.requests = append(w.requests, ev.Request.URL)
		case *page.EventJavascriptDialogOpening:
			w.dialogs = append(w.dialogs, ev.Message)
			go func() {
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		case *runtime.EventExceptionThrown:
			w.errors = append(w.errors, fmt.Sprintf("%s (line %d)", ev.ExceptionDetails.Text, ev.ExceptionDetails.LineNumber))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == "error" {
				w.errors = append(w.errors, fmt.Sprintf("console.error %v", ev.Args))
			}
		}
	})
	if err != nil {
		t.Fatalf("start the browser: %v", err)
	}
}

// do runs actions in the page and fails the test on an error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func click(id string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS("#" + id)) }

func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return eval[string](t, ctx, `document.getElementById("`+id+`").textContent`)
}

const currentRow = `Array.from(document.querySelectorAll(".row.step")).findIndex(r => r.classList.contains("current"))`

func TestHTMLPageInChromium(t *testing.T) {
	ctx := browser(t)
	pageURL := writePage(t, "forget-completion-handler", hostileTitle)
	var w watch
	w.listen(t, ctx)

	do(t, ctx, "load the page", chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.CSS("#diagram")))
	lanes := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".lane-head")).map(e => e.textContent)`)
	steps := eval[int](t, ctx, `document.querySelectorAll(".row.step").length`)
	cards := eval[int](t, ctx, `document.querySelectorAll(".row.step .card").length`)
	// Every card is drawn inside its lane's column: its centre lies
	// between the edges of the lane's header.
	inLane := eval[bool](t, ctx, `Array.from(document.querySelectorAll(".row.step .card")).every(c => {
		const lane = Array.from(c.parentElement.classList).find(k => k.startsWith("lane-"));
		const h = document.querySelector(".lane-head." + lane).getBoundingClientRect();
		const r = c.getBoundingClientRect();
		const x = (r.left + r.right) / 2;
		return r.width > 20 && r.height > 10 && x > h.left && x < h.right;
	})`)
	title := text(t, ctx, "title")
	docTitle := eval[string](t, ctx, `document.title`)
	pos := text(t, ctx, "position")

	wantLanes := []string{"user", "app process", "main queue", "delegate queue", "iOS", "nsurlsessiond", "network"}
	if strings.Join(lanes, "|") != strings.Join(wantLanes, "|") {
		t.Errorf("lanes %q, want %q", lanes, wantLanes)
	}
	if steps < 10 || cards != steps {
		t.Errorf("%d step rows with %d cards; want one card per row, and more than 10 rows", steps, cards)
	}
	if !inLane {
		t.Error("a card is drawn outside its lane")
	}
	if title != hostileTitle || !strings.Contains(docTitle, hostileTitle) {
		t.Errorf("the scenario's name shows as %q (document title %q), want the text %q", title, docTitle, hostileTitle)
	}
	if want := fmt.Sprintf("step 1 of %d", steps); pos != want {
		t.Errorf("position %q, want %q", pos, want)
	}

	// The step control advances and goes back; the panel follows.
	do(t, ctx, "step", click("next"), click("next"), click("prev"))
	cur := eval[int](t, ctx, currentRow)
	pos = text(t, ctx, "position")
	panel := text(t, ctx, "panel-text")
	rowText := eval[string](t, ctx, `document.querySelector(".row.step.current .card .xamarin").textContent`)
	if cur != 1 || pos != fmt.Sprintf("step 2 of %d", steps) {
		t.Errorf("after next, next, previous: current row %d, position %q; want row 1, step 2", cur, pos)
	}
	if panel == "" || panel != rowText {
		t.Errorf("the panel shows %q, the current row %q", panel, rowText)
	}

	// Jump to the violation: its row is current and highlighted, the panel
	// explains it.
	do(t, ctx, "next violation", click("next-violation"))
	isViolation := eval[bool](t, ctx, `document.querySelector(".row.step.current").classList.contains("violation")`)
	explain := text(t, ctx, "panel-explain")
	narration := text(t, ctx, "panel-narration")
	if !isViolation || !strings.HasPrefix(explain, "On a device: what ") || narration == "" {
		t.Errorf("after next violation: violation row %v, explanation %q, narration %q", isViolation, explain, narration)
	}

	// The Swift toggle shows the Swift names in the rows.
	do(t, ctx, "names", click("names-swift"))
	swiftShown := eval[bool](t, ctx, `Array.from(document.querySelectorAll(".card .swift")).some(e => e.offsetParent !== null && e.textContent.includes("urlSession("))`)
	xamarinHidden := eval[bool](t, ctx, `Array.from(document.querySelectorAll(".card .xamarin")).every(e => e.offsetParent === null)`)
	if !swiftShown || !xamarinHidden {
		t.Errorf("after the Swift toggle: Swift names shown %v, Xamarin names hidden %v", swiftShown, xamarinHidden)
	}
	// ...and in the violation's explanation beside it.
	if explain := text(t, ctx, "panel-explain"); !strings.Contains(explain, "urlSessionDidFinishEvents(forBackgroundURLSession:)") ||
		strings.Contains(explain, "DidFinishEventsForBackgroundSession") {
		t.Errorf("after the Swift toggle the explanation reads %q, want the Swift name", explain)
	}

	// Play advances on its own.
	do(t, ctx, "rewind", click("prev"))
	before := eval[int](t, ctx, currentRow)
	do(t, ctx, "play",
		chromedp.SetValue(chromedp.CSS("#speed"), "4"),
		click("play"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf("%s >= %d", currentRow, before+2),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("play did not advance two steps from row %d: %v", before, err)
	}
	do(t, ctx, "pause", click("play"))

	w.mu.Lock()
	if len(w.dialogs) != 0 {
		t.Errorf("the page opened dialogs: %q", w.dialogs)
	}
	w.mu.Unlock()
	// The watch sees a dialog when there is one: open one from DevTools
	// (the page's CSP does not apply to it).
	eval[any](t, ctx, `alert("probe")`)
	w.mu.Lock()
	defer w.mu.Unlock()
	if strings.Join(w.dialogs, "|") != "probe" {
		t.Errorf("the dialog watch saw %q after a probe alert; it cannot be trusted", w.dialogs)
	}
	if len(w.errors) != 0 {
		t.Errorf("script errors: %q", w.errors)
	}
	if len(w.requests) == 0 {
		t.Error("no request seen at all: the network events are not being watched")
	}
	for _, r := range w.requests {
		if r != pageURL {
			t.Errorf("the page requested %q; it must load nothing but itself", r)
		}
	}
}
