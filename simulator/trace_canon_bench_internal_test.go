package simulator

import (
	"testing"
	"time"
)

// progressEvent is a DidWriteData event as the progress path emits it.
func progressEvent(i int) Event {
	return Event{Seq: i + 1, At: time.Duration(i/100) * time.Second, Actor: ActorApp, Kind: KindSessionCallback,
		Process: 1, Session: "com.example.bulk.BackgroundSession", Queue: QueueDelegate, Callback: CbDidWriteData,
		Task: i%10000 + 1, Desc: "/Documents/bulk/f01234", Bytes: 10000 + int64(i), Total: 1 << 20, Expected: 30 << 20,
		Rule: RuleG3}
}

// BenchmarkCanonical measures what the hash sink does per progress event,
// its canonical encoding and the hash of it, beside the same encoding by
// the store's general encodeEvent as a yardstick.
func BenchmarkCanonical(b *testing.B) {
	events := make([]Event, 1000)
	for i := range events {
		events[i] = progressEvent(i)
	}
	var canon canonEncoder
	encoders := []struct {
		name string
		enc  func(buf []byte, e *Event, prevAt time.Duration) []byte
	}{
		{"encodeEvent", func(buf []byte, e *Event, prevAt time.Duration) []byte {
			return encodeEvent(buf, e, prevAt, nil)
		}},
		{"canonEncoder", func(buf []byte, e *Event, prevAt time.Duration) []byte {
			return canon.encode(e, prevAt, nil)
		}},
	}
	for _, enc := range encoders {
		for _, hash := range []bool{false, true} {
			name := enc.name
			if hash {
				name += "+hash"
			}
			b.Run(name, func(b *testing.B) {
				h, prevAt := hash64(fnvOffset64), time.Duration(0)
				var buf []byte
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					e := &events[i%len(events)]
					buf = enc.enc(buf[:0], e, prevAt)
					if hash {
						h.write(buf)
					}
					prevAt = e.At
				}
			})
		}
	}
}
