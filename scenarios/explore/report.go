package explore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bgsim/bgsim/simulator"
)

// Report is what an exploration found. Reports of shards merge (Merge)
// into the report one run over all their seeds would have given.
type Report struct {
	// Target is the explored scenario's name; Seeds, Shard and Shards,
	// Troubles, SafetyOnly and CheckDeterminism are the options it was
	// explored with.
	Target           string    `json:"target"`
	Seeds            Seeds     `json:"seeds"`
	Shard            int       `json:"shard"`
	Shards           int       `json:"shards"`
	Troubles         []Trouble `json:"troubles"`
	SafetyOnly       bool      `json:"safety_only,omitempty"`
	CheckDeterminism bool      `json:"check_determinism,omitempty"`
	// StrictLimits, TargetSHA256 and Bgsim tell explorations apart where
	// the fields above do not: whether a run-until step that reached its
	// limit failed the seed, the SHA-256 (hex) of the explored scenario's
	// source (its file, or the catalog's text of a built-in scenario), and
	// the version of bgsim that explored it. Run records StrictLimits,
	// bgsim explore the other two; Differences compares them, so that
	// the shards of a changed file, of other options or of another bgsim
	// are not merged as one exploration. A result written before they
	// were recorded has none of them.
	StrictLimits bool   `json:"strict_limits,omitempty"`
	TargetSHA256 string `json:"target_sha256,omitempty"`
	Bgsim        string `json:"bgsim,omitempty"`
	// Runs is how many seeds ran.
	Runs int `json:"runs"`
	// Failures are the failing seeds, by seed.
	Failures []Failure `json:"failures"`
	// Failed counts the failing seeds by the property they broke.
	Failed map[string]int `json:"failed"`
	// Coverage is what the runs exercised.
	Coverage Coverage `json:"coverage"`
}

// Failure is one seed that broke a property.
type Failure struct {
	// Seed is the failing seed; Property the property it broke
	// (no-violation, exactly-once, ...: Properties lists them).
	Seed     uint64 `json:"seed"`
	Property string `json:"property"`
	// Message says what happened, with virtual times and rule IDs.
	Message string `json:"message"`
	// Troubles are the kinds of trouble the seed drew; Actions how many
	// steps they made, MinimalActions how many are left after shrinking.
	Troubles       []Trouble `json:"troubles"`
	Jitter         bool      `json:"jitter,omitempty"`
	Actions        int       `json:"actions"`
	MinimalActions int       `json:"minimal_actions"`
	// Shrunk says whether the seed was shrunk: not under NoShrink, nor
	// for a hang or a determinism failure, whose Minimal is as drawn.
	Shrunk bool `json:"shrunk"`
	// Minimal is the shrunk scenario as a file: the target with the fewest
	// actions that still break the property, and an expectation that fails
	// the same way under a plain run.
	Minimal string `json:"minimal"`
	// Reproduces: the minimal file, parsed and run without the explorer,
	// fails its expectation. False when the property cannot be written as
	// an expectation (exactly-once, dead-process, sessions, files, run,
	// deterministic).
	Reproduces bool `json:"reproduces"`
}

// Coverage counts what the runs exercised: the rules the trace cited, the
// event kinds it recorded, the troubles the seeds drew. What a run never
// exercised is what exploration did not test.
type Coverage struct {
	Rules    map[string]int `json:"rules"`
	Kinds    map[string]int `json:"kinds"`
	Troubles map[string]int `json:"troubles"`
	// Files counts the downloaded files the files property checked.
	Files FileCoverage `json:"files"`
}

func newCoverage() Coverage {
	return Coverage{Rules: map[string]int{}, Kinds: map[string]int{}, Troubles: map[string]int{}}
}

func (c *Coverage) add(o Coverage) {
	for k, v := range o.Rules {
		c.Rules[k] += v
	}
	for k, v := range o.Kinds {
		c.Kinds[k] += v
	}
	for k, v := range o.Troubles {
		c.Troubles[k] += v
	}
	c.Files.add(o.Files)
}

// NeverRules lists the rules no run cited of those an event can cite
// (simulator.EventRules). The rules no event ever cites (R-L8, R-S4, R-I5,
// R-E1, R-E2, R-E5, R-X2: modelled, but shown by events that cite other
// rules; R-E6: not modelled) are left out: no run could exercise them, so
// listing them would say nothing about the runs.
func (c Coverage) NeverRules() []string {
	var out []string
	for _, r := range simulator.EventRules() {
		if c.Rules[string(r)] == 0 {
			out = append(out, string(r))
		}
	}
	return out
}

// NeverKinds lists the trace event kinds no run recorded.
func (c Coverage) NeverKinds() []string {
	var out []string
	for _, k := range simulator.Kinds() {
		if c.Kinds[string(k)] == 0 {
			out = append(out, string(k))
		}
	}
	return out
}

// NeverTroubles lists the troubles of the exploration no seed drew.
func (c Coverage) NeverTroubles(allowed []Trouble) []string {
	var out []string
	for _, t := range allowed {
		if c.Troubles[string(t)] == 0 {
			out = append(out, string(t))
		}
	}
	return out
}

// Checked reports whether the exploration checked property p: the
// liveness properties are not checked under SafetyOnly, nor deterministic
// without CheckDeterminism. A property not checked was not broken, and
// was not shown to hold either.
func (r *Report) Checked(p string) bool {
	switch p {
	case PropDelivered, PropHandler:
		return !r.SafetyOnly
	case PropDeterminism:
		return r.CheckDeterminism
	}
	return true
}

// Differences lists how the explorations of r and o differ, each as
// "what: r's vs o's" ("troubles: all vs outage"); none if they are shards
// of one exploration (their Shard, and what they found, aside).
func (r *Report) Differences(o *Report) []string {
	var d []string
	add := func(what string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			d = append(d, fmt.Sprintf("%s: %v vs %v", what, a, b))
		}
	}
	add("target", r.Target, o.Target)
	if r.TargetSHA256 != o.TargetSHA256 {
		d = append(d, fmt.Sprintf("scenario source SHA-256: %s vs %s", unrecorded(short(r.TargetSHA256)), unrecorded(short(o.TargetSHA256))))
	}
	add("seeds", r.Seeds, o.Seeds)
	add("shards", max(r.Shards, 1), max(o.Shards, 1))
	add("troubles", joinTroubles(r.Troubles), joinTroubles(o.Troubles))
	add("safety only", r.SafetyOnly, o.SafetyOnly)
	add("determinism checked", r.CheckDeterminism, o.CheckDeterminism)
	add("strict limits", r.StrictLimits, o.StrictLimits)
	add("bgsim", unrecorded(r.Bgsim), unrecorded(o.Bgsim))
	return d
}

// unrecorded stands for a field an older result does not have.
func unrecorded(s string) string {
	if s == "" {
		return "(not recorded: an older bgsim)"
	}
	return s
}

// short is the first 12 hex digits of a SHA-256, enough to tell two apart
// in a message.
func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

func joinTroubles(ts []Trouble) string {
	var names []string
	for _, t := range ts {
		names = append(names, string(t))
	}
	return strings.Join(names, ",")
}

// Merge combines the reports of the shards of one exploration into the
// report of a single run over all their seeds.
func Merge(reports []Report) Report {
	if len(reports) == 0 {
		return Report{Failed: map[string]int{}, Coverage: newCoverage()}
	}
	out := reports[0]
	out.Shard, out.Shards = 0, 1
	out.Failures = nil
	out.Runs = 0
	out.Failed = map[string]int{}
	out.Coverage = newCoverage()
	for _, r := range reports {
		out.Runs += r.Runs
		out.Failures = append(out.Failures, r.Failures...)
		for k, v := range r.Failed {
			out.Failed[k] += v
		}
		out.Coverage.add(r.Coverage)
		out.Seeds.First = min(out.Seeds.First, r.Seeds.First)
		out.Seeds.Last = max(out.Seeds.Last, r.Seeds.Last)
	}
	slices.SortFunc(out.Failures, func(a, b Failure) int {
		if a.Seed != b.Seed {
			if a.Seed < b.Seed {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Property, b.Property)
	})
	return out
}
