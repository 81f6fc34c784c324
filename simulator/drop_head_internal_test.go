package simulator

import (
	"slices"
	"testing"
)

// dropHead keeps a slice queue's order, frees what the items it drops
// referred to, and keeps a queue that never empties from holding every item it ran.
func TestDropHead(t *testing.T) {
	t.Run("an emptied queue starts again at the front", func(t *testing.T) {
		list, head := []*int{new(int), new(int)}, 0
		list, head = dropHead(list, head, 4)
		if head != 1 || list[0] != nil || len(list) != 2 {
			t.Fatalf("after one: head %d, list %v", head, list)
		}
		list, head = dropHead(list, head, 4)
		if head != 0 || len(list) != 0 || cap(list) != 2 {
			t.Fatalf("after two: head %d, len %d, cap %d", head, len(list), cap(list))
		}
	})
	t.Run("a queue that never empties moves its pending items to the front, in order", func(t *testing.T) {
		var list []int
		head, next, want := 0, 0, 0
		for range 10_000 {
			list = append(list, next, next+1) // two in, one out: the queue grows
			next += 2
			if got := list[head]; got != want {
				t.Fatalf("popped %d, want %d", got, want)
			}
			want++
			list, head = dropHead(list, head, 16)
			if head >= 16 && head >= len(list)/2 {
				t.Fatalf("head %d of %d: not compacted", head, len(list))
			}
		}
		if pending := list[head:]; !slices.Equal(pending[:3], []int{want, want + 1, want + 2}) || len(pending) != next-want {
			t.Fatalf("pending %v..., %d of them; want from %d, %d", pending[:3], len(pending), want, next-want)
		}
	})
}
