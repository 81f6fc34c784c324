package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bgsim/bgsim/scenarios/explore"
)

// seedValue is --seed: its error says what to give, where strconv's would
// say "strconv.ParseUint: parsing "-1": invalid syntax".
type seedValue uint64

// wholeSeeds says what a seed is, in the errors of --seed and --seeds.
var wholeSeeds = fmt.Sprintf("a whole number from 0 to %d", uint64(math.MaxUint64))

func (s *seedValue) Set(v string) error {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return fmt.Errorf("want %s", wholeSeeds)
	}
	*s = seedValue(n)
	return nil
}

func (s *seedValue) String() string { return strconv.FormatUint(uint64(*s), 10) }

// Type is the name help shows after the flag, as for a uint64 flag.
func (s *seedValue) Type() string { return "uint" }

// parseSeedsFlag reads --seeds A..B (or one seed), saying what is wrong:
// a seed that is not a whole number, or beyond the largest one, or A > B.
func parseSeedsFlag(spec string) (explore.Seeds, error) {
	r, err := explore.ParseSeeds(spec)
	if err == nil {
		return r, nil
	}
	a, b, _ := strings.Cut(spec, "..")
	for _, part := range []string{a, b} {
		if _, err := strconv.ParseUint(strings.TrimSpace(part), 10, 64); errors.Is(err, strconv.ErrRange) {
			return r, usagef("bad --seeds %q: %s is too large; each seed is %s", spec, strings.TrimSpace(part), wholeSeeds)
		}
	}
	return r, usagef("bad --seeds %q: want A..B with A <= B, or one seed; each seed is %s", spec, wholeSeeds)
}
