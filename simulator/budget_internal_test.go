package simulator

import (
	"cmp"
	"math/rand/v2"
	"testing"
)

// busiestModel is what Sim.busiest reports, computed from every origin
// counted, in a map: the origin of the most blocks (ties by name), its
// count and the total, with "" named as anonymousCode.
func busiestModel(counted []string) (string, int, int) {
	n := map[string]int{}
	for _, o := range counted {
		if o == "" {
			o = anonymousCode
		}
		n[o]++
	}
	best, bestN := "", 0
	for o, c := range n {
		if c > bestN || c == bestN && cmp.Less(o, best) {
			best, bestN = o, c
		}
	}
	return best, bestN, len(counted)
}

// codeCounts keeps the last origin's count aside and adds it to its list
// only when another origin comes or the counts are read: in any order of
// origins, reads and resets, busiest says what a plain count of every
// block would.
func TestCodeCountsMatchAPlainCount(t *testing.T) {
	origins := []string{"", "FinishedLaunching", "DidWriteData", "OnActivated", "a", "b"}
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 1))
		s := New(Config{TraceKeep: KeepNone})
		var counted []string
		for range r.IntN(60) {
			switch k := r.IntN(20); {
			case k == 0: // a new Run call
				s.runCounts.reset()
				counted = counted[:0]
			case k < 4: // a read (a runaway), which flushes
				who, n, total := s.busiest()
				wantWho, wantN, wantTotal := busiestModel(counted)
				if who != wantWho || n != wantN || total != wantTotal {
					t.Fatalf("seed %d: busiest %q %d of %d, want %q %d of %d", seed, who, n, total, wantWho, wantN, wantTotal)
				}
			default: // a block, often of the origin before
				o := origins[r.IntN(len(origins))]
				if len(counted) > 0 && r.IntN(2) == 0 {
					o = counted[len(counted)-1]
				}
				s.runCounts.add(o)
				counted = append(counted, o)
			}
		}
		who, n, total := s.busiest()
		wantWho, wantN, wantTotal := busiestModel(counted)
		if who != wantWho || n != wantN || total != wantTotal {
			t.Fatalf("seed %d: at the end, busiest %q %d of %d, want %q %d of %d", seed, who, n, total, wantWho, wantN, wantTotal)
		}
	}
}

// The counts that name a runaway's busiest origin are the Run call's own:
// enterRun forgets the counts of the call before (leaveRun leaves them).
func TestCodeCountsAreTheRunCallsOwn(t *testing.T) {
	s := New(Config{TraceKeep: KeepNone})
	s.enterRun()
	for range 3 {
		s.runCounts.add("FinishedLaunching")
	}
	s.leaveRun()
	s.enterRun()
	s.runCounts.add("DidWriteData")
	who, n, total := s.busiest()
	s.leaveRun()
	if who != "DidWriteData" || n != 1 || total != 1 {
		t.Errorf("the second Run call's busiest: %q %d of %d, want DidWriteData 1 of 1", who, n, total)
	}
}
