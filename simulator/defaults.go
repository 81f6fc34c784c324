package simulator

import (
	"sort"
	"strconv"
)

// defaultsStore is NSUserDefaults: it belongs to the device, not to a
// process, so it survives termination (R-L6).
type defaultsStore struct {
	m map[string]string
}

func newDefaultsStore() *defaultsStore { return &defaultsStore{m: map[string]string{}} }

func (d *defaultsStore) String(key string) string       { return d.m[key] }
func (d *defaultsStore) SetString(key, value string)    { d.m[key] = value }
func (d *defaultsStore) SetInt(key string, value int)   { d.m[key] = strconv.Itoa(value) }
func (d *defaultsStore) SetBool(key string, value bool) { d.m[key] = strconv.FormatBool(value) }
func (d *defaultsStore) Remove(key string)              { delete(d.m, key) }

func (d *defaultsStore) Int(key string) int {
	n, _ := strconv.Atoi(d.m[key]) // a missing or non-number value reads as 0, as in NSUserDefaults
	return n
}

func (d *defaultsStore) Bool(key string) bool {
	b, _ := strconv.ParseBool(d.m[key])
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
