package simulator

import (
	"fmt"
	"reflect"
	"testing"
)

func dumpType(t reflect.Type) {
	fmt.Printf("== %v %d\n", t, t.Size())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Printf("  %4d %5d %s %v\n", f.Offset, f.Type.Size(), f.Name, f.Type)
	}
}

func TestZZSizes(t *testing.T) {
	for _, v := range []any{dtask{}, wake{}, sessionObj{}, taskObj{}, dueQueue[deadline]{}, eventQueue{}} {
		dumpType(reflect.TypeOf(v))
	}
}
