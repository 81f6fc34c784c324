package scenarios

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// SchemaID is the schema's $id.
const SchemaID = "https://github.com/bgsim/bgsim/scenarios/schema/scenario.schema.json"

//go:embed schema/scenario.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema of scenario files (draft 2020-12), with
// a description of every key, for editors: point the YAML language server
// at it with a first line such as
//
//	# yaml-language-server: $schema=https://.../scenario.schema.json
func Schema() []byte { return append([]byte(nil), schemaJSON...) }

// GenerateSchema builds the JSON Schema of scenario files from the Go
// types. Descriptions come from the Go doc comments found under the
// source directories given as import path => directory (the scenarios and
// simulator packages); without them the schema has no descriptions.
// The schema embedded in the package (Schema) is its output, checked in
// and kept current by a golden test.
func GenerateSchema(sources map[string]string) ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true,
		DoNotReference:             false,
		AllowAdditionalProperties:  false,
	}
	for _, base := range slices.Sorted(maps.Keys(sources)) {
		dir := sources[base]
		if err := r.AddGoComments(base, dir); err != nil {
			return nil, fmt.Errorf("scenarios: read doc comments in %s: %w", dir, err)
		}
	}
	r.Mapper = func(t reflect.Type) *jsonschema.Schema { return mapType(r, t) }
	s := r.Reflect(&Scenario{})
	// The app's mapping form and the policy types it holds join the
	// root's definitions, where the app's oneOf refers to them.
	app := r.ReflectFromType(reflect.TypeOf(appSpecFields{}))
	for k, v := range app.Definitions {
		s.Definitions[k] = v
	}
	patternEnums(s.Definitions["EventPattern"])
	s.ID = SchemaID
	s.Title = "bgsim scenario"
	s.Description = "A bgsim scenario: a simulated iOS device, an app, a network, a script of actions in virtual time, and what must happen."
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("scenarios: marshal the schema: %w", err)
	}
	return append(out, '\n'), nil
}

var durationPattern = `^([0-9]+d)?([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))*$`

func durationSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		OneOf: []*jsonschema.Schema{
			{Type: "string", Pattern: durationPattern},
			{Type: "integer", Enum: []any{0}},
		},
		Description: `A span of virtual time: a Go duration ("30s", "1m30s", "250ms") or days ("7d", "1d12h").`,
	}
}

func sizeSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		OneOf: []*jsonschema.Schema{
			{Type: "integer", Minimum: json.Number("0")},
			{Type: "string", Pattern: sizePattern},
		},
		Description: `A number of bytes: 30000000, or a number and a unit written together: "200B", "5MB" (10^6), "512KiB" (2^10). Only KB, MB and GB take decimals, up to 3, 6 and 9: "1.5KB" is 1500 bytes.`,
	}
}

func enumSchema(names []string) *jsonschema.Schema {
	e := make([]any, len(names))
	for i, n := range names {
		e[i] = n
	}
	return &jsonschema.Schema{Type: "string", Enum: e}
}

// mapType gives the schema of the types the YAML reads its own way.
func mapType(r *jsonschema.Reflector, t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeOf(Duration(0)), durationType:
		return durationSchema()
	case reflect.TypeOf(Size(0)):
		return sizeSchema()
	case timeType:
		return &jsonschema.Schema{Type: "string", Format: "date-time"}
	case reflect.TypeOf(ConfigOverrides{}):
		return configSchema(r)
	case reflect.TypeOf(ViolationList{}):
		return &jsonschema.Schema{
			OneOf: []*jsonschema.Schema{
				{Type: "string", Enum: []any{"none"}},
				{Type: "array", Items: &jsonschema.Schema{Type: "string", Pattern: `^(R-[A-Z][0-9]+|M[0-9]+)$`}},
			},
			Description: `The violations the run must record, by rule ID and in order; "none" for none.`,
		}
	case reflect.TypeOf(AppSpec{}):
		return &jsonschema.Schema{
			OneOf:       []*jsonschema.Schema{{Type: "string", Enum: []any{"reference"}}, {Ref: "#/$defs/appSpecFields"}},
			Description: `The app under test: "reference", {reference: {...}}, {go: NAME} or {policy: {...}}.`,
		}
	case reflect.TypeOf(Action("")):
		return enumSchema(ActionNames())
	case reflect.TypeOf(fakes.LinkKind(0)):
		return enumSchema(enumNames(t))
	}
	if names := enumNames(t); names != nil {
		return enumSchema(names)
	}
	return nil
}

// patternEnums gives the fields of an event pattern whose values form a
// closed set their values, so that an editor offers them: every event
// kind, actor, callback and rule the validator accepts.
func patternEnums(p *jsonschema.Schema) {
	if p == nil || p.Properties == nil {
		return
	}
	var callbacks, rules []string
	callbacks = simulator.CallbackNames()
	for _, r := range simulator.Rules() {
		rules = append(rules, string(r))
	}
	for key, values := range map[string][]string{"kind": kindNames(), "actor": actorNames, "callback": callbacks, "rule": rules} {
		if f, ok := p.Properties.Get(key); ok {
			f.Enum = enumSchema(values).Enum
		}
	}
}

// appSpecFields is AppSpec's mapping form, for the schema.
type appSpecFields struct {
	// Reference is the reference app (the seed walkthrough's
	// SimpleBackgroundTransfer) with its options.
	Reference *RefAppSpec `yaml:"reference"`
	// Go names a Go app model registered with scenarios.Register.
	Go string `yaml:"go"`
	// Policy is a declarative app: what it does in each callback.
	Policy *Policy `yaml:"policy"`
}

// configSchema describes every settable field of simulator.Config, by its
// kebab-case key, with the field's doc comment.
func configSchema(r *jsonschema.Reflector) *jsonschema.Schema {
	s := structSchema(r, reflect.TypeOf(simulator.Config{}), configNotSettable)
	s.Description = "Fields of the simulator's Config, by name in kebab case; an unset field keeps its documented default."
	return s
}

func structSchema(r *jsonschema.Reflector, t reflect.Type, skip map[string]string) *jsonschema.Schema {
	s := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(), AdditionalProperties: jsonschema.FalseSchema}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || skip[f.Name] != "" {
			continue
		}
		fs := fieldSchema(r, f.Type)
		if c := r.CommentMap[t.PkgPath()+"."+t.Name()+"."+f.Name]; c != "" {
			fs.Description = strings.TrimSpace(c)
		}
		s.Properties.Set(fieldKey(f), fs)
	}
	return s
}

func fieldSchema(r *jsonschema.Reflector, t reflect.Type) *jsonschema.Schema {
	if m := mapType(r, t); m != nil {
		return m
	}
	switch t.Kind() {
	case reflect.Struct:
		return structSchema(r, t, nil)
	case reflect.Bool:
		return &jsonschema.Schema{Type: "boolean"}
	case reflect.String:
		return &jsonschema.Schema{Type: "string"}
	case reflect.Int64:
		return sizeSchema()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return &jsonschema.Schema{Type: "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &jsonschema.Schema{Type: "integer", Minimum: json.Number("0")}
	case reflect.Pointer:
		return fieldSchema(r, t.Elem())
	}
	return &jsonschema.Schema{}
}
