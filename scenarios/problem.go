package scenarios

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"github.com/goccy/go-yaml/token"
)

// Position is a place in a scenario file: 1-based line and column.
type Position struct {
	Line, Col int
}

// IsValid reports whether the position names a place (line 1 or later).
func (p Position) IsValid() bool { return p.Line > 0 }

// Problem is one thing wrong with a scenario file, at a position.
type Problem struct {
	File    string
	Pos     Position
	Message string
	// Hint, if set, says how to fix it ("did you mean \"home\"?").
	Hint string
	// Source is the offending line with a caret, and a line of context
	// either side, ready to print under the message.
	Source string
}

// Error is "file:line:col: message; hint".
func (p *Problem) Error() string {
	msg := p.Message
	if p.Hint != "" {
		msg += "; " + p.Hint
	}
	if !p.Pos.IsValid() {
		return fmt.Sprintf("%s: %s", p.File, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Pos.Line, p.Pos.Col, msg)
}

// FileError is every problem of a scenario file, in file order. Parse and
// Load return it for a file that does not load; its Error lists the
// problems, each with its offending line.
type FileError struct {
	File     string
	Problems []*Problem
}

// Error lists the problems, one "file:line:col: message" per problem,
// each followed by the offending source line.
func (e *FileError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
		if p.Source != "" {
			b.WriteByte('\n')
			b.WriteString(strings.TrimRight(p.Source, "\n"))
		}
	}
	return b.String()
}

// Messages lists the problems as one-line "file:line:col: message" strings,
// without the source excerpts.
func (e *FileError) Messages() []string {
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.Error()
	}
	return out
}

// problems collects what is wrong with a file.
type problems struct {
	file string
	src  []byte
	list []*Problem
}

func (ps *problems) add(tk *token.Token, hint, format string, args ...any) {
	p := &Problem{File: ps.file, Message: fmt.Sprintf(format, args...), Hint: hint}
	if tk != nil && tk.Position != nil {
		// The excerpt is drawn from the source rather than with the YAML
		// library's token printer, which rebuilds lines from tokens and
		// garbles some of them (a flow mapping split at a comma).
		p.Pos = Position{Line: tk.Position.Line, Col: tk.Position.Column}
		p.Source = sourceExcerpt(ps.src, p.Pos)
	}
	ps.list = append(ps.list, p)
}

// addAt records a problem at a position known without its token.
func (ps *problems) addAt(pos Position, hint, format string, args ...any) {
	p := &Problem{File: ps.file, Pos: pos, Message: fmt.Sprintf(format, args...), Hint: hint}
	p.Source = sourceExcerpt(ps.src, pos)
	ps.list = append(ps.list, p)
}

// err returns the problems sorted in file order, or nil if there are none.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	sort.SliceStable(ps.list, func(i, j int) bool {
		a, b := ps.list[i].Pos, ps.list[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return &FileError{File: ps.file, Problems: ps.list}
}

// sourceExcerpt shows the line at pos with a caret under the column, in
// the style of the YAML library's annotated source.
func sourceExcerpt(src []byte, pos Position) string {
	if !pos.IsValid() {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	if n := len(lines); n > 1 && lines[n-1] == "" && pos.Line < n {
		// A final newline ends the last line; it does not start another
		// one to show as context, unless the problem is at the very end.
		lines = lines[:n-1]
	}
	if pos.Line > len(lines) {
		return ""
	}
	var b strings.Builder
	for l := max(pos.Line-1, 1); l <= min(pos.Line+1, len(lines)); l++ {
		mark := "  "
		if l == pos.Line {
			mark = "> "
		}
		fmt.Fprintf(&b, "%s%3d | %s\n", mark, l, printable(lines[l-1], pos.Col))
		if l == pos.Line {
			fmt.Fprintf(&b, "%s%s^\n", strings.Repeat(" ", 8), strings.Repeat(" ", max(pos.Col-1, 0)))
		}
	}
	return b.String()
}

// maxExcerptRunes is how much of a source line an excerpt shows: enough
// for any line a person writes, and a line of a binary or minified file
// does not flood the terminal.
const maxExcerptRunes = 160

// printable makes a source line safe to print under an error: a tab
// becomes a '→' (seen, where a space would hide it: YAML refuses tabs in
// indentation) and any other control character or invalid UTF-8 byte a
// '?', one for one, so the caret still points at the column (a file
// that is not text must not write raw bytes, terminal escapes among them,
// to the user's terminal). A line longer than maxExcerptRunes is cut
// after the column, with "…".
func printable(line string, col int) string {
	limit := max(maxExcerptRunes, col+20)
	var b strings.Builder
	n := 0
	for i := 0; i < len(line); n++ {
		if n == limit {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		i += size
		switch {
		case r == '\t':
			b.WriteRune('→')
		case r == utf8.RuneError && size == 1, unicode.IsControl(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// suggest returns `did you mean "x"?` for the candidate closest to word,
// or "" when none is close enough to be a likely typo.
func suggest(word string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(strings.ToLower(word), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len(word)/3) {
		return ""
	}
	return fmt.Sprintf("did you mean %q?", best)
}

// oneOf is a hint listing the valid values, with the closest first if one
// is close.
func oneOf(word string, candidates []string) string {
	if len(candidates) == 0 {
		return ""
	}
	if s := suggest(word, candidates); s != "" {
		return s
	}
	return "one of: " + strings.Join(candidates, ", ")
}
