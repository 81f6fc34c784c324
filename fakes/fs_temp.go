package fakes

import (
	"iter"
	"strconv"
	"strings"
)

// The daemon lands every download in a file named by TempName, which lives
// until the app moves it away or the daemon deletes it; a suspended app's
// session may hold a hundred thousand of them. A map of paths would grow
// by copying for them and then again for the files they are moved to, so
// an FS keeps the files at the names TempName handed out apart, in a table
// indexed by the names' numbers: 16 bytes each, in blocks that never
// move. It is only a way of storing them: every method sees one file
// system, whichever holds a file.
//
// A name belongs to the table while its block is there. A block is let go
// once all its names were handed out and none holds a file any more; a
// file written later at one of its names goes to the map, as any other.

// tempTable holds the files at the names TempName handed out.
type tempTable struct {
	prefixes []string   // the prefixes of the names, each once
	blocks   []tempRun  // name n is blocks[(n-1)/tempBlock].slots[(n-1)%tempBlock]
	prefix1  [1]string  // prefixes' first array: the daemon uses one prefix, maybe two
	block1   [1]tempRun // blocks' first array
	// slots1 is the first block's first array: most runs hand out a few
	// names.
	slots1 [minTempBlock]tempSlot
	// last is the name slot found last, or TempName handed out last, and
	// lastN its number. A download's temporary name is looked up as the
	// string TempName returned (the daemon's write, the app's move, the
	// daemon's look after it): comparing with the same string is a few
	// instructions, where taking it apart was ~130 (a walkthrough's four
	// look-ups, ~500).
	last  string
	lastN int
}

// tempRun is a block of names: tempBlock of them, but the first block
// grows to that size.
type tempRun struct {
	slots []tempSlot // nil once let go
	files int32      // names holding a file
}

// tempSlot is one name TempName handed out.
type tempSlot struct {
	f      *fileRec // the file at the name, nil if none
	prefix int32    // its prefix's index in prefixes, -1 if the name is not kept here
}

const (
	tempBlock    = 1024
	minTempBlock = 4 // the first block's first size
	// maxTempPrefixes bounds the prefixes the table keeps names of, since
	// every look-up tries each: the daemon uses two or three. Names of
	// further prefixes are kept in the map.
	maxTempPrefixes = 8
)

// add records name number n (the counter's next), made of prefix, kept
// here if inTable (and there is room for its prefix).
func (tt *tempTable) add(n int, name, prefix string, inTable bool) {
	k := (n - 1) / tempBlock
	if tt.blocks == nil {
		tt.blocks = tt.block1[:0]
	}
	for len(tt.blocks) <= k {
		slots := tt.slots1[:0]
		if k > 0 {
			slots = make([]tempSlot, 0, tempBlock)
		}
		tt.blocks = append(tt.blocks, tempRun{slots: slots})
	}
	b := &tt.blocks[k]
	if len(b.slots) == cap(b.slots) {
		// Only the first block fills below tempBlock names: it doubles,
		// up to a whole block.
		b.slots = append(make([]tempSlot, 0, min(2*cap(b.slots), tempBlock)), b.slots...)
	}
	slot := tempSlot{prefix: -1}
	if inTable {
		slot.prefix = int32(tt.prefixIndex(prefix))
	}
	if slot.prefix >= 0 { // the name is looked up next, as it is
		tt.last, tt.lastN = name, n
	}
	b.slots = append(b.slots, slot)
	tt.maybeLetGo(k)
}

// prefixIndex is prefix's index in prefixes, added if there is room, or
// -1.
func (tt *tempTable) prefixIndex(prefix string) int {
	for i, p := range tt.prefixes {
		if p == prefix {
			return i
		}
	}
	if len(tt.prefixes) == maxTempPrefixes {
		return -1
	}
	if tt.prefixes == nil {
		tt.prefixes = tt.prefix1[:0]
	}
	tt.prefixes = append(tt.prefixes, prefix)
	return len(tt.prefixes) - 1
}

// slot is the table's slot for the resolved path p and the name's
// number, or nil if p is not a name the table keeps.
func (tt *tempTable) slot(p string) (*tempSlot, int) {
	if p == tt.last && tt.lastN > 0 {
		if s := tt.at(tt.lastN); s != nil {
			return s, tt.lastN
		}
	}
	if len(tt.prefixes) == 0 {
		return nil, 0
	}
	digits, ok := strings.CutSuffix(p, ".tmp")
	if !ok {
		return nil, 0
	}
	for i, prefix := range tt.prefixes {
		num, ok := strings.CutPrefix(digits, prefix)
		if !ok {
			continue
		}
		n, ok := tempNumber(num)
		if !ok {
			continue
		}
		if s := tt.at(n); s != nil && s.prefix == int32(i) {
			tt.last, tt.lastN = p, n
			return s, n
		}
	}
	return nil, 0
}

// at is the slot of name number n, or nil if it was not handed out or its
// block was let go. Its prefix says whether the table keeps the name: a
// slot's prefix never changes, nor does a block come back once let go,
// so a name found once is found at its number until then (see last).
func (tt *tempTable) at(n int) *tempSlot {
	u := uint(n - 1) // n > 0: unsigned, the division is a shift
	k, j := int(u/tempBlock), int(u%tempBlock)
	if k >= len(tt.blocks) || j >= len(tt.blocks[k].slots) {
		return nil
	}
	return &tt.blocks[k].slots[j]
}

// tempNumber is the number written as TempName writes it (six digits or
// more, zero-padded, no leading zero past six), and whether s is one. Past
// 18 digits it is not: no counter gets there, and 18 cannot overflow, so
// the loop needs no check of its own (a walkthrough takes four names
// apart).
func tempNumber(s string) (int, bool) {
	if len(s) < 6 || len(s) > 18 || len(s) > 6 && s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		d := s[i] - '0' // a byte below '0' wraps past 9
		if d > 9 {
			return 0, false
		}
		n = n*10 + int(d)
	}
	return n, n > 0
}

// set puts f (nil: none) in slot s of name n, keeping the counts.
func (tt *tempTable) set(s *tempSlot, n int, f *fileRec) {
	k := (n - 1) / tempBlock
	switch {
	case s.f == nil && f != nil:
		tt.blocks[k].files++
	case s.f != nil && f == nil:
		tt.blocks[k].files--
	}
	s.f = f
	tt.maybeLetGo(k)
}

// maybeLetGo lets block k go once every name in it was handed out and
// none holds a file.
func (tt *tempTable) maybeLetGo(k int) {
	if b := &tt.blocks[k]; b.files == 0 && len(b.slots) == tempBlock {
		b.slots = nil
	}
}

// all yields the table's files with their names, in name order.
func (tt *tempTable) all() iter.Seq2[string, *fileRec] {
	return func(yield func(string, *fileRec) bool) {
		for k, b := range tt.blocks {
			for j := range b.slots {
				if s := &b.slots[j]; s.f != nil && !yield(tempName(tt.prefixes[s.prefix], k*tempBlock+j+1), s.f) {
					return
				}
			}
		}
	}
}

// tempName is prefix, n in six digits or more and ".tmp", as in
// "CFNetworkDownload_000001.tmp"; fmt.Sprintf("%s%06d.tmp", prefix, n),
// built by hand: a download's end should not cost a formatter.
func tempName(prefix string, n int) string {
	var buf [64]byte
	b := append(buf[:0], prefix...)
	for w := 100000; w > 1 && n < w; w /= 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(n), 10)
	return string(append(b, ".tmp"...))
}
