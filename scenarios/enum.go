package scenarios

import (
	"reflect"
	"strings"

	"github.com/bgsim/bgsim/simulator"
)

// enumNamesFor names the values of enumeration types that have no String
// method; the others are named by their String method.
var enumNamesFor = map[reflect.Type][]string{
	reflect.TypeOf(simulator.PowerNeed(0)): {"charging", "charging-or-above", "any-level"},
}

// enumNames returns the names of an integer enumeration type, value 0
// first, or nil if t is not one. A type with a String method is probed
// from 0 up until String repeats itself or gives a placeholder such as
// "LinkKind(3)", so a new Config enumeration is reachable by name with no
// change here.
func enumNames(t reflect.Type) []string {
	if names, ok := enumNamesFor[t]; ok {
		return names
	}
	if t.PkgPath() == "" || t == durationType || t == scenarioDuration || t == scenarioSize {
		return nil
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
	default:
		return nil
	}
	if !t.Implements(fmtStringerType) {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	for i := range 64 {
		v := reflect.New(t).Elem()
		v.SetInt(int64(i))
		s := v.Interface().(interface{ String() string }).String()
		if strings.ContainsAny(s, "(?") || seen[s] {
			break
		}
		seen[s] = true
		names = append(names, enumName(s))
	}
	if len(names) == 0 {
		return nil
	}
	return names
}

// enumName writes an enumeration value's name the way scenario files do:
// lower case, words joined by hyphens ("DropAtByte" is "drop-at-byte",
// "not running" is "not-running").
func enumName(s string) string {
	return strings.ReplaceAll(kebab(s), " ", "-")
}
