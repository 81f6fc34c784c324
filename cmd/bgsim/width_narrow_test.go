package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// At the narrowest width, no line of what bgsim lays out is wider: the
// help of every command (its usage line, examples, flags and last line
// included), bare bgsim, the list, explain of every rule, mistake,
// scenario, callback and event kind, a replay and explore's summary.
// (bgsim run of every catalog scenario: TestRunOutputFitsItsWidth. Data,
// such as a trace's JSON lines or a path, is not laid out.)
func TestTextFitsTheNarrowestWidth(t *testing.T) {
	width := strconv.Itoa(minWidth)
	var cmds [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		cmds = append(cmds, append(append([]string{}, path...), "--help"))
		for _, sub := range c.Commands() {
			walk(sub, append(path, sub.Name()))
		}
	}
	walk(newRootCmd(env{}), nil)
	if len(cmds) < 15 {
		t.Fatalf("%d commands' help; the test expects every command's", len(cmds))
	}
	cmds = append(cmds, []string{}, []string{"list"}, []string{"explain"})
	list, _, _ := run(t, "explain", "--width", "1000")
	topics := regexp.MustCompile(`(?m)^  (R-[A-Z]+\d+|M\d+) `).FindAllStringSubmatch(list, -1)
	if len(topics) < 40 {
		t.Fatalf("explain lists %d rules and mistakes; the test expects all", len(topics))
	}
	for _, m := range topics {
		cmds = append(cmds, []string{"explain", m[1]})
	}
	for _, b := range scenarios.Builtins() {
		cmds = append(cmds, []string{"explain", b.Name})
	}
	for _, c := range simulator.Callbacks() {
		cmds = append(cmds, []string{"explain", c.Xamarin()})
	}
	for _, k := range simulator.Kinds() {
		cmds = append(cmds, []string{"explain", string(k)})
	}
	trace := filepath.Join(t.TempDir(), "t.jsonl")
	if _, errs, code := run(t, "run", "absolute-paths", "--format", "jsonl", "--out", trace); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	t.Chdir(t.TempDir()) // explore's files, named as given: "found/..."
	cmds = append(cmds, []string{"replay", trace, "--names", "both"},
		[]string{"explore", "forget-completion-handler", "--seeds", "1..2", "--quiet", "--out", "found"})
	for _, args := range cmds {
		out, errs, code := run(t, append(args, "--width", width)...)
		if code != exitOK && code != exitFailed {
			t.Errorf("bgsim %s: exit %d: %s", strings.Join(args, " "), code, errs)
			continue
		}
		for i, l := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(l); n > minWidth {
				t.Errorf("bgsim %s --width %s: line %d has %d columns: %q", strings.Join(args, " "), width, i+1, n, l)
			}
		}
	}
}

// Where a word of a flag's description is wider than pflag's column (a
// Swift selector), the flags go one a line, each description folded
// under its flag (a line break of its own folded with the rest); where
// the table fits, it is pflag's, byte for byte.
func TestFlagUsages(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("names", "xamarin", "callback names (FinishedLaunching / application(_:didFinishLaunchingWithOptions:))")
	fs.IntP("jobs", "j", 1, "scenarios run\nat once")
	if got, want := flagUsages(fs, 100), fs.FlagUsagesWrapped(100); got != want {
		t.Errorf("at 100: %q, want pflag's %q", got, want)
	}
	want := "  -j, --jobs int\n" +
		"          scenarios run at once (default 1)\n" +
		"      --names string\n" +
		"          callback names (FinishedLaunching /\n" +
		"          application(_:didFinishLaunchingWithOptions:))\n" +
		"          (default \"xamarin\")\n"
	if got := flagUsages(fs, 60); got != want {
		t.Errorf("at 60:\n%s\nwant\n%s", got, want)
	}
}

// A command too wide for its line is folded between its words with " \",
// so that it still pastes, and never inside quotes.
func TestFoldCommand(t *testing.T) {
	for _, c := range []struct {
		line  string
		width int
		want  string
	}{
		{"  bgsim run a b", 15, "  bgsim run a b"},
		{"  bgsim validate --go-model podcast scenarios/*.yaml", 40, "  bgsim validate --go-model podcast \\\n    scenarios/*.yaml"},
		{"  bgsim run --out 'my trace.jsonl' x", 30, "  bgsim run --out \\\n    'my trace.jsonl' x"},
	} {
		if got := foldCommand(c.line, c.width); got != c.want {
			t.Errorf("foldCommand(%q, %d) = %q, want %q", c.line, c.width, got, c.want)
		}
	}
}

// A selector or a call wider than the line is folded after its
// parenthesis and colons, leaving no closing parenthesis alone; any other
// word stays whole.
func TestWrapBreaksSelectorsAndCalls(t *testing.T) {
	for _, c := range []struct {
		text  string
		width int
		want  string
	}{
		{"Swift: urlSessionDidFinishEvents(forBackgroundURLSession:)", 47,
			"Swift: urlSessionDidFinishEvents(\nforBackgroundURLSession:)"},
		{"HandleEventsForBackgroundUrl(com.SimpleBackgroundTransfer.BackgroundSession) in process 2", 58,
			"HandleEventsForBackgroundUrl(\ncom.SimpleBackgroundTransfer.BackgroundSession) in process\n2"},
		{"/var/mobile/Containers/Data/Application/63D38874 moved", 20,
			"/var/mobile/Containers/Data/Application/63D38874\nmoved"},
	} {
		if got := wrap(c.text, c.width); got != c.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.text, c.width, got, c.want)
		}
	}
}
