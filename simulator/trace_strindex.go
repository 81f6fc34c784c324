package simulator

import "hash/maphash"

// stringIndex finds a run's own string in its stringTable once it holds
// more than its first chunk: an open-addressed hash table of the strings'
// positions, one slice that doubles when half full. It replaces a
// map[string]uint32, whose first allocation alone was four objects.
//
// The hash only places strings in slots; ids are given in the order the
// strings first appear, so the random seed never reaches a trace.
type stringIndex struct {
	slots []uint32 // 0: empty; else 1 + the string's position in the table
	used  int
}

// firstIndexSlots is the index's first size: room for twice the strings
// of a table's first chunk.
const firstIndexSlots = 4 * firstStringChunk

var stringSeed = maphash.MakeSeed()

// ownString is the table's own string at pos (its id less the
// vocabulary's and 1), kept in chunks as chunkOf says.
func ownString(chunks [][]string, pos uint32) string {
	c, i := chunkOf(uint64(pos))
	return chunks[c][i]
}

// find returns the position of s among the own strings kept in chunks, or,
// if s is not there, the free slot where insert records it.
func (x *stringIndex) find(s string, chunks [][]string) (pos uint32, slot int, ok bool) {
	mask := len(x.slots) - 1
	i := int(maphash.String(stringSeed, s)) & mask
	for {
		v := x.slots[i]
		if v == 0 {
			return 0, i, false
		}
		if ownString(chunks, v-1) == s {
			return v - 1, i, true
		}
		i = (i + 1) & mask
	}
}

// build makes the index of the n strings kept in chunks. The first chunk
// may hold a string twice (stringTable.own): the index finds the first.
func (x *stringIndex) build(chunks [][]string, n int) {
	x.slots = make([]uint32, firstIndexSlots)
	for pos := range uint32(n) {
		if _, slot, found := x.find(ownString(chunks, pos), chunks); !found {
			x.insert(slot, pos, chunks)
		}
	}
}

// insert records pos, the position of a new string, in slot (from a find
// that failed), then grows the index if it is half full.
func (x *stringIndex) insert(slot int, pos uint32, chunks [][]string) {
	x.slots[slot] = pos + 1
	x.used++
	if x.used*2 <= len(x.slots) {
		return
	}
	old := x.slots
	x.slots = make([]uint32, 2*len(old))
	mask := len(x.slots) - 1
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := int(maphash.String(stringSeed, ownString(chunks, v-1))) & mask
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = v
	}
}
