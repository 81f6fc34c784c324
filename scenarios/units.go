package scenarios

import (
	"errors"
	"fmt"
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
