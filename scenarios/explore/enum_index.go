package explore

// enumIndex finds a string's place in a small fixed list (the trace's
// kinds, the rules) without a map lookup per event: three of its bytes
// and its length make a key that a multiplier, searched for once, spreads
// over 256 slots with no two of the list's strings in one slot. A lookup
// is then a multiplication and one string comparison, which for the
// simulator's constants is a pointer comparison. A string the slots do not
// hold (not in the list, or one of the few the search could not place) is
// looked up in a map.
type enumIndex struct {
	mul   uint64
	slots [256]enumSlot
	other map[string]int
}

type enumSlot struct {
	s string
	i int
	// used: the slot holds s (s may be "").
	used bool
}

func newEnumIndex(list []string) *enumIndex {
	x := &enumIndex{other: map[string]int{}}
	for i, s := range list {
		x.other[s] = i
	}
	// Odd multipliers from a fixed sequence: the first that places every
	// string wins (the search is deterministic, and short for tens of
	// strings); if none does, the best one found places most.
	best, bestPlaced := uint64(0), -1
	m := uint64(0x9e3779b97f4a7c15)
	for try := 0; try < 4096 && bestPlaced < len(list); try++ {
		if placed := x.place(m|1, list, false); placed > bestPlaced {
			best, bestPlaced = m|1, placed
		}
		m = m*6364136223846793005 + 1442695040888963407
	}
	x.place(best, list, true)
	return x
}

// place puts into the slots, with multiplier mul, each of list's strings
// that has its slot to itself (keep), or only counts them.
func (x *enumIndex) place(mul uint64, list []string, keep bool) int {
	var count [256]int
	for _, s := range list {
		count[slotOf(mul, s)]++
	}
	if keep {
		x.mul, x.slots = mul, [256]enumSlot{}
	}
	placed := 0
	for i, s := range list {
		if j := slotOf(mul, s); count[j] == 1 {
			placed++
			if keep {
				x.slots[j] = enumSlot{s: s, i: i, used: true}
			}
		}
	}
	return placed
}

// slotOf spreads the key of s (its length, first and last two bytes)
// with mul. Those bytes tell apart every kind and rule the simulator has
// (TestEnumIndexFindsEveryStringOfItsList checks that every one gets a
// slot); reading six bytes spread over the string, as the key did first,
// cost 56 instructions a lookup, this 20.
func slotOf(mul uint64, s string) int {
	n := len(s)
	key := uint64(n)
	if n >= 2 {
		key |= uint64(s[0])<<8 | uint64(s[n-2])<<16 | uint64(s[n-1])<<24
	} else if n == 1 {
		key |= uint64(s[0]) << 8
	}
	return int(key * mul >> 56)
}

// of is s's index in the list, and whether it is there.
func (x *enumIndex) of(s string) (int, bool) {
	if sl := &x.slots[slotOf(x.mul, s)]; sl.used && sl.s == s {
		return sl.i, true
	}
	i, ok := x.other[s]
	return i, ok
}
