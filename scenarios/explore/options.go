package explore

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Trouble is a kind of trouble a seed may draw.
type Trouble string

// Kinds of trouble.
const (
	TroubleFaults     Trouble = "faults"      // dropped connections, stalls, server errors (R-G2, R-S8)
	TroubleOutages    Trouble = "outages"     // the device goes offline for a while (R-S9)
	TroubleLink       Trouble = "link"        // bandwidth changes, Wi-Fi and cellular (R-S6)
	TroublePower      Trouble = "power"       // battery, charging, low-power mode (R-S6)
	TroubleUser       Trouble = "user"        // the user goes home and comes back (R-L2)
	TroubleKills      Trouble = "kills"       // memory-pressure kills (R-E2)
	TroubleCrashes    Trouble = "crashes"     // the app crashes (R-E5)
	TroubleForceQuits Trouble = "force-quits" // the user swipes the app away (R-E3)
	TroubleContent    Trouble = "content"     // a resource changes on the server (R-G1)
	TroubleUpdates    Trouble = "updates"     // the app is updated (R-L9)
	TroubleJitter     Trouble = "jitter"      // the undocumented timings drawn from the seed
)

// Troubles lists every kind of trouble, in a fixed order.
func Troubles() []Trouble {
	return []Trouble{TroubleFaults, TroubleOutages, TroubleLink, TroublePower, TroubleUser, TroubleKills,
		TroubleCrashes, TroubleForceQuits, TroubleContent, TroubleUpdates, TroubleJitter}
}

// ParseTroubles reads a comma-separated list of trouble kinds; "all" is
// every kind.
func ParseTroubles(s string) ([]Trouble, error) {
	if s == "" || s == "all" {
		return Troubles(), nil
	}
	var out []Trouble
	for _, name := range strings.Split(s, ",") {
		t := Trouble(strings.TrimSpace(name))
		if !t.known() {
			return nil, fmt.Errorf("explore: unknown trouble %q; kinds: %s", t, troubleNames())
		}
		out = append(out, t)
	}
	return out, nil
}

func (t Trouble) known() bool {
	for _, k := range Troubles() {
		if k == t {
			return true
		}
	}
	return false
}

func troubleNames() string {
	var names []string
	for _, k := range Troubles() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// Seeds is an inclusive range of seeds. In a JSON result it is
// {"first":1,"last":1000}; results written before the keys were lower
// case ("First", "Last") read the same, since encoding/json matches keys
// regardless of case, so old shards still merge.
type Seeds struct {
	First uint64 `json:"first"`
	Last  uint64 `json:"last"`
}

// Count is how many seeds the range holds; math.MaxUint64 for the whole
// range 0..18446744073709551615, one more than a uint64 can say.
func (s Seeds) Count() uint64 {
	if s.Last < s.First {
		return 0
	}
	return min(s.Last-s.First, math.MaxUint64-1) + 1
}

// String writes the range as ParseSeeds reads it: "1..1000".
func (s Seeds) String() string { return fmt.Sprintf("%d..%d", s.First, s.Last) }

// ParseSeeds reads "A..B" (inclusive) or a single seed "N".
func ParseSeeds(s string) (Seeds, error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		b = a
	}
	first, err1 := strconv.ParseUint(strings.TrimSpace(a), 10, 64)
	last, err2 := strconv.ParseUint(strings.TrimSpace(b), 10, 64)
	if err1 != nil || err2 != nil || last < first {
		return Seeds{}, fmt.Errorf("explore: bad seed range %q: want A..B with A <= B, or one seed", s)
	}
	return Seeds{first, last}, nil
}

// Options shape an exploration.
type Options struct {
	// Seeds to run. Default 1..1000.
	Seeds Seeds
	// Troubles are the kinds of trouble a seed may draw. Default every kind.
	Troubles []Trouble
	// SafetyOnly skips the liveness properties (delivered, handler), as
	// under unlimited faults nothing can be promised to finish.
	SafetyOnly bool
	// CheckDeterminism runs each seed twice and compares the trace hashes.
	CheckDeterminism bool
	// Workers is how many seeds run at once (goroutines). Default 1.
	Workers int
	// Shard and Shards run only the seeds s with (s - First) % Shards ==
	// Shard; Shards 0 or 1 runs every seed.
	Shard, Shards int
	// NoShrink keeps failing seeds as they were drawn.
	NoShrink bool
	// StrictLimits makes a target's run-until (or run-until-idle) that
	// reaches its limit break the run property, as it stops a plain run.
	// By default such a step gives up waiting and the run goes on: the
	// trouble a seed draws may well delay what the step awaits, and the
	// delivered and handler properties, checked after the recovery
	// period, judge whether the outcome ever reached the app.
	StrictLimits bool
	// HangLimit, if positive, is the real time one seed's run may take: an
	// app model whose callback never returns (a loop that never ends) then
	// breaks the run property with the callback it was running and the
	// trace so far, instead of hanging the exploration. Its goroutine goes
	// on spinning until the process exits.
	HangLimit time.Duration
	// Progress, if not nil, is called after each seed with the seeds done
	// and the failures so far, from the goroutine that called Run.
	Progress func(done, failures int)
}

// DefaultSeeds is the range Run explores when Options.Seeds is zero.
var DefaultSeeds = Seeds{First: 1, Last: 1000}

func (o Options) withDefaults() Options {
	if o.Seeds == (Seeds{}) {
		o.Seeds = DefaultSeeds
	}
	if len(o.Troubles) == 0 {
		o.Troubles = Troubles()
	}
	if o.Workers <= 0 {
		o.Workers = 1
	}
	if o.Shards <= 1 {
		o.Shard, o.Shards = 0, 1
	}
	return o
}

// MaxSeeds is the most seeds one Run plays (one shard of an
// exploration): a billion, half a day or more of one process. Run holds a
// fixed amount of memory however many seeds it plays, and then its
// failures; the bound is there so that a range mistyped, such as
// 0..18446744073709551615, is refused at once rather than left to run for
// centuries.
const MaxSeeds = 1_000_000_000

// Check reports what would stop Run before any seed plays: a shard out of
// range, or more seeds in this run than MaxSeeds.
func (o Options) Check() error {
	o = o.withDefaults()
	if o.Shards > 1 && (o.Shard < 0 || o.Shard >= o.Shards) {
		return fmt.Errorf("explore: shard %d of %d: want 0 <= shard < shards", o.Shard, o.Shards)
	}
	if n := o.SeedCount(); n > MaxSeeds {
		return fmt.Errorf("explore: seeds %s give this run %d seeds, and one run plays at most 1,000,000,000 (MaxSeeds): split the range into shards (bgsim explore --shard i/n; Options.Shard and Shards)", o.Seeds, n)
	}
	return nil
}

// SeedCount is how many of Seeds this run plays: those of its shard
// (seedAt gives them).
func (o Options) SeedCount() uint64 {
	o = o.withDefaults()
	n, shards, shard := o.Seeds.Count(), uint64(o.Shards), uint64(o.Shard)
	if shard >= n%shards {
		return n / shards
	}
	return n/shards + 1
}

// seedAt is the seed of index i of this shard's seeds, which count
// SeedCount: every Shards-th seed of Seeds from the Shard-th.
func (o Options) seedAt(i int) uint64 {
	return o.Seeds.First + uint64(o.Shard) + uint64(i)*uint64(o.Shards)
}
