package main

import "testing"

func TestEscapeLen(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"\x1b", 1}, {"\x1bx", 2}, {"\x1b[C", 3}, {"\x1b[Cq", 3}, {"\x1b[1;5D", 6}, {"\x1bOP", 3}, {"\x1b[12", 4},
	} {
		if got := escapeLen([]byte(c.in)); got != c.want {
			t.Errorf("escapeLen(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}
