package scenarios

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

// updating reports whether -update was given: the flag is defined once for
// the package's test binary (in walkthrough_test.go) and rewrites every
// golden file of the package.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var schemaSources = map[string]string{
	"github.com/bgsim/bgsim/scenarios": ".",
	"github.com/bgsim/bgsim/simulator": "../simulator",
	"github.com/bgsim/bgsim/fakes":     "../fakes",
}

// TestSchemaGolden regenerates the JSON Schema from the Go types and
// compares it with the checked-in schema/scenario.schema.json (-update
// rewrites it).
func TestSchemaGolden(t *testing.T) {
	got, err := GenerateSchema(schemaSources)
	if err != nil {
		t.Fatal(err)
	}
	const golden = "schema/scenario.schema.json"
	if updating() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date: run go test ./scenarios -run TestSchemaGolden -update", golden)
	}
	if !bytes.Equal(Schema(), want) {
		t.Fatal("the embedded schema differs from the file")
	}
	for _, key := range []string{`"background-grace"`, `"completion-handler"`, `"run-until"`, "BackgroundGrace is how long an app"} {
		if !bytes.Contains(got, []byte(key)) && !strings.Contains(string(got), key) {
			t.Errorf("the schema lacks %s", key)
		}
	}
}
