package fakes

import "iter"

// smallMap is a map from strings whose first entries sit in an array of
// its own, of type A; one more moves them all to a Go map, which then
// holds every entry for good. A simulator makes a file system and a
// network for every run, and most runs never need more than the array:
// a Go map would cost them two allocations and a few hundred bytes each
// before its first look-up. A look-up in the array compares a few keys,
// no slower than hashing one.
//
// The array's length is the owner's to choose (see entryArray): every
// entry makes a Sim bigger, and the catalog's scenarios hold up to four
// files, two directories and one to four resources; the walkthrough one
// file, two directories and two resources.
//
// The zero smallMap is empty and ready to use. Its order is no order:
// callers that show keys sort them.
type smallMap[V any, A entryArray[V]] struct {
	n       int // entries in use in the array; 0 once m is made
	entries A
	m       map[string]V // every entry, once the array overflowed
}

// entryArray are the arrays a smallMap may keep its first entries in.
type entryArray[V any] interface {
	[2]smallEntry[V] | [4]smallEntry[V]
}

type smallEntry[V any] struct {
	key string
	val V
}

// get is the value at k and whether there is one.
func (m *smallMap[V, A]) get(k string) (V, bool) {
	if m.m != nil {
		v, ok := m.m[k]
		return v, ok
	}
	for i := range m.n {
		if m.entries[i].key == k {
			return m.entries[i].val, true
		}
	}
	var zero V
	return zero, false
}

// value is the value at k, the zero V if there is none (a Go map's m[k]).
func (m *smallMap[V, A]) value(k string) V {
	v, _ := m.get(k)
	return v
}

// has reports whether there is a value at k.
func (m *smallMap[V, A]) has(k string) bool {
	_, ok := m.get(k)
	return ok
}

// set makes v the value at k.
func (m *smallMap[V, A]) set(k string, v V) {
	if m.m != nil {
		m.m[k] = v
		return
	}
	for i := range m.n {
		if m.entries[i].key == k {
			m.entries[i].val = v
			return
		}
	}
	if m.n < len(m.entries) {
		m.entries[m.n] = smallEntry[V]{k, v}
		m.n++
		return
	}
	m.m = make(map[string]V, 2*len(m.entries))
	for i := range len(m.entries) {
		m.m[m.entries[i].key] = m.entries[i].val
	}
	// The array is done with: it lets go of its keys and values.
	var none A
	m.entries, m.n = none, 0
	m.m[k] = v
}

// delete removes the value at k and reports whether there was one.
func (m *smallMap[V, A]) delete(k string) bool {
	if m.m != nil {
		_, ok := m.m[k]
		delete(m.m, k)
		return ok
	}
	for i := range m.n {
		if m.entries[i].key == k {
			m.n--
			m.entries[i] = m.entries[m.n]
			m.entries[m.n] = smallEntry[V]{}
			return true
		}
	}
	return false
}

// len is the number of entries.
func (m *smallMap[V, A]) len() int {
	if m.m != nil {
		return len(m.m)
	}
	return m.n
}

// all yields every entry, in no particular order. The map must not be
// changed while it runs.
func (m *smallMap[V, A]) all() iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		if m.m != nil {
			for k, v := range m.m {
				if !yield(k, v) {
					return
				}
			}
			return
		}
		for i := range m.n {
			if !yield(m.entries[i].key, m.entries[i].val) {
				return
			}
		}
	}
}
