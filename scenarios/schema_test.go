package scenarios

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
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

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCatalogValidatesAgainstSchema checks every catalog file against the
// generated schema, and that each starts with the modeline editors read.
func TestCatalogValidatesAgainstSchema(t *testing.T) {
	s := compileSchema(t)
	entries, err := fs.ReadDir(catalogFS, "catalog")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := fs.ReadFile(catalogFS, filepath.Join("catalog", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(src, []byte("# yaml-language-server: $schema=../schema/scenario.schema.json\n")) {
			t.Errorf("%s does not start with the yaml-language-server modeline", e.Name())
		}
		if err := s.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("%s does not validate against the schema: %v", e.Name(), err)
		}
	}
}

// TestSchemaRejects checks that the schema is not vacuous: documents the
// loader refuses for their shape are refused by the schema too.
func TestSchemaRejects(t *testing.T) {
	s := compileSchema(t)
	for _, src := range []string{
		"name: t\napp: reference\nsteps: [{do: launch}]\nexpectt: {}\n",
		"name: t\napp: refrence\nsteps: [{do: launch}]\n",
		"name: t\napp: reference\nsteps: [{do: run-for, for: 5 minutes}]\n",
		"name: t\napp: reference\nsteps: [{do: launch}]\nconfig: {background-grase: 5s}\n",
		"name: t\napp: {policy: {completion-handler: {when: late}}}\nsteps: [{do: launch}]\n",
	} {
		if err := s.Validate(yamlToJSONValue(t, []byte(src))); err == nil {
			t.Errorf("the schema accepts:\n%s", src)
		}
	}
}

func yamlToJSONValue(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
