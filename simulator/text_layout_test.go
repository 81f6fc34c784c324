package simulator_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bgsim/bgsim/simulator"
)

func TestRenderTextWidthKeepsLinesAndTagsInside(t *testing.T) {
	long := simulator.Event{Kind: simulator.KindViolation, Actor: simulator.ActorSystem, Rule: simulator.RuleD4,
		Detail: strings.Repeat("a long violation detail ", 8)}
	var b strings.Builder
	if err := simulator.RenderText(&b, []simulator.Event{long}, simulator.TextOptions{Narrate: true, Width: 60}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > 60 {
			t.Errorf("line of %d columns over 60: %q", n, l)
		}
	}
	if !strings.Contains(b.String(), "[R-D4]") {
		t.Errorf("the rule tag is lost:\n%s", b.String())
	}
	var one strings.Builder
	if err := simulator.RenderText(&one, []simulator.Event{long}, simulator.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Count(one.String(), "\n") != 1 {
		t.Errorf("Width 0 must keep the event on one line:\n%s", one.String())
	}
}

func TestRenderTextProgressFold(t *testing.T) {
	var ev []simulator.Event
	for i := 1; i <= 3; i++ {
		at := time.Duration(i) * time.Second
		ev = append(ev,
			simulator.Event{At: at, Kind: simulator.KindSessionCallback, Actor: simulator.ActorApp, Process: 1,
				Callback: simulator.CbDidWriteData, Session: "s", Task: 1, Bytes: 10, Total: int64(10 * i), Expected: 30, Queue: "delegate"},
			simulator.Event{At: at, Kind: simulator.KindUI, Actor: simulator.ActorApp, Process: 1, Queue: "main", Detail: "progress"})
	}
	ev = append(ev, simulator.Event{At: 4 * time.Second, Kind: simulator.KindTransition, Actor: simulator.ActorSystem,
		From: "active", To: "inactive", Cause: "resign-active"})
	render := func(p simulator.Progress) string {
		var b strings.Builder
		if err := simulator.RenderText(&b, ev, simulator.TextOptions{Progress: p}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	fold := render(simulator.ProgressFold)
	if strings.Count(fold, "DidWriteData") != 1 || !strings.Contains(fold, "3 calls from T+00:01.000 to T+00:03.000, now 30 of 30 bytes") ||
		!strings.Contains(fold, "(3 UI updates folded)") || strings.Contains(fold, "UI [main]") {
		t.Errorf("fold:\n%s", fold)
	}
	if i, j := strings.Index(fold, "DidWriteData"), strings.Index(fold, "active → inactive"); i < 0 || j < i {
		t.Errorf("the folded line must come before the transition that ends its phase:\n%s", fold)
	}
	if none := render(simulator.ProgressNone); strings.Contains(none, "DidWriteData") || strings.Contains(none, "UI [main]") ||
		!strings.Contains(none, "active → inactive") {
		t.Errorf("none:\n%s", none)
	}
	if all := render(simulator.ProgressAll); strings.Count(all, "DidWriteData") != 3 || strings.Count(all, "UI [main]") != 3 {
		t.Errorf("all:\n%s", all)
	}
}

// A time of an hour or more widens the line's head, and a container path
// is one long word: both stay within Width, and the path reads whole once
// its pieces are put back together.
func TestRenderTextWidthHoldsPastAnHourAndForLongPaths(t *testing.T) {
	path := "/var/mobile/Containers/Data/Application/FD4407DA-B437-4B92-8A33-B0207A5B54D4/Documents/photo-1.jpg"
	events := []simulator.Event{
		{At: 25 * time.Hour, Kind: simulator.KindTerminate, Actor: simulator.ActorSystem, Process: 1, Rule: simulator.RuleL6,
			Reason: "app-update", Detail: "the system terminated the app to update it"},
		{At: 8 * time.Hour, Kind: simulator.KindLog, Actor: simulator.ActorApp, Process: 1, Queue: "main",
			Detail: "could not find the downloaded file at " + path},
		{At: time.Hour, Kind: simulator.KindLog, Actor: simulator.ActorApp, Process: 1, Queue: "main",
			Detail: "token " + strings.Repeat("x", 130)},
	}
	for _, width := range []int{100, 60} {
		var b strings.Builder
		if err := simulator.RenderText(&b, events, simulator.TextOptions{Width: width}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Errorf("width %d: a line of %d columns: %q", width, n, l)
			}
		}
		// The head is as wide as the latest time's: 16 columns for
		// T+1d01:00:00.000, then the actor's.
		joined := strings.ReplaceAll(b.String(), "\n"+strings.Repeat(" ", 16+9), "")
		if !strings.Contains(joined, path) || !strings.Contains(joined, strings.Repeat("x", 130)) || !strings.Contains(joined, "[R-L6]") {
			t.Errorf("width %d: a word or the tag is lost:\n%s", width, b.String())
		}
	}
}

// A Swift selector longer than a line breaks after one of its colons,
// never inside a part's name, so each part can still be searched for.
func TestRenderTextWidthBreaksSwiftSelectorsAtColons(t *testing.T) {
	e := simulator.Event{At: time.Second, Kind: simulator.KindSessionCallback, Actor: simulator.ActorApp, Process: 1,
		Callback: simulator.CbDidWriteData, Queue: "delegate", Session: "s", Task: 1, Bytes: 1900000, Total: 1900000, Expected: 30000000}
	selectorBreaks := func(r rune) bool { return r == ':' || r == '(' || r == ')' }
	parts := strings.FieldsFunc(simulator.CbDidWriteData.Swift(), selectorBreaks)
	for _, width := range []int{100, 80, 60} {
		var b strings.Builder
		if err := simulator.RenderText(&b, []simulator.Event{e}, simulator.TextOptions{Width: width, Names: simulator.NamesSwift}); err != nil {
			t.Fatal(err)
		}
		words := strings.FieldsFunc(b.String(), func(r rune) bool { return r == ' ' || r == '\n' || selectorBreaks(r) })
		for _, part := range parts {
			if part != "_" && !slices.Contains(words, part) {
				t.Errorf("width %d: %q is broken across lines:\n%s", width, part, b.String())
			}
		}
	}
}

// A run that goes past an hour keeps its columns: the actors and the
// descriptions of T+00:20.000 and T+01:00:00.000 start in the same column.
func TestRenderTextColumnsHoldPastAnHour(t *testing.T) {
	events := []simulator.Event{
		{At: 20 * time.Second, Kind: simulator.KindUserAction, Actor: simulator.ActorUser, Detail: "goes to the home screen"},
		{At: time.Hour, Kind: simulator.KindUserAction, Actor: simulator.ActorUser, Detail: "taps the app icon"},
		{At: time.Hour, Kind: simulator.KindLog, Actor: simulator.ActorApp, Queue: "main", Detail: "hello"},
	}
	var b strings.Builder
	if err := simulator.RenderText(&b, events, simulator.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines:\n%s", b.String())
	}
	actor := []string{"user", "user", "app"}
	desc := []string{"goes to", "taps", "log"}
	for i, l := range lines {
		if got := strings.Index(l, actor[i]+" "); got != 15 {
			t.Errorf("line %d: the actor starts at column %d, want 15: %q", i, got, l)
		}
		if got := strings.Index(l, desc[i]); got != 23 {
			t.Errorf("line %d: the description starts at column %d, want 23: %q", i, got, l)
		}
	}
	// Under an hour the columns are where they always were.
	b.Reset()
	if err := simulator.RenderText(&b, events[:1], simulator.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "T+00:20.000   user    goes to the home screen\n"; got != want {
		t.Errorf("under an hour = %q, want %q", got, want)
	}
}

// Control characters the app or a scenario wrote (a bell, an ANSI colour
// in a note) are shown escaped, never sent to the terminal.
func TestRenderTextEscapesControlCharacters(t *testing.T) {
	events := []simulator.Event{
		{At: time.Second, Kind: simulator.KindNote, Actor: simulator.ActorUser, Detail: "ring\x07 \x1b[31mred\x1b[0m"},
		{At: time.Second, Kind: simulator.KindLog, Actor: simulator.ActorApp, Queue: "main", Detail: "tab\there"},
	}
	var b strings.Builder
	if err := simulator.RenderText(&b, events, simulator.TextOptions{Narrate: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x07\x1b\t") {
		t.Errorf("a control character reached the output: %q", out)
	}
	for _, want := range []string{`ring\a \x1b[31mred\x1b[0m`, `tab\there`} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q: %q", want, out)
		}
	}
}

// A short line's tag goes in the column after 78; under a width too narrow
// for that column it follows the description instead of being dropped
// (bgsim run --width 80 printed 19 of the 40 tags it prints at 100).
func TestRenderTextNarrowWidthKeepsShortLinesTags(t *testing.T) {
	short := simulator.Event{Kind: simulator.KindTransition, Actor: simulator.ActorSystem, Rule: simulator.RuleL2,
		From: "not-running", To: "inactive", Cause: "user-launch"}
	for _, width := range []int{60, 80, 84, 85, 100} {
		var b strings.Builder
		if err := simulator.RenderText(&b, []simulator.Event{short}, simulator.TextOptions{Width: width}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "[R-L2]") {
			t.Errorf("width %d: the rule tag is lost:\n%s", width, b.String())
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Errorf("width %d: line of %d columns: %q", width, n, l)
			}
		}
	}
}
