package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// bgsim explore raises the collector's target, unless the user set GOGC.
func TestCollectLessOftenLeavesAUsersGOGCAlone(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)

	t.Setenv("GOGC", "100")
	collectLessOften()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC=100 set, the collector's target became %d, want 100", got)
	}

	if err := os.Unsetenv("GOGC"); err != nil { // t.Setenv restores it
		t.Fatal(err)
	}
	collectLessOften()
	if got := debug.SetGCPercent(100); got != exploreGCPercent {
		t.Errorf("with no GOGC, the collector's target is %d, want %d", got, exploreGCPercent)
	}
}
