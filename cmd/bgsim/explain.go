package main

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

func newExplainCmd(e env) *cobra.Command {
	var names simulator.Names
	cmd := &cobra.Command{
		Use:   "explain [RULE|MISTAKE|SCENARIO|CALLBACK|KIND]",
		Short: "Explain a rule of iOS (R-D4), a mistake (M5), a scenario, a callback or an event kind",
		Long: `explain tells what a rule tag of the timeline means: what iOS does, how sure we are
of it, the Config field that sets its numbers, and the scenarios that show it. For a
mistake of the M list: what developers do, what a device does, the fix, and the
scenario that shows it with its fixed twin. For a scenario of the catalog: its story
and the rules it shows. For a callback of the app (DidFinishDownloading, or its Swift
name) or an event kind of the trace (daemon.wake-deferred): what it is, its names (a
callback's also its protocol), and the rules and mistakes that name it. With no
argument it lists every rule and mistake.
--names swift or both names the callbacks and platform methods in its texts as run's
timeline does with the same flag.

` + exitCodesHelp,
		Example: `  bgsim explain            # every rule and mistake, one line each
  bgsim explain R-D4       # the completion handler of a background wake
  bgsim explain M5         # reading the downloaded file too late
  bgsim explain walkthrough
  bgsim explain DidFinishDownloading
  bgsim explain daemon.wake-deferred
  bgsim explain M4 --names swift   # the mistake, with Swift's method names`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("explain takes at most one rule, mistake, scenario, callback or event kind, got %d", len(args))
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return explainables(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			b := scenarios.ReadRulebook()
			width := e.textWidth("")
			// Written for the width, then fitted to it: the lines of
			// headings, names and the rules page's texts that are wider.
			var page strings.Builder
			if len(args) == 0 {
				listRulebook(&page, b, width, names)
			} else if err := explain(&page, b, args[0], width, names); err != nil {
				return err
			}
			if _, err := io.WriteString(e.stdout, fit(page.String(), width)); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return nil
		},
	}
	addNamesFlag(cmd, &names, "the explanations")
	return cmd
}

// explainables are the arguments explain knows, for shell completion.
func explainables() []string {
	b := scenarios.ReadRulebook()
	var out []string
	for _, r := range b.Rules {
		out = append(out, string(r.ID))
	}
	for _, m := range b.Mistakes {
		out = append(out, string(m.ID))
	}
	return append(out, explainNames()...)
}

func explain(w io.Writer, b scenarios.Rulebook, what string, width int, names simulator.Names) error {
	id := simulator.Rule(strings.ToUpper(what))
	if r, ok := b.Rule(id); ok {
		explainRule(w, r, width, names)
		return nil
	}
	if m, ok := b.Mistake(id); ok {
		explainMistake(w, b, m, width, names)
		return nil
	}
	if s, ok := scenarios.Lookup(what); ok {
		explainScenario(w, b, s, width, names)
		return nil
	}
	if c, ok := findCallback(what); ok {
		explainCallback(w, b, c, width, names)
		return nil
	}
	if k, ok := findKind(what); ok {
		explainKind(w, b, k, width, names)
		return nil
	}
	const accepts = "a rule (R-D4), a mistake (M5), a scenario ('bgsim list'), a callback (DidFinishDownloading) or an event kind (daemon.wake)"
	if near := nearNames(what, explainNames(), 3); len(near) > 0 {
		return usagef("nothing to explain as %q; did you mean %s? (explain takes %s)", what, strings.Join(near, ", "), accepts)
	}
	return usagef("nothing to explain as %q: give %s", what, accepts)
}

// explainNames are the names explain takes besides rule and mistake IDs:
// the scenarios, the callbacks and the event kinds.
func explainNames() []string {
	names := scenarios.CatalogNames()
	for _, c := range simulator.Callbacks() {
		names = append(names, string(c))
	}
	for _, k := range simulator.Kinds() {
		names = append(names, string(k))
	}
	return names
}

func listRulebook(w io.Writer, b scenarios.Rulebook, width int, names simulator.Names) {
	fmt.Fprintln(w, "The rules of iOS that bgsim models, in the tags of its timelines ([R-D4]):")
	group := ""
	for _, r := range b.Rules {
		if r.Group != group {
			group = r.Group
			fmt.Fprintf(w, "\n%s\n", capitalize(group))
		}
		fmt.Fprintf(w, "  %-6s %s\n", r.ID, clip(names.Rewrite(plain(r.Summary())), summaryWidth(width)))
	}
	fmt.Fprintf(w, "\nWhat developers get wrong\n")
	for _, m := range b.Mistakes {
		fmt.Fprintf(w, "  %-6s %s\n", m.ID, clip(names.Rewrite(plain(m.Do)), summaryWidth(width)))
	}
	fmt.Fprintf(w, "\n'bgsim explain R-D4' tells one rule; 'bgsim list' lists the scenarios.\n")
}

// summaryWidth is the widest a one-line summary is before it is clipped,
// so that "  R-D4   summary..." fits width columns; a paragraph of
// explain is folded at the same width.
func summaryWidth(width int) int { return width - 12 }

func explainRule(w io.Writer, r scenarios.RuleEntry, width int, names simulator.Names) {
	fmt.Fprintf(w, "%s: %s (confidence: %s)\n\n", r.ID, r.Group, r.Confidence)
	fmt.Fprintln(w, wrap(names.Rewrite(plain(r.Text)), summaryWidth(width)))
	if len(r.Config) > 0 {
		fmt.Fprintln(w)
		def := reflect.ValueOf(scenarios.DefaultConfig())
		for _, f := range r.Config {
			fmt.Fprintf(w, "Config.%s, default %s\n", f, configValue(def.FieldByName(f).Interface()))
		}
	}
	seeIt(w, "Scenarios that show it", r.Scenarios, width)
}

// seeIt lists scenarios to run, folded to the width of the page.
func seeIt(w io.Writer, what string, names []string, width int) {
	if len(names) > 0 {
		fmt.Fprintf(w, "\n%s (bgsim run NAME):\n%s\n", what, indentLines(wrap(strings.Join(names, ", "), width-14), "  "))
	}
}

func indentLines(s, by string) string { return by + strings.ReplaceAll(s, "\n", "\n"+by) }

// deviceText is what a device does to a mistake, wrapped to width: for a
// mistake made in several ways (a line each), a list with an item for
// each way, its lines indented under its text.
func deviceText(device string, width int, names simulator.Names) string {
	cases := strings.Split(device, "\n")
	if len(cases) == 1 {
		return wrap(names.Rewrite(plain(device)), width)
	}
	for i, c := range cases {
		cases[i] = "- " + strings.TrimPrefix(indentLines(wrap(names.Rewrite(plain(c)), width-2), "  "), "  ")
	}
	return strings.Join(cases, "\n")
}

func explainMistake(w io.Writer, b scenarios.Rulebook, m scenarios.MistakeEntry, width int, names simulator.Names) {
	fmt.Fprintf(w, "%s, a mistake developers make\n\n", m.ID)
	fmt.Fprintf(w, "What they do:\n%s\n\n", wrap(names.Rewrite(plain(m.Do)), summaryWidth(width)))
	fmt.Fprintf(w, "What a device does:\n%s\n\n", deviceText(m.Device, summaryWidth(width), names))
	fmt.Fprintf(w, "The fix:\n%s\n", wrap(names.Rewrite(plain(m.Fix)), summaryWidth(width)))
	if len(m.Rules) > 0 {
		fmt.Fprintln(w, "\nThe rules behind it:")
		for _, id := range m.Rules {
			if r, ok := b.Rule(id); ok {
				fmt.Fprintf(w, "  %-6s %s\n", id, clip(names.Rewrite(plain(r.Summary())), summaryWidth(width)))
			}
		}
	}
	seeIt(w, "Scenarios that show it", m.Scenarios, width)
	seeIt(w, "The fix at work", m.Twins, width)
}

func explainScenario(w io.Writer, b scenarios.Rulebook, s *scenarios.Scenario, width int, names simulator.Names) {
	fmt.Fprintf(w, "%s\n\n%s\n", wrap(s.Name+": "+names.Rewrite(s.Summary), summaryWidth(width)), fit(names.Rewrite(strings.TrimSpace(s.Description)), width))
	if len(s.Rules) > 0 {
		fmt.Fprintln(w, "\nThe rules and mistakes it shows:")
		for _, id := range s.Rules {
			if r, ok := b.Rule(simulator.Rule(id)); ok {
				fmt.Fprintf(w, "  %-6s %s\n", id, clip(names.Rewrite(plain(r.Summary())), summaryWidth(width)))
			} else if m, ok := b.Mistake(simulator.Rule(id)); ok {
				fmt.Fprintf(w, "  %-6s %s\n", id, clip(names.Rewrite(plain(m.Do)), summaryWidth(width)))
			}
		}
	}
	fmt.Fprintf(w, "\nRun it: bgsim run %s\n", s.Name)
}

// emphasis is a word or phrase between single asterisks, Markdown's
// emphasis: *running*.
var emphasis = regexp.MustCompile(`\*([^*\s][^*]*[^*\s]|[^*\s])\*`)

// plain is a text of the rules page as a terminal shows it: without the
// page's Markdown marks (`CompletionHandlerBudget`, *running*), which
// read as noise there.
func plain(s string) string {
	return emphasis.ReplaceAllString(strings.ReplaceAll(s, "`", ""), "$1")
}

// configValue writes a Config default the way a scenario file's config
// block does: "1h", "1m", "charging", not "1h0m0s", "1m0s" or 0.
func configValue(v any) string {
	switch v := v.(type) {
	case time.Duration:
		d := scenarios.FormatDuration(v) // whole days as "7d"
		if strings.HasSuffix(d, "m0s") {
			d = strings.TrimSuffix(d, "0s")
		}
		if strings.HasSuffix(d, "h0m") {
			d = strings.TrimSuffix(d, "0m")
		}
		return d
	case simulator.PowerNeed:
		switch v {
		case simulator.PowerCharging:
			return "charging"
		case simulator.PowerChargingOrAbove:
			return "charging-or-above"
		case simulator.PowerAnyLevel:
			return "any-level"
		}
	}
	return fmt.Sprint(v)
}

// wrap folds text at width columns, between words; a Swift selector or
// a call wider than width is folded after its parenthesis and colons
// (breakSelector).
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for _, word := range strings.Fields(text) {
		for i, piece := range breakSelector(word, width) {
			if n > 0 && (i > 0 || n+1+len(piece) > width) {
				b.WriteString("\n")
				n = 0
			} else if n > 0 {
				b.WriteString(" ")
				n++
			}
			b.WriteString(piece)
			n += len(piece)
		}
	}
	return b.String()
}

// breakSelector splits a Swift selector or a call wider than width
// after its opening parenthesis and its colons, into pieces that fit
// where they can ("application(_:handleEventsForBackgroundURLSession:"
// and "completionHandler:)"; "HandleEventsForBackgroundUrl(" and
// "com.SimpleBackgroundTransfer.BackgroundSession)"); any other word
// stays whole.
func breakSelector(word string, width int) []string {
	if len(word) <= width || !strings.Contains(word, "(") {
		return []string{word}
	}
	var pieces []string
	cur := ""
	for _, part := range splitAfterAny(word, "(:") {
		if cur != "" && len(cur)+len(part) > width {
			pieces = append(pieces, cur)
			cur = ""
		}
		cur += part
	}
	return append(pieces, cur)
}

// splitAfterAny splits s after each of the bytes in seps.
func splitAfterAny(s, seps string) []string {
	var parts []string
	for s != "" {
		i := strings.IndexAny(s, seps)
		if i < 0 {
			return append(parts, s)
		}
		parts = append(parts, s[:i+1])
		s = s[i+1:]
	}
	return parts
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndex(s[:n], " ")
	if cut < n/2 {
		cut = n
	}
	return s[:cut] + "..."
}

// capitalize starts a sentence with a capital letter, but for a name
// that begins lower case (iOS, iPhone).
func capitalize(s string) string {
	if s == "" || len(s) > 1 && unicode.IsUpper(rune(s[1])) {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
