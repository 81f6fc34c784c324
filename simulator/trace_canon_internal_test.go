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
// have equal strings at other addresses, or a prefix of the same bytes;
// their times are the same as the one before, or later, by a little or a
// lot, or earlier.
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
		switch rng.IntN(12) {
		case 0, 1, 2, 3:
			at += time.Duration(num() & 0xffffff)
		case 4: // hours later: a delta past 32 bits
			at += time.Duration(rng.Int64N(1 << 42))
		case 5: // and, though no run goes back in time, earlier
			at -= time.Duration(rng.Int64N(1 << 34))
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
		want := encodeEvent(nil, &e, prevAt, text)
		if got := enc.encode(&e, prevAt, text); !bytes.Equal(got, want) {
			t.Fatalf("event %d %+v (text %q, prevAt %d):\ncanonical %x\nencodeEvent %x", i, e, text, prevAt, got, want)
		}
		prevAt = e.At
	}
}

// TestTraceStoreRoundTripsAlikeEvents stores events that often share
// strings with the event before them (the same bytes, equal bytes
// elsewhere, a prefix of the same bytes), which the store's last-used
// strings must tell apart, then a run of progress events across several
// blocks, and reads each back as it was given, at the same instant as the
// event before it or not.
func TestTraceStoreRoundTripsAlikeEvents(t *testing.T) {
	var st traceStore
	events := alikeEvents(4, 20000)
	for i := range 20000 {
		e := progressEvent(i)
		e.At += events[len(events)-1].At
		e.Seq = len(events) + 1
		events = append(events, e)
	}
	for i := range events {
		st.add(&events[i], nil)
	}
	if len(st.blocks) < 3 {
		t.Fatalf("the test wants several blocks, got %d", len(st.blocks))
	}
	got := st.events()
	if len(got) != len(events) {
		t.Fatalf("read back %d events, want %d", len(got), len(events))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], events[i]) {
			t.Fatalf("event %d read back as\n%+v\nwant\n%+v", i, got[i], events[i])
		}
	}
}
