package simulator

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFIFORetainBehindFront checks the fifo against a slice through random
// pushes, pops and drops, across block boundaries: the values, their
// order and the front are the slice's at every step; so too for a fifo
// whose first block is an array of its owner's (startWith).
func TestFIFORetainBehindFront(t *testing.T) {
	for _, started := range []bool{false, true} {
		t.Run(map[bool]string{false: "made", true: "started"}[started], func(t *testing.T) {
			testFIFOAgainstSlice(t, started)
		})
	}
}

func testFIFOAgainstSlice(t *testing.T, started bool) {
	rng := rand.New(rand.NewPCG(1, 2))
	var q fifo[int]
	var first [1]int
	if started {
		q.startWith(first[:])
	}
	var want []int
	next := 0
	check := func(step int) {
		t.Helper()
		var got []int
		for v := range q.all() {
			got = append(got, *v)
		}
		if q.len() != len(want) || !slices.Equal(got, want) {
			t.Fatalf("step %d: fifo holds %v (len %d), want %v", step, got, q.len(), want)
		}
		if len(want) > 0 && *q.front() != want[0] {
			t.Fatalf("step %d: front %d, want %d", step, *q.front(), want[0])
		}
	}
	for step := range 20000 {
		switch r := rng.IntN(100); {
		case r < 55:
			for range rng.IntN(40) {
				q.push(next)
				want = append(want, next)
				next++
			}
		case r < 90:
			for range rng.IntN(30) {
				if len(want) == 0 {
					break
				}
				if v := q.pop(); v != want[0] {
					t.Fatalf("step %d: popped %d, want %d", step, v, want[0])
				}
				want = want[1:]
			}
		default:
			m := 2 + rng.IntN(4) // keep the multiples of m behind the front
			keep := func(v *int) bool { return *v%m == 0 }
			q.retainBehindFront(keep)
			if len(want) > 1 {
				want = append(want[:1], slices.DeleteFunc(slices.Clone(want[1:]), func(v int) bool { return !keep(&v) })...)
			}
		}
		check(step)
	}
}

// TestFIFORetainBehindFrontLetsGo: the slots the dropped values leave hold
// nothing, so what they named can be collected.
func TestFIFORetainBehindFrontLetsGo(t *testing.T) {
	var q fifo[*int]
	for i := range 3000 {
		q.push(&i)
	}
	q.pop()
	q.retainBehindFront(func(p **int) bool { return **p%1000 == 0 })
	if q.len() != 3 {
		t.Fatalf("len %d, want 3 (the front, 1000, 2000)", q.len())
	}
	held := 0
	for _, b := range q.blocks {
		for _, p := range b[:cap(b)] {
			if p != nil {
				held++
			}
		}
	}
	if held != q.len() {
		t.Fatalf("the blocks hold %d values, want the %d queued", held, q.len())
	}
}

// TestFIFOTake: the values taken stay as they were while the emptied queue,
// whose first block list is part of it, is used again.
func TestFIFOTake(t *testing.T) {
	for _, n := range []int{1, minFIFOBlock, 3 * minFIFOBlock, -1, -minFIFOBlock} {
		var q fifo[int]
		var first [1]int
		if n < 0 { // a fifo whose first block is its owner's: taken, it is taken's alone
			n = -n
			q.startWith(first[:])
		}
		for i := range n {
			q.push(i)
		}
		q.pop()
		taken := q.take()
		if q.len() != 0 {
			t.Fatalf("n=%d: %d values left after take", n, q.len())
		}
		for i := range n {
			q.push(-1 - i)
		}
		var got []int
		for v := range taken.all() {
			got = append(got, *v)
		}
		want := make([]int, 0, n)
		for i := 1; i < n; i++ {
			want = append(want, i)
		}
		if taken.len() != n-1 || !slices.Equal(got, want) {
			t.Fatalf("n=%d: taken holds %v (len %d), want %v", n, got, taken.len(), want)
		}
	}
}

// TestFIFOStartWith: a fifo given its first block's array (startWith) makes
// none at its first push; its first block is that array.
func TestFIFOStartWith(t *testing.T) {
	inArray := true
	var q fifo[int]
	var first [1]int
	if n := testing.AllocsPerRun(10, func() {
		q = fifo[int]{}
		q.startWith(first[:])
		q.push(7)
		inArray = inArray && first[0] == 7 && q.pop() == 7
	}); n != 0 {
		t.Errorf("a started fifo's first push made %v allocations", n)
	}
	if !inArray {
		t.Errorf("the first value is not in the given array")
	}
}
