package simulator

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// everyField returns an Event whose every field is set to a value derived
// from i, found by reflection, so that a field added to Event and not to
// the trace store's encoding makes the round trip fail.
func everyField(i int) Event {
	var e Event
	v := reflect.ValueOf(&e).Elem()
	for f := 0; f < v.NumField(); f++ {
		fv := v.Field(f)
		switch fv.Kind() {
		case reflect.String:
			fv.SetString(fmt.Sprintf("%s-%d", v.Type().Field(f).Name, i%7))
		case reflect.Int, reflect.Int64:
			fv.SetInt(int64((f+1)*1000+i) * int64(1-2*(i%2))) // negative values too
		default:
			panic("trace store test: Event field " + v.Type().Field(f).Name + " of an unhandled kind")
		}
	}
	e.Seq = i + 1
	e.At = time.Duration(i) * 1500 * time.Millisecond
	return e
}

func TestTraceStoreRoundTripsEveryField(t *testing.T) {
	var st traceStore
	var want []Event
	// Enough events to fill several blocks, with strings repeating.
	for i := range 5000 {
		e := everyField(i)
		if i%3 == 0 {
			e.Detail = strings.Repeat("x", i%200) // empty sometimes, long sometimes
		}
		want = append(want, e)
		st.add(&e, nil)
	}
	if len(st.blocks) < 2 {
		t.Fatalf("the test wants several blocks, got %d", len(st.blocks))
	}
	got := st.events()
	if len(got) != len(want) {
		t.Fatalf("decoded %d events, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("event %d decoded as\n%#v\nwant\n%#v", i, got[i], want[i])
		}
	}
	// Reading again after more events decodes only the new ones and keeps
	// the old ones as they were.
	more := everyField(5000)
	st.add(&more, nil)
	again := st.events()
	if len(again) != 5001 || !reflect.DeepEqual(again[5000], more) || &again[0] != &got[0] {
		t.Fatalf("after one more event: %d events, last %+v", len(again), again[len(again)-1])
	}
}

// TestTraceStoreFillsItsSizeClass holds the store, with its first block
// and the 8-byte header the allocator adds to an object of pointers over
// 512 bytes, to the 2,048-byte malloc size class, and to most of it: a
// store a few bytes bigger would take 2,304 bytes, and spare bytes are
// bytes the first block could use. The walkthrough's trace fits the
// first block (TestWalkthroughTraceFitsTheStoresFirstBlock).
func TestTraceStoreFillsItsSizeClass(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("traceFirstBlock is sized for 64-bit platforms")
	}
	const class, header = 2048, 8
	if size := unsafe.Sizeof(traceStore{}) + header; size > class || size < class-64 {
		t.Fatalf("a trace store takes %d bytes with its header; make traceFirstBlock %d", size, traceFirstBlock+class-int(size))
	}
}

func TestStringTableNeverConfusesATemporaryAtAReusedAddress(t *testing.T) {
	// In the first chunk, where a string the cache does not know is added
	// again rather than looked for (stringTable.own), and past it, where
	// the index finds it: a temporary's id names its bytes, even at an
	// address that held another string.
	for _, filler := range []int{0, firstStringChunk} {
		var tb stringTable
		for k := range filler {
			tb.id("filler " + strconv.Itoa(k))
		}
		one, two := tb.id("detail 1"), tb.id("detail 2")
		// A temporary string that the table has seen before, at an address
		// the allocator later gives to another string of the same length.
		// The buffer stands in for that reuse: the table keeps no reference
		// to it.
		buf := []byte("detail 1")
		got := tb.id(unsafe.String(&buf[0], len(buf)))
		if s := tb.at(uint64(got)); s != "detail 1" || filler > 0 && got != one {
			t.Fatalf("after %d strings: detail 1 has id %d (%q), want %d", filler, got, s, one)
		}
		copy(buf, "detail 2")
		got = tb.id(unsafe.String(&buf[0], len(buf)))
		if s := tb.at(uint64(got)); s != "detail 2" || filler > 0 && got != two {
			t.Fatalf("after %d strings: detail 2 at the address where detail 1 was has id %d (%q), want %d", filler, got, s, two)
		}
	}
}

func TestStringTableChunksGrowAndHoldEveryID(t *testing.T) {
	// Chunks double from firstStringChunk up to stringChunk, and every id
	// reads back the string stored under it, across every chunk boundary.
	var tbl stringTable
	const n = 5 * stringChunk
	ids := make([]uint32, n)
	for k := range n {
		ids[k] = tbl.add(strconv.Itoa(k))
	}
	for k, id := range ids {
		if got := tbl.at(uint64(id)); got != strconv.Itoa(k) {
			t.Fatalf("at(%d) = %q, want %q", id, got, strconv.Itoa(k))
		}
	}
	want := []int{16, 16, 32, 64, 128, 256, 512, 1024, 1024, 1024, 1024}
	var got []int
	for _, c := range tbl.chunks {
		got = append(got, len(c))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("chunk sizes %v, want %v", got, want)
	}
}

func TestStringTableFindsEachStringAgainAcrossIndexGrowth(t *testing.T) {
	// Once the first chunk is full, the index doubles from
	// firstIndexSlots many times: each distinct string keeps the id it got
	// first, ids follow first appearance, and a fresh copy of the bytes
	// (another address) finds the same id. A copy of a string of the first
	// chunk, which the index holds too, finds the first's id.
	var tbl stringTable
	for k := range firstStringChunk {
		tbl.id("filler " + strconv.Itoa(k))
	}
	first := tbl.id("s0")
	const n = 20 * firstIndexSlots
	for k := range n {
		s := "s" + strconv.Itoa(k)
		if got, want := tbl.id(s), first+uint32(k); got != want {
			t.Fatalf("id(%q) = %d, want %d (ids in order of first appearance)", s, got, want)
		}
	}
	for k := range n {
		s := string([]byte("s" + strconv.Itoa(k)))
		if got, want := tbl.id(s), first+uint32(k); got != want {
			t.Fatalf("second id(%q) = %d, want %d", s, got, want)
		}
	}
	if got, want := tbl.id(string([]byte("filler 3"))), tbl.id("filler 3"); got != want {
		t.Fatalf("a copy of filler 3 has id %d, want %d", got, want)
	}
	if tbl.n != firstStringChunk+n {
		t.Fatalf("table holds %d strings, want %d", tbl.n, firstStringChunk+n)
	}
}

func TestStringTableIDMatchesTheLongWay(t *testing.T) {
	// id finds a string the cache knows, and keeps a new one of the first
	// chunk, itself; lookup is the long way it stands for. Two tables fed
	// the same random strings (repeats at the same address, copies at
	// another, empty strings with and without bytes, past the first chunk
	// into the index) give the same ids, and every id reads its string.
	rng := rand.New(rand.NewPCG(13, 3))
	for round := range 200 {
		var fast, slow stringTable
		pool := []string{"", "a"[:0]}
		for k := range 3 + rng.IntN(60) {
			pool = append(pool, "str"+strconv.Itoa(k))
		}
		for step := range 5 * firstStringChunk {
			s := pool[rng.IntN(len(pool))]
			if rng.IntN(4) == 0 {
				s = strings.Clone(s) // the same bytes at another address
			}
			got, want := fast.id(s), slow.lookup(s, false)
			if got != want {
				t.Fatalf("round %d step %d: id(%q) = %d, the long way %d", round, step, s, got, want)
			}
			if back := fast.at(uint64(got)); back != s {
				t.Fatalf("round %d step %d: id %d reads %q, want %q", round, step, got, back, s)
			}
		}
	}
}

func TestTraceStoreCacheAndFirstBlockLieBeyondItsPointers(t *testing.T) {
	// The collector scans an object up to its last pointer: the string
	// table's cache and the first block, which hold none, come after every
	// field that has one, so that a store's scan stops before them.
	var st traceStore
	noScan := uintptr(unsafe.Pointer(&st.strs.cache)) - uintptr(unsafe.Pointer(&st))
	var walk func(typ reflect.Type, off uintptr, name string)
	walk = func(typ reflect.Type, off uintptr, name string) {
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				f := typ.Field(i)
				walk(f.Type, off+f.Offset, name+"."+f.Name)
			}
		case reflect.Array:
			for i := range typ.Len() {
				walk(typ.Elem(), off+uintptr(i)*typ.Elem().Size(), fmt.Sprintf("%s[%d]", name, i))
			}
		case reflect.Pointer, reflect.String, reflect.Slice, reflect.Map, reflect.Chan, reflect.Func, reflect.Interface, reflect.UnsafePointer:
			if off >= noScan {
				t.Errorf("%s, a pointer at offset %d, lies past the cache's offset %d", name, off, noScan)
			}
		}
	}
	walk(reflect.TypeFor[traceStore](), 0, "traceStore")
	if first := uintptr(unsafe.Pointer(&st.firstBlock)) - uintptr(unsafe.Pointer(&st)); first < noScan {
		t.Errorf("the first block at offset %d comes before the cache at %d", first, noScan)
	}
}
