// Package schema_test checks the JSON Schema of scenario files
// (scenario.schema.json, embedded as scenarios.Schema) with an
// independent validator: every catalog file validates, and documents the
// loader refuses for their shape are refused.
//
// It is a package of its own so that the validator, whose meta-schemas
// take 1.7 MB of heap from the moment it is linked in, stays out of the
// scenarios package's test binary: the walkthrough benchmarks there
// measure what a run costs, and the collector scans every live byte of
// the binary they run in (docs/performance.md).
package schema_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(scenarios.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(scenarios.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(scenarios.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCatalogValidatesAgainstSchema checks every catalog file against the
// generated schema, and that each starts with the modeline editors read.
// It reads the files the scenarios package embeds, from its catalog
// directory, and checks that it found as many as the package lists.
func TestCatalogValidatesAgainstSchema(t *testing.T) {
	s := compileSchema(t)
	files, err := filepath.Glob(filepath.Join("..", "catalog", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(scenarios.CatalogNames()); len(files) != n {
		t.Fatalf("found %d catalog files, the scenarios package lists %d scenarios", len(files), n)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(src, []byte("# yaml-language-server: $schema=../schema/scenario.schema.json\n")) {
			t.Errorf("%s does not start with the yaml-language-server modeline", filepath.Base(name))
		}
		if err := s.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("%s does not validate against the schema: %v", filepath.Base(name), err)
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
		"name: t\napp: reference\nsteps: [{do: launch}]\nexpect: {absent: [{kind: process.lunch}]}\n",
		"name: t\napp: reference\nsteps: [{do: launch}]\nexpect: {absent: [{actor: deamon}]}\n",
		"name: t\napp: reference\nsteps: [{do: launch}]\nexpect: {events: [{callback: DidFinishDownload}]}\n",
		"name: t\napp: reference\nsteps: [{do: launch}]\nexpect: {absent: [{kind: violation, rule: R-D99}]}\n",
	} {
		if _, err := scenarios.Parse("t.yaml", []byte(src)); err == nil {
			t.Errorf("the loader accepts:\n%s", src)
		}
		if err := s.Validate(yamlToJSONValue(t, []byte(src))); err == nil {
			t.Errorf("the schema accepts:\n%s", src)
		}
	}
}

// TestSchemaOffersPatternValues checks that the schema accepts, in an
// event pattern, every value the loader does: each event kind, actor,
// callback and rule.
func TestSchemaOffersPatternValues(t *testing.T) {
	s := compileSchema(t)
	var pats []string
	for _, k := range simulator.Kinds() {
		pats = append(pats, fmt.Sprintf("{kind: %s}", k))
	}
	for _, a := range []simulator.Actor{simulator.ActorUser, simulator.ActorSystem, simulator.ActorApp, simulator.ActorDaemon, simulator.ActorNetwork} {
		pats = append(pats, fmt.Sprintf("{actor: %s}", a))
	}
	for _, c := range simulator.Callbacks() {
		pats = append(pats, fmt.Sprintf("{callback: %s}", c))
	}
	for _, r := range simulator.Rules() {
		pats = append(pats, fmt.Sprintf("{kind: violation, rule: %s}", r))
	}
	for _, p := range pats {
		src := "name: t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\nexpect: {absent: [" + p + "]}\n"
		if _, err := scenarios.Parse("t.yaml", []byte(src)); err != nil {
			t.Errorf("the loader refuses %s: %v", p, err)
		}
		if err := s.Validate(yamlToJSONValue(t, []byte(src))); err != nil {
			t.Errorf("the schema refuses %s: %v", p, err)
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
