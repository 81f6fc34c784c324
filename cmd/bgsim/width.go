package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// The width of bgsim's text, in columns: the timelines, lists,
// explanations and help are laid out to fit it.
const (
	defaultWidth = 100  // fits a projector; a pipe or a file always gets it unless --width says otherwise
	minWidth     = 60   // the narrowest the timeline lays out in: time, actor and a few words
	maxWidth     = 1000 // wider is no layout, only a typo
)

// widthHelp says how the width is chosen, in 'bgsim --help'.
var widthHelp = fmt.Sprintf(`Text (timelines, lists, explanations, help) fits %d columns. On a terminal narrower
than that it fits the terminal: $COLUMNS if set, else the terminal's width (at least
%d). Output to a pipe or a file is %d columns wide whatever the terminal, so that logs
and saved output never depend on it. --width N (%d to %d) sets the width everywhere.`,
	defaultWidth, minWidth, defaultWidth, minWidth, maxWidth)

// widthFlag is --width, a flag of every command: the columns the text
// fits, and whether the user gave them. Each command line has its own
// (newRootCmd), so runs in one process never share it.
type widthFlag struct {
	n   int
	set bool
}

func (w *widthFlag) Set(v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < minWidth || n > maxWidth {
		return fmt.Errorf("want a width from %d to %d columns", minWidth, maxWidth)
	}
	w.n, w.set = n, true
	return nil
}

func (w *widthFlag) String() string { return strconv.Itoa(w.n) }

// Type is the name help shows after the flag.
func (w *widthFlag) Type() string { return "columns" }

// addWidthFlag adds --width to root and all its commands.
func addWidthFlag(root *cobra.Command, w *widthFlag) {
	root.PersistentFlags().Var(w, "width", fmt.Sprintf("columns the text fits, %d to %d; without it, a terminal narrower than %d gives its own width",
		minWidth, maxWidth, defaultWidth))
}

// textWidth is the width of the text a command writes to out ("" or -
// for standard output): --width if given; else, for standard output on a
// terminal narrower than the default, the terminal's width ($COLUMNS
// first, as a user may set it to ask for narrower text); else the
// default. Text to a file or a pipe never depends on the terminal.
func (e env) textWidth(out string) int {
	if e.width != nil && e.width.set {
		return e.width.n
	}
	if out != "" && out != stdio {
		return defaultWidth
	}
	f, ok := e.stdout.(*os.File)
	if !ok || !isTerminal(f) {
		return defaultWidth
	}
	cols := 0
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		cols = n
	} else if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
		cols = n
	}
	if cols == 0 {
		return defaultWidth
	}
	return min(max(cols, minWidth), defaultWidth)
}

// fit lays out text written for the default width in width columns: a
// paragraph (lines between blank lines) whose lines all fit is kept as
// written; one of prose with a line too wide is folded again as a whole;
// in any other (a heading over a list, a table), each item too wide is
// folded under its own text. Text that fits stays byte for byte.
func fit(text string, width int) string {
	lines := strings.Split(text, "\n")
	var out []string
	for start := 0; start < len(lines); {
		if lines[start] == "" {
			out = append(out, "")
			start++
			continue
		}
		end := start
		for end < len(lines) && lines[end] != "" {
			end++
		}
		out = append(out, fitParagraph(lines[start:end], width)...)
		start = end
	}
	return strings.Join(out, "\n")
}

// itemStart is what starts an item of a list or a table: its indent,
// then a bullet ("- ") or a short first column and the spaces after it
// ("1  ", "R-D4   ").
var itemStart = regexp.MustCompile(`^ *(?:[-*] |\S{1,8}  +)`)

func fitParagraph(lines []string, width int) []string {
	fits, prose := true, true
	for _, l := range lines {
		fits = fits && utf8.RuneCountInString(l) <= width
		prose = prose && !strings.HasPrefix(l, " ") && !itemStart.MatchString(l)
	}
	switch {
	case fits:
		return lines
	case prose:
		return strings.Split(wrap(strings.Join(lines, " "), width), "\n")
	}
	// Items: a line, and the lines under it indented to its text.
	var out []string
	for i := 0; i < len(lines); {
		head := lines[i]
		if !itemStart.MatchString(head) {
			head = head[:len(head)-len(strings.TrimLeft(head, " "))] // a line: its indent
		} else {
			head = itemStart.FindString(head)
		}
		hang := strings.Repeat(" ", len(head))
		end, wide := i+1, utf8.RuneCountInString(lines[i]) > width
		for end < len(lines) && strings.HasPrefix(lines[end], hang) && len(hang) > 0 &&
			!strings.HasPrefix(lines[end], hang+" ") && !itemStart.MatchString(lines[end][len(hang):]) {
			wide = wide || utf8.RuneCountInString(lines[end]) > width
			end++
		}
		if !wide {
			out = append(out, lines[i:end]...)
			i = end
			continue
		}
		text := strings.TrimPrefix(lines[i], head)
		for _, l := range lines[i+1 : end] {
			text += " " + strings.TrimPrefix(l, hang)
		}
		for j, piece := range strings.Split(wrap(text, width-len(hang)), "\n") {
			if j == 0 {
				out = append(out, head+piece)
			} else {
				out = append(out, hang+piece)
			}
		}
		i = end
	}
	return out
}

// fitHelp lays the help of every command out in the command line's
// width: the usage line and the flags' descriptions folded, the long
// description and the examples fitted. The template and the texts belong
// to this command line's commands alone (newRootCmd), so nothing carries
// over to another run.
func fitHelp(e env, root *cobra.Command) {
	base := root.UsageTemplate()
	// Between helps (a usage printed otherwise), the flags in the default
	// width.
	wrapped := strings.NewReplacer(
		".LocalFlags.FlagUsages", "(.LocalFlags.FlagUsagesWrapped "+strconv.Itoa(defaultWidth)+")",
		".InheritedFlags.FlagUsages", "(.InheritedFlags.FlagUsagesWrapped "+strconv.Itoa(defaultWidth)+")",
	).Replace(base)
	root.SetUsageTemplate(wrapped)
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		width := e.textWidth("")
		root.SetUsageTemplate(usageTemplate(base, c, width))
		defer root.SetUsageTemplate(wrapped)
		long, example := c.Long, c.Example
		if long == "" {
			long = c.Short // what help shows without a long description
		}
		c.Long, c.Example = fit(long, width), fitExamples(example, width)
		shorts := map[*cobra.Command]string{}
		for _, sub := range c.Commands() {
			// The list of commands: "  name        short", the short's
			// lines under its first.
			col := 2 + sub.NamePadding() + 1
			shorts[sub] = sub.Short
			sub.Short = strings.ReplaceAll(wrap(sub.Short, width-col), "\n", "\n"+strings.Repeat(" ", col))
		}
		help(c, args)
		c.Long, c.Example = long, example
		for sub, short := range shorts {
			sub.Short = short
		}
	})
}

// fitExamples lays a command's examples out in width columns: an example
// too wide for it has its comment on a line of its own above it, and
// commands joined by && one under the other; a command still too wide is
// folded between its words with " \" (foldCommand), so that it pastes
// as it is.
func fitExamples(text string, width int) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if utf8.RuneCountInString(l) <= width {
			out = append(out, l)
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		if cmd, comment, ok := strings.Cut(l, "  # "); ok {
			out = append(out, indent+"# "+comment)
			l = strings.TrimRight(cmd, " ")
		}
		for _, cmd := range strings.Split(strings.ReplaceAll(l, " && ", " &&\n"+indent+"  "), "\n") {
			out = append(out, foldCommand(cmd, width))
		}
	}
	return strings.Join(out, "\n")
}

// hanging folds a line of text at width, its later lines indented by
// hang; a line that fits is kept as it is, and so is the line's own
// indent.
func hanging(line string, width int, hang string) string {
	if utf8.RuneCountInString(line) <= width {
		return line
	}
	body := strings.TrimLeft(line, " ")
	lead := line[:len(line)-len(body)]
	lines := strings.Split(wrap(body, width-len(lead)), "\n")
	out := lead + lines[0]
	if rest := wrap(strings.Join(lines[1:], " "), width-len(hang)); rest != "" {
		out += "\n" + hang + strings.ReplaceAll(rest, "\n", "\n"+hang)
	}
	return out
}

// foldWide folds each line of text wider than width under its own
// indent, and keeps every other line as it is.
func foldWide(text string, width int) string {
	lines := strings.Split(text, "\n")
	var out []string
	for _, l := range lines {
		if utf8.RuneCountInString(l) <= width {
			out = append(out, l)
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		out = append(out, indent+strings.ReplaceAll(wrap(l, width-len(indent)), "\n", "\n"+indent))
	}
	return strings.Join(out, "\n")
}
