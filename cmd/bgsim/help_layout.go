package main

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageTemplate is cobra's usage template with what it lays out itself
// (the usage line, the flags, the line that ends it) replaced by c's,
// laid out in width columns. The texts go into the template as quoted
// strings, {{"..."}}, which the template prints as they are, whatever
// they hold.
func usageTemplate(base string, c *cobra.Command, width int) string {
	literal := func(s string) string { return "{{" + strconv.Quote(s) + "}}" }
	footer := `Use "` + c.CommandPath() + ` [command] --help" for more information about a command.`
	return strings.NewReplacer(
		"  {{.UseLine}}", literal(hanging("  "+c.UseLine(), width, "      ")),
		".LocalFlags.FlagUsages", strconv.Quote(flagUsages(c.LocalFlags(), width)),
		".InheritedFlags.FlagUsages", strconv.Quote(flagUsages(c.InheritedFlags(), width)),
		`Use "{{.CommandPath}} [command] --help" for more information about a command.`, literal(wrap(footer, width)),
	).Replace(base)
}

// flagIndent is where a flag's description starts when it goes under
// the flag (flagUsages).
const flagIndent = "          "

// flagUsages lays the flags of fs out in width columns: pflag's table,
// the names and then the descriptions in a column, where every line of it
// fits; else (a word too wide for the column, such as a Swift selector,
// which pflag leaves on one line with the rest of its description) each
// flag on a line of its own and its description folded under it.
func flagUsages(fs *pflag.FlagSet, width int) string {
	table := fs.FlagUsagesWrapped(width)
	if fitsIn(table, width) {
		return table
	}
	// Unwrapped, a flag is a line: its names (from column 2, or 6
	// without a shorthand), two spaces or more, its description; a
	// description's own line breaks continue it further right.
	type flag struct{ head, desc string }
	var flags []flag
	for _, l := range strings.Split(strings.TrimSuffix(fs.FlagUsagesWrapped(0), "\n"), "\n") {
		body := strings.TrimLeft(l, " ")
		if len(l)-len(body) > len("      ") && len(flags) > 0 {
			flags[len(flags)-1].desc += " " + body
			continue
		}
		head, desc, _ := strings.Cut(body, "  ")
		flags = append(flags, flag{l[:len(l)-len(body)] + head, desc})
	}
	var b strings.Builder
	for _, f := range flags {
		b.WriteString(f.head + "\n")
		b.WriteString(flagIndent + strings.ReplaceAll(wrap(f.desc, width-len(flagIndent)), "\n", "\n"+flagIndent) + "\n")
	}
	return b.String()
}

// fitsIn reports whether every line of text is at most width columns.
func fitsIn(text string, width int) bool {
	for _, l := range strings.Split(text, "\n") {
		if utf8.RuneCountInString(l) > width {
			return false
		}
	}
	return true
}

// foldCommand folds a shell command wider than width between its words,
// each line but the last ending in " \" so that it still pastes as one
// command; the lines after the first are indented by two more columns
// than the first. A quoted word is never cut.
func foldCommand(line string, width int) string {
	if utf8.RuneCountInString(line) <= width {
		return line
	}
	indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
	var lines []string
	cur := indent
	for _, word := range shellWords(strings.TrimLeft(line, " ")) {
		switch {
		case cur == indent:
			cur += word
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word)+2 > width:
			lines = append(lines, cur+" \\")
			cur = indent + "  " + word
		default:
			cur += " " + word
		}
	}
	return strings.Join(append(lines, cur), "\n")
}

// shellWords splits a command line at its spaces, but for those inside
// quotes.
func shellWords(s string) []string {
	var words []string
	var quote rune
	start := -1
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == ' ':
			if start >= 0 {
				words = append(words, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}
