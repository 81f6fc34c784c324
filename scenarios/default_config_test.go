package scenarios

import (
	"reflect"
	"testing"
	"time"

	"github.com/bgsim/bgsim/simulator"
)

// DefaultConfig hands out copies of defaults made once: safe only while
// simulator.Config holds values alone, no map, slice or pointer a caller
// could change under every other caller.
func TestDefaultConfigCopiesShareNothing(t *testing.T) {
	var check func(path string, ty reflect.Type)
	check = func(path string, ty reflect.Type) {
		if ty == reflect.TypeOf(time.Time{}) {
			return // a value: its *Location is never changed
		}
		switch ty.Kind() {
		case reflect.Map, reflect.Slice, reflect.Pointer, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
			t.Errorf("simulator.Config%s is a %s: DefaultConfig's copies would share it", path, ty.Kind())
		case reflect.Struct:
			for i := range ty.NumField() {
				check(path+"."+ty.Field(i).Name, ty.Field(i).Type)
			}
		case reflect.Array:
			check(path+"[]", ty.Elem())
		}
	}
	check("", reflect.TypeOf(simulator.Config{}))
	a := DefaultConfig()
	a.BackgroundGrace++
	if b := DefaultConfig(); b.BackgroundGrace == a.BackgroundGrace || b != simulator.New(simulator.Config{}).Config() {
		t.Errorf("DefaultConfig changed under a caller, or differs from a new simulation's defaults")
	}
}
