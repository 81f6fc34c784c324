package fakes

import "sync/atomic"

// A new FS hands out the same first temporary names as every FS before it
// that was given the same prefix (a simulator's every run lands its first
// download at /daemon/partial/CFNetworkDownload_000001.tmp), so the first
// few names of a prefix are made once for the whole program, as strconv
// keeps the strings of its small numbers, and a new FS's TempName gives
// them again: a name made for every new FS was one allocation of every
// new simulator's run, some 40-75 ns of the allocator's and collector's
// time (BenchmarkFreshMemory). An FS used run after run keeps its own
// names too (fsKept.tempName), which this serves when it has none yet.
//
// Names are strings, never changed once made, so FSes on any goroutines
// may share them: a set of names is published whole by an atomic store,
// and a lookup is an atomic load and a comparison of the prefix (of its
// address first, which is the same for a constant prefix).

// sharedNameSets are the sets of shared names, a set for the prefix last
// asked for among those whose length is the same modulo their number: a
// program that asks for names of two or three prefixes in turn (a
// simulator's daemon and an extension's container) keeps each set.
var sharedNameSets [4]atomic.Pointer[tempNameSet]

// sharedNames is how many of a prefix's first names are shared: the
// catalog's scenarios land up to a few downloads a run.
const sharedNames = 4

// tempNameSet is the first sharedNames names of prefix, by number from 1.
type tempNameSet struct {
	prefix string
	names  [sharedNames]string
}

// sharedTempName is tempName(prefix, n), a shared string for the first
// few n.
func sharedTempName(prefix string, n int) string {
	if n < 1 || n > sharedNames {
		return tempName(prefix, n)
	}
	slot := &sharedNameSets[len(prefix)%len(sharedNameSets)]
	s := slot.Load()
	if s == nil || s.prefix != prefix {
		s = newTempNameSet(prefix)
		slot.Store(s)
	}
	return s.names[n-1]
}

// newTempNameSet makes the shared names of prefix: in one string, each
// name a part of it, as they are all as long. It is called once for each
// prefix a program asks for (or again, if it asks for others in turn), so
// it makes each name with tempName as it is, out of the way of its
// every call, rather than appending to a buffer (a download's tempName
// then took ~10 instructions more).
func newTempNameSet(prefix string) *tempNameSet {
	s := &tempNameSet{prefix: prefix}
	all := make([]byte, 0, len(s.names)*(len(prefix)+len("000000.tmp")))
	for i := range s.names {
		all = append(all, tempName(prefix, i+1)...)
	}
	joined, size := string(all), len(all)/len(s.names)
	for i := range s.names {
		s.names[i] = joined[i*size : (i+1)*size]
	}
	return s
}
