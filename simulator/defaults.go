package simulator

import (
	"sort"
	"strconv"
)

// defaultsStore is NSUserDefaults: it belongs to the device, not to a
// process, so it survives termination (R-L6).
// Its zero value is an empty store, part of the Sim.
type defaultsStore struct {
	m map[string]string // made at the first write
}

func (d *defaultsStore) String(key string) string       { return d.m[key] }
func (d *defaultsStore) SetInt(key string, value int)   { d.SetString(key, strconv.Itoa(value)) }
func (d *defaultsStore) SetBool(key string, value bool) { d.SetString(key, strconv.FormatBool(value)) }
func (d *defaultsStore) Remove(key string)              { delete(d.m, key) }

func (d *defaultsStore) SetString(key, value string) {
	if d.m == nil {
		d.m = map[string]string{}
	}
	d.m[key] = value
}

// Int and Bool read a missing or malformed value as the zero value, as
// NSUserDefaults does. A missing key is answered without parsing: the
// parse error would be allocated only to be dropped.
func (d *defaultsStore) Int(key string) int {
	v, ok := d.m[key]
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(v)
	return n
}

func (d *defaultsStore) Bool(key string) bool {
	v, ok := d.m[key]
	if !ok {
		return false
	}
	b, _ := strconv.ParseBool(v)
	return b
}

func (d *defaultsStore) Keys() []string {
	keys := make([]string, 0, len(d.m))
	for k := range d.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
