package explore

import (
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// seedCoverage counts what one run exercised, as its events come: into
// arrays indexed by kind and rule (no map grows per event), added to a
// Coverage's maps once per seed. Kinds and rules beyond the arrays (the
// tables grew) are counted in the maps.
type seedCoverage struct {
	kinds      [maxKinds]int // by kindIndex
	rules      [maxRules]int // by ruleIndex
	otherKinds map[string]int
	otherRules map[string]int // rules the tables do not know (a model's own)
	files      FileCoverage
}

// The kinds and rules of the trace, indexed once.
var (
	kindList  = simulator.Kinds()
	ruleList  = append(simulator.Rules(), simulator.Mistakes()...)
	kindIndex = newEnumIndex(asStrings(kindList))
	ruleIndex = newEnumIndex(asStrings(ruleList))
)

// The arrays' sizes: room for the tables to grow.
const (
	maxKinds = 64
	maxRules = 128
)

func asStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func (c *seedCoverage) event(e *simulator.Event) {
	if e.Rule != "" {
		if i, ok := ruleIndex.of(string(e.Rule)); ok && i < maxRules {
			c.rules[i]++
		} else {
			c.otherRules = count(c.otherRules, string(e.Rule))
		}
	}
	if i, ok := kindIndex.of(string(e.Kind)); ok && i < maxKinds {
		c.kinds[i]++
	} else {
		c.otherKinds = count(c.otherKinds, string(e.Kind))
	}
}

func count(m map[string]int, k string) map[string]int { return countN(m, k, 1) }

// countN adds n to m[k], making m if it is nil.
func countN(m map[string]int, k string, n int) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[k] += n
	return m
}

// file counts a downloaded file the files property checked.
func (c *seedCoverage) file(f fakes.File, resumed bool, v versions) {
	c.files.Checked++
	if resumed {
		c.files.Resumed++
	}
	if len(f.Segments) > 0 {
		src := f.Segments[0].Source
		if first, ok := v.first[sourceURL(src)]; ok && first != src {
			c.files.Republished++
		}
	}
}

// add adds o's counts to c's.
func (c *seedCoverage) add(o *seedCoverage) {
	for i, n := range o.kinds {
		c.kinds[i] += n
	}
	for i, n := range o.rules {
		c.rules[i] += n
	}
	for k, n := range o.otherKinds {
		c.otherKinds = countN(c.otherKinds, k, n)
	}
	for k, n := range o.otherRules {
		c.otherRules = countN(c.otherRules, k, n)
	}
	c.files.add(o.files)
}

// addTo adds the counts to cov.
func (c *seedCoverage) addTo(cov *Coverage) {
	for i, n := range c.kinds {
		if n > 0 {
			cov.Kinds[string(kindList[i])] += n
		}
	}
	for i, n := range c.rules {
		if n > 0 {
			cov.Rules[string(ruleList[i])] += n
		}
	}
	for k, n := range c.otherKinds {
		cov.Kinds[k] += n
	}
	for k, n := range c.otherRules {
		cov.Rules[k] += n
	}
	cov.Files.add(c.files)
}
