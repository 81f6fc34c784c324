package simulator

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestTraceStoreRoundTripsInlineText stores random events whose text is
// kept inline (Detail, Where, the strings of a detail the app logged) or
// by id (a detail's format and the simulator's own arguments), of every
// length from none to longer than a block, and reads each back as it was
// given, rendered as fmt.Sprintf renders its detail.
func TestTraceStoreRoundTripsInlineText(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 7))
	text := func() string {
		switch rng.IntN(8) {
		case 0:
			return ""
		case 1:
			if rng.IntN(100) == 0 {
				return strings.Repeat("long line ", rng.IntN(2*traceBlockSize/10)) // up to two blocks
			}
			return strings.Repeat("line ", rng.IntN(100))
		case 2:
			return "the same text" // repeated, at the same address
		}
		return strings.Repeat("é", rng.IntN(5)) + string(rune('a'+rng.IntN(26))) + strings.Repeat("x", rng.IntN(300))
	}
	var st traceStore
	var want []Event
	for i, e := range alikeEvents(9, 20000) {
		e.Where = text()
		var d *detail
		e.Detail = text()
		if rng.IntN(3) == 0 {
			d = new(detail)
			args := []any{text(), rng.Int64(), text(), rng.IntN(100)}[:rng.IntN(5)]
			format := []string{"%s", "%s %d", "log: %s (%d) then %s, %d", "%s%d%s%d"}[max(len(args)-1, 0)]
			if len(args) == 0 {
				format = text()
			}
			if rng.IntN(2) == 0 {
				if !d.set(format, args) { // as the app's Log: strings inline
					t.Fatalf("set refused %v", args)
				}
			} else { // as emitf: strings by id
				d.format, d.n = format, len(args)
				for k, a := range args {
					switch a := a.(type) {
					case string:
						d.args[k] = strArg(a)
					case int64:
						d.args[k] = int64Arg(a)
					case int:
						d.args[k] = intArg(a)
					}
				}
			}
			e.Detail = ""
		}
		st.add(&e, d)
		if d != nil {
			e.Detail = d.text()
		}
		e.Seq = i + 1
		want = append(want, e)
	}
	got := st.events()
	if len(got) != len(want) {
		t.Fatalf("read back %d events, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("event %d read back as\n%.300q\nwant\n%.300q", i+1, got[i], want[i])
		}
	}
	if len(st.blocks) < 3 {
		t.Fatalf("the test wants several blocks, got %d", len(st.blocks))
	}
	// A reader elsewhere decodes the same events from what was published.
	if pub := st.published(); !reflect.DeepEqual(pub, got) {
		t.Fatal("the published events differ from those read")
	}
}

// TestTraceStoreReadsRepeatedSessionsAcrossReads stores events that mostly
// name the session and description of the event before them (stored with
// no id: fSessionAgain, fDescAgain), some none, some an equal string at
// another address, and reads them back while they are added: Trace's
// decoding resumes where the last read stopped, and the iterator and a
// reader of what was published start from the first event, each carrying
// the last session and description along.
func TestTraceStoreReadsRepeatedSessionsAcrossReads(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	var st traceStore
	var want []Event
	for i, e := range alikeEvents(21, 3000) {
		if i > 0 && rng.IntN(2) == 0 {
			e.Desc = want[i-1].Desc // the very string of the event before
		}
		st.add(&e, nil)
		e.Seq = i + 1
		want = append(want, e)
		if rng.IntN(50) != 0 {
			continue
		}
		if rng.IntN(2) == 0 { // else the iterator reads past the events decoded
			if got := st.events(); !reflect.DeepEqual(got, want) {
				t.Fatalf("after %d events, the trace reads differently", i+1)
			}
		}
		var all []Event
		for e := range st.all() {
			all = append(all, e)
		}
		if !reflect.DeepEqual(all, want) {
			t.Fatalf("after %d events, the iterator reads differently", i+1)
		}
	}
	if pub := st.published(); !reflect.DeepEqual(pub, want) {
		t.Fatal("the published events differ from those stored")
	}
	if got := st.events(); !reflect.DeepEqual(got, want) {
		t.Fatal("the trace reads differently at the end")
	}
}
