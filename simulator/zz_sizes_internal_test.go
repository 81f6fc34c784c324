package simulator

import (
	"fmt"
	"reflect"
	"testing"
)

func TestZZSizes(t *testing.T) {
	for _, v := range []any{Sim{}, simRun{}, bgSession{}, sessionObj{}, process{}, daemon{}, dtask{}, wake{}, simConfig{}} {
		ty := reflect.TypeOf(v)
		fmt.Printf("== %s %d\n", ty.Name(), ty.Size())
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			fmt.Printf("  %4d %4d %s %s\n", f.Offset, f.Type.Size(), f.Name, f.Type)
		}
	}
}
