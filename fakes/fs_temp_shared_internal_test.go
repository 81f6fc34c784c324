package fakes

import (
	"fmt"
	"testing"
	"time"
)

// TestSharedTempNames: the shared names are the names tempName makes,
// whatever prefixes came before (prefixes of the same length class take
// turns in one slot), for the first few numbers and past them.
func TestSharedTempNames(t *testing.T) {
	prefixes := []string{
		"/daemon/partial/CFNetworkDownload_", "/tmp/CFNetworkDownload_",
		"/tmp/CFNetworkDownloa_", "/tmp/X", "/tmp/Y", "", "/tmp/CFNetworkDownload_",
	}
	for round := range 2 {
		for _, p := range prefixes {
			for n := range sharedNames + 3 {
				want := fmt.Sprintf("%s%06d.tmp", p, n+1)
				if got := sharedTempName(p, n+1); got != want {
					t.Fatalf("round %d: sharedTempName(%q, %d) = %q, want %q", round, p, n+1, got, want)
				}
			}
		}
	}
}

// TestNewFSTempNameAllocs: a new FS's first temporary names are the
// shared ones, so a new FS's first TempName makes nothing but the FS.
func TestNewFSTempNameAllocs(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	const prefix = "/tmp/CFNetworkDownload_"
	first := func() {
		if got := NewFS(c).TempName(prefix); got != prefix+"000001.tmp" {
			t.Fatalf("the first temporary name is %q", got)
		}
	}
	first() // the prefix's shared names are made
	if a := testing.AllocsPerRun(50, first); a != 1 {
		t.Errorf("a new FS and its first temporary name make %v objects, want 1 (the FS)", a)
	}
}
