package main

import (
	"fmt"
	"strings"
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
		if (len(s) >= 4 && hasWords(n, strings.Split(s, "-"))) || editDistance(s, n) <= min(3, 1+len(s)/3) {
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

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
