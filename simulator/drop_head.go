package simulator

// dropHead removes list[head], the head of a queue kept as a slice and the
// index of its first pending item, and returns the two again. The item is
// zeroed, so that the array does not keep what it referred to alive. A
// queue that empties starts again at the front of its array; one that never
// empties has its pending items moved to the front once at least min items
// have run and they are half the array, so it does not keep every item it
// ever ran.
func dropHead[T any](list []T, head, min int) ([]T, int) {
	var zero T
	list[head] = zero
	head++
	switch {
	case head == len(list):
		return list[:0], 0
	case head >= min && head >= len(list)/2:
		n := copy(list, list[head:])
		clear(list[n:])
		return list[:n], 0
	}
	return list, head
}
