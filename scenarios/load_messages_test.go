package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// The keys an unknown config key is offered are those config takes:
// never scenario or seed, which it then refuses.
func TestUnknownConfigKeyOffersSettableKeys(t *testing.T) {
	_, err := Parse("bad.yaml", []byte(okHead+"config: {frobnicate: 1}\n"))
	var fe *FileError
	if !errors.As(err, &fe) || len(fe.Problems) != 1 {
		t.Fatalf("Parse: got %v, want one problem", err)
	}
	hint := fe.Problems[0].Hint
	if !strings.HasPrefix(hint, "one of: ") || !strings.Contains(hint, "background-grace") {
		t.Fatalf("hint %q, want the config keys", hint)
	}
	for _, k := range strings.Split(strings.TrimPrefix(hint, "one of: "), ", ") {
		if k == "scenario" || k == "seed" {
			t.Errorf("hint %q offers %s, which config refuses", hint, k)
		}
	}
}

// A run that fills its trace says, to the file's author, which config key
// raises the bound.
func TestTraceFullNamesTheConfigKey(t *testing.T) {
	s, err := Parse("full.yaml", []byte(`name: full
config: {max-trace-events: 20}
app: reference
network:
  resources:
    - {url: https://images.example.com/monkey.png, size: 5MB}
steps:
  - {do: launch}
  - {do: run-for, for: 1m}
`))
	if err != nil {
		t.Fatal(err)
	}
	res := s.Run(Options{})
	if res.Err == nil || !strings.Contains(res.Err.Error(), "config: {max-trace-events: N} (now 20)") {
		t.Fatalf("run error %v, want it to name config: max-trace-events", res.Err)
	}
}
