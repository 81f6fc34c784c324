package schema_test

import (
	"testing"

	"github.com/bgsim/bgsim/scenarios"
)

// TestSizesAgree checks that the schema and the loader take the same
// sizes: each value below, as YAML writes it, is accepted by both or
// refused by both, as docs/scenario-format.md says sizes are written.
func TestSizesAgree(t *testing.T) {
	s := compileSchema(t)
	for _, c := range []struct {
		yaml string
		ok   bool
	}{
		{"30000000", true},
		{"'30000000'", true},
		{"0", true},
		{"0B", true},
		{"200B", true},
		{"5KB", true},
		{"200kB", true},
		{"5MB", true},
		{"1.5KB", true},
		{"1.125KB", true},
		{"2.25MB", true},
		{"1.5GB", true},
		{"1.000000001GB", true},
		{"512KiB", true},
		{"5MiB", true},
		{"1GiB", true},
		{"007MB", true},

		{"1.5", false},   // a number, not a size
		{"'1.5'", false}, // bytes without a unit are whole
		{"1.0B", false},  // B takes no decimals
		{"1.5B", false},
		{"1.5KiB", false}, // 1536 bytes, but the powers of 1024 take whole numbers
		{"0.1KiB", false},
		{"1.2345KB", false}, // 1234.5 bytes
		{"1.5000KB", false}, // at most 3 decimals with KB
		{"1.0000001MB", false},
		{"1e3B", false},
		{"1e3", false},
		{"5 MB", false},
		{"' 5MB'", false},
		{"'5MB '", false},
		{"+5MB", false},
		{".5KB", false},
		{"5.KB", false},
		{"-5", false},
		{"-5MB", false},
		{"5mb", false},
		{"5Kb", false},
		{"5 megabytes", false},
		{"1_000B", false},
		{"'0x10B'", false}, // plain, YAML reads 0x10B as a hexadecimal number
		{"''", false},
		{"true", false},
	} {
		src := "name: t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png', size: " + c.yaml + "}]}\nsteps: [{do: launch}]\n"
		_, lerr := scenarios.Parse("t.yaml", []byte(src))
		serr := s.Validate(yamlToJSONValue(t, []byte(src)))
		if (lerr == nil) != c.ok {
			t.Errorf("size: %s: the loader accepts it: %v, want %v (%v)", c.yaml, lerr == nil, c.ok, lerr)
		}
		if (serr == nil) != c.ok {
			t.Errorf("size: %s: the schema accepts it: %v, want %v (%v)", c.yaml, serr == nil, c.ok, serr)
		}
	}
}
