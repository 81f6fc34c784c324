package main

import (
	"fmt"
	"strings"

	"github.com/agnivade/levenshtein"
)

// unknownScenario is the usage error for a scenario name bgsim does not
// know: with the names it may be a typo of, rather than all sixty.
func unknownScenario(name string, names []string, why string) error {
	msg := fmt.Sprintf("unknown scenario %q%s", name, why)
	if near := nearNames(name, names, 3); len(near) > 0 {
		msg += "; did you mean " + strings.Join(near, ", ") + "?"
	}
	return usagef("%s (see 'bgsim list')", msg)
}

// didYouMean is " did you mean a, b?" for the names s may be a typo of,
// or "" when none is near: the text between an error and its list of
// valid names.
func didYouMean(s string, names []string) string {
	near := nearNames(s, names, 3)
	if len(near) == 0 {
		return ""
	}
	return " did you mean " + strings.Join(near, ", ") + "?"
}

// nearNames are up to max of names that hold every word of s (forget-handler:
// forget-completion-handler), or are within a few edits of it (walkthru),
// in the order of names.
func nearNames(s string, names []string, max int) []string {
	s = strings.ToLower(s)
	var out []string
	for _, n := range names {
		if len(out) == max {
			break
		}
		if (len(s) >= 4 && hasWords(n, strings.Split(s, "-"))) || levenshtein.ComputeDistance(s, n) <= min(3, 1+len(s)/3) {
			out = append(out, n)
		}
	}
	return out
}

// hasWords reports whether name contains each of words.
func hasWords(name string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(name, w) {
			return false
		}
	}
	return true
}
