package simulator

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
)

// TestAppendVarintsMatchBinary holds the hash's and the store's inlined varints to
// encoding/binary's bytes at every length's edges: the store's encoding
// must not depend on which path wrote a number.
func TestAppendVarintsMatchBinary(t *testing.T) {
	us := []uint64{0, 1, 0x7f, 0x80, 0x81, 0x3fff, 0x4000, 0x4001, 0x1fffff, 0x200000, 0x200001,
		fDetail | fActor, fDetailArgs | fBGTask, math.MaxUint32, math.MaxUint64}
	for _, v := range us {
		got := appendUvarint([]byte{9}, v)
		want := binary.AppendUvarint([]byte{9}, v)
		if !bytes.Equal(got, want) {
			t.Errorf("appendUvarint(%#x) = %x, want %x", v, got, want)
		}
		b := make([]byte, binary.MaxVarintLen64+1)
		if n := putUvarint(b, 1, v); !bytes.Equal(b[1:n], want[1:]) {
			t.Errorf("putUvarint(%#x) = %x, want %x", v, b[1:n], want[1:])
		}
	}
	ss := []int64{0, 1, -1, 63, -64, 64, -65, 0x1fff, -0x2000, 0x2000, math.MaxInt64, math.MinInt64}
	for _, v := range ss {
		got := appendVarint([]byte{9}, v)
		want := binary.AppendVarint([]byte{9}, v)
		if !bytes.Equal(got, want) {
			t.Errorf("appendVarint(%d) = %x, want %x", v, got, want)
		}
		b := make([]byte, binary.MaxVarintLen64+1)
		if n := putVarint(b, 1, v); !bytes.Equal(b[1:n], want[1:]) {
			t.Errorf("putVarint(%d) = %x, want %x", v, b[1:n], want[1:])
		}
	}
}

// TestVarintsReadWhatBinaryWrites holds the store's varint reader to
// encoding/binary's encoding: every length's edges and random values of
// every size, each read back whole, to the byte after it.
func TestVarintsReadWhatBinaryWrites(t *testing.T) {
	us := []uint64{0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000, math.MaxUint32, math.MaxUint64}
	ss := []int64{0, 1, -1, 63, -64, 64, -65, math.MaxInt64, math.MinInt64}
	rng := rand.New(rand.NewPCG(5, 8))
	for range 1000 {
		us = append(us, rng.Uint64()>>rng.IntN(64))
		ss = append(ss, int64(rng.Uint64())>>rng.IntN(64))
	}
	for _, v := range us {
		b := binary.AppendUvarint([]byte{9}, v)
		r := varints{b: append(b, 0x55), i: 1}
		if got := r.u(); got != v || r.i != len(b) {
			t.Fatalf("u() of %x = %#x ending at %d, want %#x ending at %d", b[1:], got, r.i, v, len(b))
		}
	}
	for _, v := range ss {
		b := binary.AppendVarint([]byte{9}, v)
		r := varints{b: append(b, 0x55), i: 1}
		if got := r.s(); got != v || r.i != len(b) {
			t.Fatalf("s() of %x = %d ending at %d, want %d ending at %d", b[1:], got, r.i, v, len(b))
		}
	}
}
