package fakes

import (
	"slices"
	"strings"
	"time"
)

// A simulator plays run after run on one FS, made anew with Init for
// each (Sim.Reset), and each run does much what the one before did: its
// downloads land at the same temporary names and are moved into the
// container. What a run made that a later one can use as it is, the FS
// keeps in an fsKept, made by the first Init of an FS in use: an FS made
// once makes none, and the methods here do without it on a nil one. None
// of it is a run's state: a run plays the same with it or without it.
type fsKept struct {
	// names are the names TempName made, by number from 1, up to
	// maxKeptNames (see tempName).
	names [maxKeptNames]string
	// recs are file records of the runs before, up to maxKeptRecs, for
	// the next files written (see newRec): the FS alone ever held them.
	recs []*fileRec
	// home is the last container path SetHome was given that was clean
	// as it was (see rootedHome).
	home string
}

// How many temporary names and file records an FS keeps for the runs
// after: the catalog's scenarios land at most a few downloads a run, and
// hold up to four files.
const (
	maxKeptNames = 8
	maxKeptRecs  = 4
)

// keep is what Init keeps of fsys for the next run: its fsKept, made on
// the first Init of an FS in use, with the records of the files fsys
// keeps in its own arrays (those of a short run) added to its spares.
// Each is added once: the temporary names' first array may still hold a
// record its first block holds, or the map, since it moved on (see
// tempTable.add); and a file moved holds its record at its new path.
func (fsys *FS) keep() *fsKept {
	k := fsys.kept
	if k == nil {
		k = &fsKept{recs: make([]*fileRec, 0, maxKeptRecs)}
	}
	add := func(f *fileRec) {
		if f != nil && len(k.recs) < maxKeptRecs && !slices.Contains(k.recs, f) {
			k.recs = append(k.recs, f)
		}
	}
	for i := range fsys.files.n {
		add(fsys.files.entries[i].val)
	}
	for i := range fsys.tmp.slots1 {
		add(fsys.tmp.slots1[i].f)
	}
	return k
}

// newRec is a file record with nothing written, modified at mod: a spare
// of the runs before, or a new one.
func (k *fsKept) newRec(mod time.Duration) *fileRec {
	if k == nil || len(k.recs) == 0 {
		return &fileRec{mod: mod}
	}
	f := k.recs[len(k.recs)-1]
	k.recs = k.recs[:len(k.recs)-1]
	*f = fileRec{mod: mod}
	return f
}

// tempName is tempName(prefix, n). A run on an FS made anew hands out
// the names of the run before, in the same order (a seed's first
// download lands in /tmp/CFNetworkDownload_000001.tmp, as every seed's
// does), so the first few are kept and the string made before is given
// again: building it and its allocation cost ~400 instructions a
// download. A string kept for n is the name of n for some prefix; one as
// long as this prefix's name that begins with prefix is its name.
func (k *fsKept) tempName(prefix string, n int) string {
	if k == nil || n > len(k.names) {
		if n > sharedNames { // the common case of a run with many downloads, in line
			return tempName(prefix, n)
		}
		return sharedTempName(prefix, n)
	}
	m := k.names[n-1]
	if len(m) != len(prefix)+len("000000.tmp") || !strings.HasPrefix(m, prefix) {
		m = sharedTempName(prefix, n)
		k.names[n-1] = m
	}
	return m
}

// rootedHome is rooted(home), for SetHome. A run that replays a seed
// (a shrink, a benchmark) is given the container path of the run before,
// often the very string, which compares equal at once: rooted looked at
// each of its 81 bytes (~330 instructions). Another seed's path differs
// within its first 41 bytes, which one comparison finds. Only a path
// that is clean as it is kept: rooted gives it back unchanged.
func (k *fsKept) rootedHome(home string) string {
	if k == nil {
		return rooted(home)
	}
	if home == k.home && home != "" {
		return home
	}
	r := rooted(home)
	if r == home {
		k.home = home
	}
	return r
}
