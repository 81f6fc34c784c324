package scenarios

import (
	"reflect"
	"sort"
	"sync"

	"github.com/bgsim/bgsim/appmodel"
)

var registry = struct {
	sync.Mutex
	m map[string]appmodel.Factory
}{m: map[string]appmodel.Factory{}}

// Register makes a Go app model available to scenario files as
// app: {go: NAME}, so a team's YAML scenarios drive its own model. Call it
// from an init function or TestMain, before loading the files that name
// it. Registering a name again replaces the factory.
func Register(name string, factory appmodel.Factory) {
	registry.Lock()
	defer registry.Unlock()
	registry.m[name] = factory
}

// Registered lists the registered Go app models, sorted.
func Registered() []string {
	registry.Lock()
	defer registry.Unlock()
	names := make([]string, 0, len(registry.m))
	for n := range registry.m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func registered(name string) (appmodel.Factory, bool) {
	registry.Lock()
	defer registry.Unlock()
	f, ok := registry.m[name]
	return f, ok
}

// RefMistakeNames lists the reference app's mistake switches by their
// names in scenario files: the fields of appmodel.Mistakes in kebab case
// (ForgetCompletionHandler is forget-completion-handler).
func RefMistakeNames() []string {
	t := reflect.TypeOf(appmodel.Mistakes{})
	var names []string
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && f.Type.Kind() == reflect.Bool {
			names = append(names, kebab(f.Name))
		}
	}
	return names
}

// refMistakes turns mistake names into the switches.
func refMistakes(names []string) appmodel.Mistakes {
	var m appmodel.Mistakes
	v := reflect.ValueOf(&m).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		for _, n := range names {
			if f.IsExported() && f.Type.Kind() == reflect.Bool && kebab(f.Name) == n {
				v.Field(i).SetBool(true)
			}
		}
	}
	return m
}
