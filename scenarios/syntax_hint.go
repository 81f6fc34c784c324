package scenarios

import (
	"fmt"
	"strings"
)

// syntaxProblem turns a YAML syntax error, in the parser's words, into a
// problem a person can act on: the parser's message where it is clear,
// with a hint that says what to change (most are indentation, which the
// parser cannot name).
func syntaxProblem(msg string, src []byte, at Position) (message, hint string) {
	switch {
	case strings.Contains(msg, "'\t'"):
		// The parser's message holds the tab itself, which shows as a
		// space.
		return "a tab: YAML does not allow tabs in indentation", "indent with spaces"
	case msg == "value is not allowed in this context":
		// A key indented unlike the keys of its mapping.
		hint := "indentation: align the key with the key above"
		if col, ok := keyAbove(src, at.Line); ok {
			hint += fmt.Sprintf(" (column %d)", col)
		}
		return "this key is not lined up with the keys of its mapping", hint
	case msg == "mapping value is not allowed in this context":
		// A line indented further than the key it follows reads as the
		// rest of that key's value; so does a value holding ": ".
		return msg, "indentation: the next line may be indented further than this key; or quote a value that holds \": \""
	case msg == "non-map value is specified":
		return msg, "indentation: a list item (- ...) goes under its key, indented the same as or further than it, with its siblings"
	case strings.Contains(msg, "flow mapping end token"):
		return msg, "close the mapping with }, and separate its entries with commas"
	case strings.Contains(msg, "'}' must be specified"):
		// Said at the line after a { ... } left open.
		return msg, "a { ... } mapping above is not closed: end it with }, and separate its entries with commas"
	case strings.Contains(msg, "']' must be specified"):
		// Said at the line after a [ ... ] left open.
		return msg, "a [ ... ] list above is not closed: end it with ], and separate its items with commas"
	case strings.Contains(msg, "sequence end token"):
		return msg, "close the list with ], and separate its items with commas"
	case strings.Contains(msg, "end character of single-quoted"):
		return msg, "close the text with ' (write '' for a quote inside it)"
	case strings.Contains(msg, "end character of double-quoted"):
		return msg, `close the text with " (write \" for a quote inside it)`
	}
	return msg, ""
}

// keyAbove is the column of the key on the nearest line above line that
// holds one, past a list item's "- ".
func keyAbove(src []byte, line int) (int, bool) {
	lines := strings.Split(string(src), "\n")
	for l := min(line-1, len(lines)); l >= 1; l-- {
		text := lines[l-1]
		trimmed := strings.TrimLeft(text, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		col := len(text) - len(trimmed) + 1
		for strings.HasPrefix(trimmed, "- ") {
			rest := strings.TrimLeft(trimmed[2:], " ")
			col += len(trimmed) - len(rest)
			trimmed = rest
		}
		if !strings.Contains(trimmed, ":") {
			return 0, false
		}
		return col, true
	}
	return 0, false
}
