package main

import (
	"slices"
	"testing"
)

func TestNearNames(t *testing.T) {
	names := []string{"walkthrough", "walkthrough-policy", "forget-completion-handler", "lifecycle", "lifecycle-persist"}
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"walkthru", []string{"walkthrough"}},                  // a typo
		{"WALKTHROUGH-POLICY", []string{"walkthrough-policy"}}, // case
		{"forget-handler", []string{"forget-completion-handler"}},
		{"lifecycle", []string{"lifecycle", "lifecycle-persist"}}, // up to max, in order
		{"nope", nil},
		{"", nil},
	} {
		if got := nearNames(c.in, names, 2); !slices.Equal(got, c.want) {
			t.Errorf("nearNames(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
