package scenarios

import (
	"fmt"
	"reflect"
	"sort"
	"sync"

	"github.com/goccy/go-yaml/ast"

	"github.com/bgsim/bgsim/simulator"
)

// ConfigOverrides are the simulator.Config fields a scenario sets, by name
// in kebab case: BackgroundGrace is background-grace, MainThreadPolicy is
// main-thread-policy. Every exported field is reachable but Scenario and
// Seed, which the file's top-level name and seed set (configNotSettable),
// so a field added to Config is settable from scenario files with no
// change here.
// Durations read "30s" or "7d", sizes "2MB", enumerations their names
// (main-thread-policy: report), nested structs as mappings
// (link: {kind: cellular, bandwidth: 500KB}).
type ConfigOverrides struct {
	cfg simulator.Config // defaults, with the file's fields set
	set map[string]bool  // Go field names the file set
}

// configNotSettable are Config fields a scenario sets elsewhere.
var configNotSettable = map[string]string{
	"Scenario": "the scenario's name is its name",
	"Seed":     "set seed at the top level of the file",
}

// removedConfigKeys are config keys of earlier versions, with why they
// went: a file written for them is told, not offered a near name.
var removedConfigKeys = map[string]string{
	"relaunch-delay-reset": fmt.Sprintf("was removed in version 2 of the rules (%s): there is no quiet period; the relaunch delay ends, and its doubling with it, when it passes with no wake waiting (relaunch-delay-initial sets it)", simulator.RuleR1),
}

// DefaultConfig is simulator.Config with every default filled in.
func DefaultConfig() simulator.Config { return defaultConfig() }

// defaultConfig makes the defaults once: a simulation made only to read
// them is most of what SimConfig costs, once per run of a scenario (once
// per seed when exploring). Config holds values only, so every caller gets
// its own copy.
var defaultConfig = sync.OnceValue(func() simulator.Config { return simulator.New(simulator.Config{}).Config() })

func (o *ConfigOverrides) decodeNode(d *decoder, n ast.Node, path string) {
	o.cfg = DefaultConfig()
	o.set = map[string]bool{}
	v := reflect.ValueOf(&o.cfg).Elem()
	t := v.Type()
	elsewhere := map[string]string{}
	for name, why := range configNotSettable {
		f, _ := t.FieldByName(name)
		elsewhere[fieldKey(f)] = "(" + why + ")"
	}
	d.decodeStructWith(n, v, path, keyHelp{offer: ConfigKeys(), removed: removedConfigKeys, elsewhere: elsewhere})
	for i := range t.NumField() {
		f := t.Field(i)
		key := fieldKey(f)
		p, ok := d.positions[path+"."+key+"@key"]
		if !ok {
			continue
		}
		if why, bad := configNotSettable[f.Name]; bad {
			d.addAt(p, why, "config key %q cannot be set here", key)
			continue
		}
		o.set[f.Name] = true
	}
}

// Set lists the Go names of the fields the file sets, sorted.
func (o ConfigOverrides) Set() []string {
	var names []string
	for n := range o.set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// apply copies the fields the file set onto cfg.
func (o ConfigOverrides) apply(cfg *simulator.Config) {
	if len(o.set) == 0 {
		return
	}
	dst := reflect.ValueOf(cfg).Elem()
	src := reflect.ValueOf(o.cfg)
	for name := range o.set {
		dst.FieldByName(name).Set(src.FieldByName(name))
	}
}

// ConfigKeys lists the keys config accepts, in Config's field order.
func ConfigKeys() []string {
	t := reflect.TypeOf(simulator.Config{})
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() && configNotSettable[f.Name] == "" {
			keys = append(keys, fieldKey(f))
		}
	}
	return keys
}

// setConfigField sets the Config field named name (Go name) to v if
// Config has such a field of v's type, and reports whether it did: the way
// the device block reaches fields that newer simulators add.
func setConfigField(cfg *simulator.Config, name string, v any) bool {
	f := reflect.ValueOf(cfg).Elem().FieldByName(name)
	if !f.IsValid() || f.Type() != reflect.TypeOf(v) {
		return false
	}
	f.Set(reflect.ValueOf(v))
	return true
}

// hasConfigField reports whether Config has a field name of type like v.
func hasConfigField(name string, v any) bool {
	f, ok := reflect.TypeOf(simulator.Config{}).FieldByName(name)
	return ok && f.Type == reflect.TypeOf(v)
}
