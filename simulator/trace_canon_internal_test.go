package simulator

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// alikeEvents returns n events drawn from small pools so that consecutive
// events often share their first fields (the head, whose bytes the
// encoders keep from one event to the next), or all but one of them, or
// have equal strings at other addresses, or a prefix of the same bytes.
func alikeEvents(seed uint64, n int) []Event {
	rng := rand.New(rand.NewPCG(seed, 17))
	backing := "com.example.session.identifier"
	strs := []string{"", backing, backing[:3], backing[:4], strings.Clone(backing), "app", string(KindSessionCallback),
		string(CbDidWriteData), QueueDelegate, strings.Repeat("long ", 40)}
	str := func() string { return strs[rng.IntN(len(strs))] }
	nums := []int64{0, 1, -1, 63, -64, 64, -65, 127, 128, 1 << 20, -(1 << 40), 1<<63 - 1, -1 << 63}
	num := func() int64 { return nums[rng.IntN(len(nums))] }
	pick := func(cur string) string { // mostly the same as the event before
		if rng.IntN(4) == 0 {
			return str()
		}
		return cur
	}
	pickNum := func(cur int64) int64 {
		if rng.IntN(4) == 0 {
			return num()
		}
		return cur
	}
	out := make([]Event, n)
	var e Event
	var at time.Duration
	for i := range out {
		e = Event{
			Kind: Kind(pick(string(e.Kind))), Actor: Actor(pick(string(e.Actor))), Process: int(pickNum(int64(e.Process))),
			From: pick(e.From), To: pick(e.To), Cause: pick(e.Cause), Callback: Callback(pick(string(e.Callback))),
			Queue: pick(e.Queue), Session: pick(e.Session),
			Task: int(num()), Desc: str(), Bytes: num(), Total: num(), Expected: num(), Code: int(num()),
			Reason: str(), Where: str(), Detail: str(), Rule: Rule(str()), BGTask: int(num()),
		}
		if e.Kind == "" {
			e.Kind = KindNote // every stored event has a kind
		}
		if rng.IntN(3) == 0 {
			at += time.Duration(num() & 0xffffff)
		}
		e.At, e.Seq = at, i+1
		out[i] = e
	}
	return out
}

// TestCanonEncoderMatchesEncodeEvent holds the hash sinks' canonical
// encoder to encodeEvent's bytes without a string table.
func TestCanonEncoderMatchesEncodeEvent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	var enc canonEncoder
	var prevAt time.Duration
	for i, e := range alikeEvents(3, 20000) {
		var text []byte
		if rng.IntN(5) == 0 {
			text = []byte(e.Desc) // a rendered detail, standing for e.Detail; empty too
		}
		want := encodeEvent(nil, &e, prevAt, nil, nil, text)
		if got := enc.encode(&e, prevAt, text); !bytes.Equal(got, want) {
			t.Fatalf("event %d %+v (text %q, prevAt %d):\ncanonical %x\nencodeEvent %x", i, e, text, prevAt, got, want)
		}
		prevAt = e.At
	}
}

// TestTraceStoreHeadMatchesEncodeEvent holds the store's encoding, which
// copies an event's head from the event before when it can, to
// encodeEvent's bytes with a table fed the same events, across blocks,
// and checks that the events read back as they were stored.
func TestTraceStoreHeadMatchesEncodeEvent(t *testing.T) {
	var st traceStore
	var ref stringTable
	var prevAt time.Duration
	events := alikeEvents(4, 20000)
	// Then a run of progress events, each with the head of the one before
	// it, across several blocks.
	for i := range 20000 {
		e := progressEvent(i)
		e.At += events[len(events)-1].At
		e.Seq = len(events) + 1
		events = append(events, e)
	}
	for i := range events {
		e := &events[i]
		blocks, w := len(st.blocks), st.w
		st.add(e, nil)
		if len(st.blocks) != blocks {
			w = 0 // a new block
		}
		got := st.blocks[len(st.blocks)-1][w:st.w]
		if want := encodeEvent(nil, e, prevAt, &ref, nil, nil); !bytes.Equal(got, want) {
			t.Fatalf("event %d %+v (prevAt %d):\nstored %x\nencodeEvent %x", i, *e, prevAt, got, want)
		}
		prevAt = e.At
	}
	if len(st.blocks) < 3 {
		t.Fatalf("the test wants several blocks, got %d", len(st.blocks))
	}
	if got := st.events(); !reflect.DeepEqual(got, events) {
		for i := range got {
			if !reflect.DeepEqual(got[i], events[i]) {
				t.Fatalf("event %d read back as\n%+v\nwant\n%+v", i, got[i], events[i])
			}
		}
		t.Fatalf("read back %d events, want %d", len(got), len(events))
	}
}
