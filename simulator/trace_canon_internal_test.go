package simulator

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestCanonEncoderMatchesEncodeEvent holds the hash sinks' canonical
// encoder to encodeEvent's bytes without a string table, over events
// drawn from small pools so that consecutive events often share their
// first fields (the bytes the encoder keeps), share all but one of them,
// or have equal strings at other addresses, or a prefix of the same bytes.
func TestCanonEncoderMatchesEncodeEvent(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
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
	var enc canonEncoder
	var e Event
	var at, prevAt time.Duration
	var text []byte
	for i := range 20000 {
		e = Event{
			Kind: Kind(pick(string(e.Kind))), Actor: Actor(pick(string(e.Actor))), Process: int(pickNum(int64(e.Process))),
			From: pick(e.From), To: pick(e.To), Cause: pick(e.Cause), Callback: Callback(pick(string(e.Callback))),
			Queue: pick(e.Queue), Session: pick(e.Session),
			Task: int(num()), Desc: str(), Bytes: num(), Total: num(), Expected: num(), Code: int(num()),
			Reason: str(), Where: str(), Detail: str(), Rule: Rule(str()), BGTask: int(num()),
		}
		if rng.IntN(3) == 0 {
			at += time.Duration(num() & 0xffffff)
		}
		e.At = at
		text = nil
		if rng.IntN(5) == 0 {
			text = []byte(str()) // a rendered detail, standing for e.Detail; empty too
		}
		want := encodeEvent(nil, &e, prevAt, nil, nil, text)
		if got := enc.encode(&e, prevAt, text); !bytes.Equal(got, want) {
			t.Fatalf("event %d %+v (text %q, prevAt %d):\ncanonical %x\nencodeEvent %x", i, e, text, prevAt, got, want)
		}
		prevAt = e.At
	}
}
