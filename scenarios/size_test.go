package scenarios_test

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
)

// TestParseSize checks the bytes a size says and, for a string that is not
// of the form of a size, the error: what to write instead when it still
// says whole bytes.
func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		err  string
	}{
		{in: "30000000", want: 30000000},
		{in: "0B", want: 0},
		{in: "200B", want: 200},
		{in: "200kB", want: 200000},
		{in: "1.5KB", want: 1500},
		{in: "1.1KB", want: 1100},
		{in: "2.25MB", want: 2250000},
		{in: "1.000000001GB", want: 1000000001},
		{in: "512KiB", want: 512 << 10},
		{in: "5MiB", want: 5 << 20},
		{in: "1GiB", want: 1 << 30},
		{in: "4611686018427387903", want: 1<<62 - 1},

		{in: "5 MB", err: `bad size "5 MB": no spaces; write 5MB`},
		{in: " 5MB", err: `bad size " 5MB": no spaces; write 5MB`},
		{in: "1e3B", err: `bad size "1e3B": no signs, exponents or bare dots; write 1000B`},
		{in: "1.5e3KB", err: `bad size "1.5e3KB": no signs, exponents or bare dots; write 1500KB`},
		{in: "+5", err: `bad size "+5": no signs, exponents or bare dots; write 5`},
		{in: ".5KB", err: `bad size ".5KB": no signs, exponents or bare dots; write 0.5KB`},
		{in: "5.KB", err: `bad size "5.KB": no signs, exponents or bare dots; write 5KB`},
		{in: "1.0", err: `bad size "1.0": bytes without a unit take no decimals; write 1`},
		{in: "1.0B", err: `bad size "1.0B": B takes no decimals; write 1B`},
		{in: "1.5KiB", err: `bad size "1.5KiB": KiB takes no decimals; write 1536B`},
		{in: "1.5MiB", err: `bad size "1.5MiB": MiB takes no decimals; write 1536KiB`},
		{in: "1.5000KB", err: `bad size "1.5000KB": KB takes at most 3 decimals; write 1.5KB`},
		{in: "1.5", err: `bad size "1.5": that is 1.5 bytes; a size is a whole number of bytes`},
		{in: "1.2345KB", err: `bad size "1.2345KB": that is 1234.5 bytes; a size is a whole number of bytes`},
		{in: "0.1KiB", err: `bad size "0.1KiB": that is 102.4 bytes; a size is a whole number of bytes`},
		{in: "-5MB", err: `bad size "-5MB": a size cannot be negative`},
		{in: "4611686018427387904", err: `bad size "4611686018427387904": too large; a size is at most 4611686018427387903 bytes`},
		{in: "5000000000GB", err: `bad size "5000000000GB": too large; a size is at most 4611686018427387903 bytes`},
		{in: "1e999B", err: `bad size "1e999B": too large; a size is at most 4611686018427387903 bytes`},
		{in: "1e999999999B", err: `bad size "1e999999999B": want bytes, or a number and a unit, as in "5MB", "512KiB", "200B"`},
		{in: "5mb", err: `bad size "5mb": want bytes, or a number and a unit, as in "5MB", "512KiB", "200B"`},
		{in: "1_000B", err: `bad size "1_000B": want bytes, or a number and a unit, as in "5MB", "512KiB", "200B"`},
		{in: "", err: `bad size "": want bytes, or a number and a unit, as in "5MB", "512KiB", "200B"`},
	} {
		got, err := scenarios.ParseSize(c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("ParseSize(%q) = %d, %v; want the error %s", c.in, got, err, c.err)
		}
	}
}
