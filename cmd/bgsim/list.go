package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

func newListCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios and the mistakes 'run --mistake' can switch on",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("list takes no arguments")
			}
			return nil
		},
		RunE: func(*cobra.Command, []string) error {
			width := e.textWidth("")
			var rows, mrows []listRow
			for _, b := range scenarios.Builtins() {
				rows = append(rows, listRow{b.Name, simulator.NamesXamarin.Rewrite(b.Description), "[" + strings.Join(b.Labels, ", ") + "]"})
			}
			for _, name := range mistakeNames() {
				mrows = append(mrows, listRow{name: name, text: simulator.NamesXamarin.Rewrite(mistakeNotes[name])})
			}
			var b strings.Builder
			b.WriteString(fit("Scenarios (bgsim run NAME to run one, bgsim explain NAME for its story):", width) + "\n")
			writeColumns(&b, rows, width)
			b.WriteString("\n" + fit("Mistakes of the reference app (bgsim run NAME shows each in a scenario of its own;\n"+
				"bgsim run walkthrough --mistake NAME switches it on in another, where it may change nothing):", width) + "\n")
			writeColumns(&b, mrows, width)
			if _, err := io.WriteString(e.stdout, b.String()); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return nil
		},
	}
}

// listRow is a line of the list: a name, its text, and a tag kept whole
// at the end ("[mistake, files]").
type listRow struct{ name, text, tag string }

// writeColumns writes rows, their texts in one column after the longest
// name, wrapped so that no line is wider than width; a row's tag ends its
// last line, or has a line of its own when it does not fit there. When
// that column would be narrower than minColumn, each text goes under its
// name, indented.
func writeColumns(b *strings.Builder, rows []listRow, width int) {
	const minColumn = 40
	nameWidth := 0
	for _, r := range rows {
		nameWidth = max(nameWidth, len(r.name))
	}
	indent := strings.Repeat(" ", 2+nameWidth+2)
	if width-len(indent) < minColumn {
		for _, r := range rows {
			b.WriteString("  " + r.name + "\n")
			writeColumns(b, []listRow{{text: r.text, tag: r.tag}}, width) // a name of "": the text at column 4
		}
		return
	}
	textWidth := width - len(indent)
	for _, r := range rows {
		lines := strings.Split(wrap(r.text, textWidth), "\n")
		switch last := len(lines) - 1; {
		case r.tag == "":
		case len(lines[last])+1+len(r.tag) <= textWidth:
			lines[last] += " " + r.tag
		default:
			lines = append(lines, r.tag)
		}
		fmt.Fprintf(b, "  %-*s  %s\n", nameWidth, r.name, lines[0])
		for _, l := range lines[1:] {
			b.WriteString(indent + l + "\n")
		}
	}
}
