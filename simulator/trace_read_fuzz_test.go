package simulator_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/bgsim/bgsim/simulator"
)

// FuzzTraceReader feeds the trace reader arbitrary input (seeds in
// testdata/fuzz/FuzzTraceReader): it must end with events or an error,
// never panic, read no more than its limits allow, and what it accepts
// must survive a round trip through WriteJSONL.
func FuzzTraceReader(f *testing.F) {
	_, _, trace := testTrace(f)
	f.Add([]byte(trace))
	limits := simulator.TraceLimits{MaxLine: 1 << 10, MaxSize: 64 << 10}
	f.Fuzz(func(t *testing.T, in []byte) {
		src := &countingReader{r: bytes.NewReader(in)}
		tr, err := simulator.NewTraceReader(src, limits)
		if err != nil {
			if tr != nil {
				t.Fatal("a reader and an error")
			}
			return
		}
		var events []simulator.Event
		for {
			e, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return
			}
			if tr.Line() < 2 || tr.Line() > bytes.Count(in, []byte("\n"))+1 {
				t.Fatalf("event at line %d of a %d-line input", tr.Line(), bytes.Count(in, []byte("\n"))+1)
			}
			events = append(events, e)
		}
		if src.n > limits.MaxSize+64<<10 {
			t.Fatalf("read %d bytes with a limit of %d", src.n, limits.MaxSize)
		}
		var out bytes.Buffer
		if err := simulator.WriteJSONL(&out, tr.Header(), events); err != nil {
			t.Fatal(err)
		}
		h, again, err := simulator.ReadJSONL(&out)
		if err != nil {
			t.Fatalf("cannot read back what it accepted: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(h, tr.Header()) || len(again) != len(events) {
			t.Fatalf("round trip changed the trace: %+v %d events, want %+v %d", h, len(again), tr.Header(), len(events))
		}
		for i := range again {
			if !reflect.DeepEqual(again[i], events[i]) {
				t.Fatalf("round trip changed event %d: %+v, want %+v", i, again[i], events[i])
			}
		}
	})
}
