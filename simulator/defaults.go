package simulator

import (
	"slices"
	"strconv"
	"strings"
)

// defaultsStore is NSUserDefaults: it belongs to the device, not to a
// process, so it survives termination (R-L6).
// Its zero value is an empty store, part of the Sim. An app keeps a few
// keys, so they are a slice sorted by key rather than a map: the first
// write allocates once (a map allocates twice), and Keys is already in
// order.
type defaultsStore struct {
	entries []defaultsEntry // sorted by key
}

// defaultsEntry is one key and its value.
type defaultsEntry struct{ key, value string }

// defaultsScan is how many entries a lookup goes through one by one
// before it searches by halves: string equality first compares lengths,
// which tells most keys apart at once, where the binary search orders
// each key it meets (strings.Compare) and calls a function for it. An app
// keeps a few keys (the reference app four), read on nearly every
// callback.
const defaultsScan = 8

// find returns where key is in the store, or would go, and whether it is there.
func (d *defaultsStore) find(key string) (int, bool) {
	return slices.BinarySearchFunc(d.entries, key, func(e defaultsEntry, k string) int {
		return strings.Compare(e.key, k)
	})
}

// index is where key is in the store, -1 if it is not: find, when only a
// key that is there matters.
func (d *defaultsStore) index(key string) int {
	if len(d.entries) <= defaultsScan {
		for i := range d.entries {
			if d.entries[i].key == key {
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

func (d *defaultsStore) Remove(key string) {
	if i := d.index(key); i >= 0 {
		d.entries = slices.Delete(d.entries, i, i+1)
	}
}

// SetString replaces a value in place; only a new key is searched for
// where it goes in key order.
func (d *defaultsStore) SetString(key, value string) {
	if i := d.index(key); i >= 0 {
		d.entries[i].value = value
		return
	}
	i, _ := d.find(key)
	if d.entries == nil {
		d.entries = make([]defaultsEntry, 0, 4)
	}
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

func (d *defaultsStore) Keys() []string {
	keys := make([]string, len(d.entries))
	for i, e := range d.entries {
		keys[i] = e.key
	}
	return keys
}
