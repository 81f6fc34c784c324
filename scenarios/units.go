package scenarios

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Duration is a span of virtual time, written as a Go duration ("30s",
// "1m30s", "250ms") or with days ("7d", "1d12h").
type Duration time.Duration

// ParseDuration parses a Go duration with an optional leading number of
// days: "7d", "1d12h", "90s".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty duration")
	}
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.ParseUint(s[:i], 10, 32)
		if err != nil {
			if _, ferr := strconv.ParseFloat(s[:i], 64); ferr != nil {
				// Not a number of days at all ("3 seconds" has a d in it).
				return 0, fmt.Errorf("bad duration %q: want a number and a unit (ns, us, ms, s, m, h or d), as in \"30s\", \"5m\", \"7d\"", s)
			}
			return 0, fmt.Errorf("bad duration %q: days must be a whole number, as in \"7d\"", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad duration %q: want a number and a unit (ns, us, ms, s, m, h or d), as in \"30s\", \"5m\", \"7d\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("bad duration %q: negative", s)
	}
	return days + d, nil
}

// FormatDuration writes d the way ParseDuration reads it, with days for
// whole days.
func FormatDuration(d time.Duration) string {
	day := 24 * time.Hour
	if d >= day && d%day == 0 {
		return fmt.Sprintf("%dd", d/day)
	}
	return d.String()
}

// Size is a number of bytes, written as an integer or with a unit: "200B",
// "5MB" (10^6), "512KiB" (2^10), "1.5GB".
type Size int64

var sizeUnits = []struct {
	name string
	mult float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"kB", 1e3},
	{"B", 1},
}

// ParseSize parses a size: "30000000", "200B", "5MB", "512KiB".
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	for _, u := range sizeUnits {
		if num, ok := strings.CutSuffix(s, u.name); ok {
			num = strings.TrimSpace(num)
			f, err := strconv.ParseFloat(num, 64)
			if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) || f*u.mult > math.MaxInt64/2 {
				break
			}
			// A transfer moves whole bytes: "1.5B" or "0.0004KB" is a
			// typo, not a size to round. Checked in exact decimal, as
			// 1.1*1000 is not 1100 in floating point.
			if r, ok := new(big.Rat).SetString(num); ok && !strings.Contains(num, "/") {
				r.Mul(r, new(big.Rat).SetInt64(int64(u.mult)))
				if !r.IsInt() {
					b := strings.TrimRight(strings.TrimRight(r.FloatString(6), "0"), ".")
					return 0, fmt.Errorf("bad size %q: that is %s bytes; a size is a whole number of bytes", s, b)
				}
				return r.Num().Int64(), nil
			}
			return int64(math.Round(f * u.mult)), nil
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q: want bytes, or a number and a unit, as in \"5MB\", \"512KiB\", \"200B\"", s)
	}
	return n, nil
}
