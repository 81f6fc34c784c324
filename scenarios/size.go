package scenarios

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// Size is a number of bytes: a whole number (30000000), or a number and a
// unit written together: "200B", "5MB" (10^6), "512KiB" (2^10). A size is
// whole bytes, so only the powers of 1000 take decimals, at most as many
// as the unit has zeros: "1.5KB" is 1500 bytes, "2.25MB", "1.5GB".
type Size int64

// sizeUnit is a unit of sizes and how many decimals a number before it
// may have: as many as still make whole bytes, whatever the digits.
type sizeUnit struct {
	name     string
	bytes    int64
	decimals int
}

// sizeUnits are the units of sizes, in the order the schema's pattern
// lists them.
var sizeUnits = []sizeUnit{
	{"B", 1, 0},
	{"kB", 1e3, 3}, {"KB", 1e3, 3}, {"MB", 1e6, 6}, {"GB", 1e9, 9},
	{"KiB", 1 << 10, 0}, {"MiB", 1 << 20, 0}, {"GiB", 1 << 30, 0},
}

// maxSize is the largest size, so that a sum of two sizes cannot
// overflow.
const maxSize = 1<<62 - 1

// sizePattern is the form of a size written as text, the one ParseSize
// reads and the schema gives editors: digits, then a unit, with the
// decimals the unit takes.
var sizePattern = func() string {
	alts := make([]string, len(sizeUnits))
	for i, u := range sizeUnits {
		alts[i] = u.name
		if u.decimals > 0 {
			alts[i] = fmt.Sprintf(`(\.[0-9]{1,%d})?%s`, u.decimals, u.name)
		}
	}
	return `^[0-9]+(` + strings.Join(alts, "|") + `)?$`
}()

var sizeRE = regexp.MustCompile(sizePattern)

// ParseSize parses a size: "30000000", "200B", "5MB", "1.5GB", "512KiB"
// (the form of [Size]). A string of another form that still says a whole
// number of bytes, such as "5 MB", "1e3B" or "1.5KiB", is refused with the
// form to write instead.
func ParseSize(s string) (int64, error) {
	if !sizeRE.MatchString(s) {
		return 0, badSize(s)
	}
	num, u := splitSize(s)
	whole, frac, _ := strings.Cut(num, ".")
	n, _ := new(big.Int).SetString(whole+frac, 10)
	n.Mul(n, big.NewInt(u.bytes))
	n.Quo(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)) // exact: len(frac) <= u.decimals
	if !n.IsInt64() || n.Int64() > maxSize {
		return 0, tooLarge(s)
	}
	return n.Int64(), nil
}

// splitSize splits a size into its number and its unit, the unit
// without a name when it has none.
func splitSize(s string) (string, sizeUnit) {
	var unit sizeUnit
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.name) && len(u.name) > len(unit.name) {
			unit = u
		}
	}
	if unit.name == "" {
		unit.bytes = 1
	}
	return strings.TrimSuffix(s, unit.name), unit
}

// looseNumber is a number as people write it, beyond what a size takes:
// a sign, a dot at either end, an exponent.
var looseNumber = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$`)

// badSize says why s is not a size, and what to write instead when s
// still says a number of bytes.
func badSize(s string) error {
	num, u := splitSize(strings.TrimSpace(s))
	num = strings.TrimSpace(num)
	// The pattern first: it bounds the exponent, which big.Rat would
	// otherwise expand digit by digit ("1e999999999B").
	var r *big.Rat
	if looseNumber.MatchString(num) {
		r, _ = new(big.Rat).SetString(num)
	}
	if r == nil {
		return fmt.Errorf("bad size %q: want bytes, or a number and a unit, as in \"5MB\", \"512KiB\", \"200B\"", s)
	}
	if r.Sign() < 0 {
		return fmt.Errorf("bad size %q: a size cannot be negative", s)
	}
	r.Mul(r, new(big.Rat).SetInt64(u.bytes))
	if !r.IsInt() {
		b := strings.TrimRight(strings.TrimRight(r.FloatString(6), "0"), ".")
		return fmt.Errorf("bad size %q: that is %s bytes; a size is a whole number of bytes", s, b)
	}
	if !r.Num().IsInt64() || r.Num().Int64() > maxSize {
		return tooLarge(s)
	}
	n := r.Num().Int64()
	var why string
	switch {
	case strings.ContainsAny(s, " \t\n\r"):
		why = "no spaces"
	case strings.Contains(num, ".") && u.decimals == 0 && u.name == "":
		why = "bytes without a unit take no decimals"
	case strings.Contains(num, ".") && u.decimals == 0:
		why = u.name + " takes no decimals"
	case strings.Contains(num, ".") && !strings.ContainsAny(num, "eE+") && len(num)-strings.Index(num, ".")-1 > u.decimals:
		why = fmt.Sprintf("%s takes at most %d decimals", u.name, u.decimals)
	default:
		why = "no signs, exponents or bare dots"
	}
	return fmt.Errorf("bad size %q: %s; write %s", s, why, formatSize(n, u))
}

func tooLarge(s string) error {
	return fmt.Errorf("bad size %q: too large; a size is at most %d bytes", s, int64(maxSize))
}

// formatSize writes n bytes in unit u if the form of a size lets it, or
// else in the largest binary unit that divides n, or in bytes.
func formatSize(n int64, u sizeUnit) string {
	if u.decimals > 0 {
		r := new(big.Rat).SetFrac64(n, u.bytes)
		return strings.TrimRight(strings.TrimRight(r.FloatString(u.decimals), "0"), ".") + u.name
	}
	if u.name != "" && n%u.bytes == 0 {
		return fmt.Sprint(n/u.bytes) + u.name
	}
	if u.name == "" {
		return fmt.Sprint(n)
	}
	best := sizeUnits[0] // B
	for _, b := range sizeUnits {
		if b.decimals == 0 && b.bytes < u.bytes && b.bytes > best.bytes && n%b.bytes == 0 {
			best = b
		}
	}
	return fmt.Sprint(n/best.bytes) + best.name
}
