package simulator

import (
	"slices"
	"strconv"
	"strings"
)

// defaultsStore is NSUserDefaults: it belongs to the device, not to a
// process, so it survives termination (R-L6).
// Its zero value is an empty store, part of the Sim. An app keeps a few
// keys, so they are a slice rather than a map: the first write allocates
// once (a map allocates twice). Up to defaultsScan keys it is in the order
// they were first set, looked up one by one, and a new key is appended;
// past that it is sorted by key and searched by halves. Keys sorts the
// few it returns.
type defaultsStore struct {
	entries []defaultsEntry // sorted by key when there are more than defaultsScan
}

// defaultsEntry is one key and its value.
type defaultsEntry struct{ key, value string }

// defaultsScan is how many entries a store keeps unsorted and looks up one
// by one: string equality first compares lengths, which tells most keys
// apart at once, where the binary search orders each key it meets
// (strings.Compare) and calls a function for it, and a new key is appended
// rather than searched for its place and inserted (the reference app's
// three keys: about 700 of a walkthrough's instructions). An app keeps a
// few keys (the reference app three), read on nearly every callback.
const defaultsScan = 8

// find returns where key is in the sorted store, or would go, and whether
// it is there.
func (d *defaultsStore) find(key string) (int, bool) {
	return slices.BinarySearchFunc(d.entries, key, func(e defaultsEntry, k string) int {
		return strings.Compare(e.key, k)
	})
}

// index is where key is in the store, -1 if it is not.
func (d *defaultsStore) index(key string) int {
	if es := d.entries; len(es) <= defaultsScan {
		// The entries as a local slice: read through d, they were loaded
		// again after every key of the same length, since the comparison's
		// call might have changed them.
		for i := range es {
			if es[i].key == key {
				return i
			}
		}
		return -1
	}
	if i, ok := d.find(key); ok {
		return i
	}
	return -1
}

// get returns key's value and whether the store has key.
func (d *defaultsStore) get(key string) (string, bool) {
	if i := d.index(key); i >= 0 {
		return d.entries[i].value, true
	}
	return "", false
}

func (d *defaultsStore) String(key string) string       { v, _ := d.get(key); return v }
func (d *defaultsStore) SetInt(key string, value int)   { d.SetString(key, strconv.Itoa(value)) }
func (d *defaultsStore) SetBool(key string, value bool) { d.SetString(key, strconv.FormatBool(value)) }

// Remove keeps the others in their order: a sorted store stays sorted.
func (d *defaultsStore) Remove(key string) {
	if i := d.index(key); i >= 0 {
		d.entries = slices.Delete(d.entries, i, i+1)
	}
}

// SetString replaces a value in place. A new key is appended while the
// store stays within defaultsScan; the one that takes it past is sorted
// first (the entries may be in any order until then) and each after is
// inserted in its place.
func (d *defaultsStore) SetString(key, value string) {
	if i := d.index(key); i >= 0 {
		d.entries[i].value = value
		return
	}
	if len(d.entries) < defaultsScan {
		if d.entries == nil {
			d.entries = make([]defaultsEntry, 0, 4)
		}
		d.entries = append(d.entries, defaultsEntry{key, value})
		return
	}
	if len(d.entries) == defaultsScan {
		slices.SortFunc(d.entries, func(a, b defaultsEntry) int { return strings.Compare(a.key, b.key) })
	}
	i, _ := d.find(key)
	d.entries = slices.Insert(d.entries, i, defaultsEntry{key, value})
}

// Int and Bool read a missing or malformed value as the zero value, as
// NSUserDefaults does. A missing key is answered without parsing: the
// parse error would be allocated only to be dropped.
func (d *defaultsStore) Int(key string) int {
	v, ok := d.get(key)
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(v)
	return n
}

func (d *defaultsStore) Bool(key string) bool {
	v, ok := d.get(key)
	if !ok {
		return false
	}
	b, _ := strconv.ParseBool(v)
	return b
}

// Keys lists the keys in order: those of a store within defaultsScan are
// in the order they were set, and sorted here.
func (d *defaultsStore) Keys() []string {
	keys := make([]string, len(d.entries))
	for i, e := range d.entries {
		keys[i] = e.key
	}
	if len(keys) <= defaultsScan {
		slices.Sort(keys)
	}
	return keys
}
