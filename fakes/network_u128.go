package fakes

import "math/bits"

// u128 is an unsigned 128-bit integer. The fair-share scheduler counts
// service in nanobytes (1e-9 byte) so that a rate of Bandwidth/N bytes per
// second is an integer number of nanobytes per nanosecond times 1/N; 64 bits
// of nanobytes would overflow after 18 GB, 128 bits never do in practice.
type u128 struct{ hi, lo uint64 }

// nanoPerByte converts bytes to nanobytes.
const nanoPerByte = 1_000_000_000

func u128of(v uint64) u128 { return u128{lo: v} }

// nanobytes is n bytes in nanobytes (n >= 0).
func nanobytes(n int64) u128 {
	hi, lo := bits.Mul64(uint64(n), nanoPerByte)
	return u128{hi, lo}
}

func (a u128) add(b u128) u128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}
}

// sub is a-b; callers guarantee a >= b.
func (a u128) sub(b u128) u128 {
	lo, br := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, br)
	return u128{hi, lo}
}

func (a u128) less(b u128) bool {
	return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo)
}

// mul is a*m and reports whether the product overflowed 128 bits.
func (a u128) mul(m uint64) (u128, bool) {
	hiLo, lo := bits.Mul64(a.lo, m)
	hiHi, hiMid := bits.Mul64(a.hi, m)
	hi, c := bits.Add64(hiLo, hiMid, 0)
	return u128{hi, lo}, hiHi != 0 || c != 0
}

// div is the floor of a/d and the remainder (d > 0).
func (a u128) div(d uint64) (u128, uint64) {
	qhi, r := a.hi/d, a.hi%d
	qlo, r := bits.Div64(r, a.lo, d)
	return u128{qhi, qlo}, r
}

// bytesFloor converts nanobytes to whole bytes, rounding down; the result
// fits an int64 for any amount the scheduler can reach (sizes are int64).
func (a u128) bytesFloor() int64 {
	if a.hi == 0 {
		return int64(a.lo / nanoPerByte) // below 18 GB: one division by a constant, which compiles to a multiplication
	}
	q, _ := a.div(nanoPerByte)
	if q.hi != 0 || q.lo > 1<<63-1 {
		return 1<<63 - 1
	}
	return int64(q.lo)
}
