package scenarios

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// The loader decodes goccy/go-yaml's syntax tree itself instead of using
// the library's Decoder: the Decoder stops at the first error, and a
// scenario file's author wants every problem at once, each at its line.
// Keys are matched strictly (an unknown key is an error with a hint), and
// the position of every value is kept by its YAML path, so validation and
// expectation failures can point at the line they are about.

// decoder walks a YAML node tree into Go values by reflection.
type decoder struct {
	*problems
	// positions maps a YAML path ("$.steps[2].do") to its value's position.
	positions map[string]Position
}

// nodeDecoder is implemented by types that read themselves from a node.
type nodeDecoder interface {
	decodeNode(d *decoder, n ast.Node, path string)
}

var (
	durationType     = reflect.TypeOf(time.Duration(0))
	timeType         = reflect.TypeOf(time.Time{})
	nodeDecoderType  = reflect.TypeOf((*nodeDecoder)(nil)).Elem()
	fmtStringerType  = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
	scenarioDuration = reflect.TypeOf(Duration(0))
	scenarioSize     = reflect.TypeOf(Size(0))
)

func pos(tk *token.Token) Position {
	if tk == nil || tk.Position == nil {
		return Position{}
	}
	return Position{Line: tk.Position.Line, Col: tk.Position.Column}
}

// unwrap looks through tags; anchors and aliases are refused, since a
// scenario reads best written out (an anchor is read on, so that the
// value's own problems are said too).
func (d *decoder) unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			d.add(v.GetToken(), "remove it and write values out where they are used", "anchors (&name) are not supported in scenario files")
			n = v.Value
		case *ast.AliasNode:
			d.add(v.GetToken(), "write the value out where it is used", "aliases (*name) are not supported in scenario files")
			return nil
		default:
			return n
		}
	}
}

// decode reads n into v (addressable), recording problems and positions.
func (d *decoder) decode(n ast.Node, v reflect.Value, path string) {
	if n = d.unwrap(n); n == nil {
		return
	}
	d.positions[path] = pos(n.GetToken())
	if _, null := n.(*ast.NullNode); null {
		return // an empty value is the zero value; validation says if one is required
	}
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(nodeDecoder).decodeNode(d, n, path)
		return
	}
	t := v.Type()
	switch {
	case t == durationType || t == scenarioDuration:
		if dur, ok := d.duration(n); ok {
			v.SetInt(int64(dur))
		}
		return
	case t == scenarioSize:
		if sz, ok := d.size(n); ok {
			v.SetInt(sz)
		}
		return
	case t == timeType:
		if s, ok := d.str(n, "a time such as 2026-01-05T09:00:00Z"); ok {
			tm, err := time.Parse(time.RFC3339, s)
			if err != nil {
				d.add(n.GetToken(), "write it as 2026-01-05T09:00:00Z", "bad time %q", s)
				return
			}
			v.Set(reflect.ValueOf(tm))
		}
		return
	}
	if names := enumNames(t); names != nil {
		if s, ok := d.str(n, "one of: "+strings.Join(names, ", ")); ok {
			for i, name := range names {
				if name == s {
					v.SetInt(int64(i))
					return
				}
			}
			d.add(n.GetToken(), oneOf(s, names), "unknown value %q for %s", s, lastKey(path))
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Pointer:
		nv := reflect.New(t.Elem())
		d.decode(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.wrongType(n, "a list")
			return
		}
		out := reflect.MakeSlice(t, len(seq.Values), len(seq.Values))
		for i, item := range seq.Values {
			d.decode(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(out)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.String:
		if s, ok := d.str(n, "text"); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.wrongType(n, "true or false")
			return
		}
		v.SetBool(b.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t.Kind() == reflect.Int64 {
			if sz, ok := d.size(n); ok {
				v.SetInt(sz)
			}
			return
		}
		if i, ok := d.integer(n); ok {
			if v.OverflowInt(i) {
				d.add(n.GetToken(), "", "%d is out of range", i)
				return
			}
			v.SetInt(i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		in, ok := n.(*ast.IntegerNode)
		if !ok {
			d.wrongType(n, "a whole number")
			return
		}
		u, err := strconv.ParseUint(strings.ReplaceAll(in.GetToken().Value, "_", ""), 0, 64)
		if err != nil || v.OverflowUint(u) {
			max := uint64(1)<<(v.Type().Bits()-1)<<1 - 1
			d.add(n.GetToken(), "", "%s is out of range: want a whole number from 0 to %d", in.GetToken().Value, max)
			return
		}
		v.SetUint(u)
	default:
		d.add(n.GetToken(), "", "cannot read a value of Go type %s", t)
	}
}

// fieldKey is a struct field's YAML key: its yaml tag, or its Go name in
// kebab case (BackgroundGrace: background-grace), so any Config field is
// reachable by name.
func fieldKey(f reflect.StructField) string {
	if tag, ok := f.Tag.Lookup("yaml"); ok {
		name, _, _ := strings.Cut(tag, ",")
		return name
	}
	return kebab(f.Name)
}

// kebab turns a Go name into kebab case: ForgetCompletionHandler ->
// forget-completion-handler, UIOffMainThread -> ui-off-main-thread.
func kebab(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && !unicode.IsUpper(rs[i-1])
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])
			if prevLower || nextLower {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// structFields lists the decodable fields of t by key.
func structFields(t reflect.Type) (keys []string, index map[string]int) {
	index = map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		k := fieldKey(f)
		if k == "-" || k == "" {
			continue
		}
		keys = append(keys, k)
		index[k] = i
	}
	return keys, index
}

// mapping iterates over the keys of a mapping node, reporting non-name
// keys, merge keys and duplicates; f gets each key with its value.
func (d *decoder) mapping(n ast.Node, what string, f func(key string, keyTk *token.Token, value ast.Node)) bool {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		if mv, single := n.(*ast.MappingValueNode); single {
			m = &ast.MappingNode{Values: []*ast.MappingValueNode{mv}}
		} else {
			d.wrongType(n, what)
			return false
		}
	}
	seen := map[string]int{}
	for _, mv := range m.Values {
		keyNode := d.unwrap(mv.Key)
		if keyNode == nil {
			continue
		}
		if _, merge := keyNode.(*ast.MergeKeyNode); merge {
			d.add(keyNode.GetToken(), "write the keys out", "merge keys (<<) are not supported in scenario files")
			continue
		}
		sk, ok := keyNode.(*ast.StringNode)
		if !ok {
			d.add(keyNode.GetToken(), "", "a key must be a name, not %s", nodeKind(keyNode))
			continue
		}
		if line, dup := seen[sk.Value]; dup {
			d.add(keyNode.GetToken(), "", "duplicate key %q (first at line %d)", sk.Value, line)
			continue
		}
		seen[sk.Value] = pos(keyNode.GetToken()).Line
		f(sk.Value, keyNode.GetToken(), mv.Value)
	}
	return true
}

func (d *decoder) decodeStruct(n ast.Node, v reflect.Value, path string) {
	d.decodeStructWith(n, v, path, keyHelp{})
}

// keyHelp changes what decodeStructWith says of an unknown key.
type keyHelp struct {
	// offer, if not nil, are the keys to suggest instead of all of the
	// struct's (some may not be set there).
	offer []string
	// removed says why a key that is no longer read went: its message.
	removed map[string]string
	// elsewhere are keys of the struct that are set in another place, with
	// where: a near miss of one is told so rather than offered it.
	elsewhere map[string]string
}

// unknownKeyHint is the hint for an unknown key: the nearest key offered,
// or the nearest set elsewhere with where, or the keys offered.
func (h keyHelp) unknownKeyHint(key string, offer []string) string {
	if s := suggest(key, offer); s != "" {
		return s
	}
	for _, k := range slices.Sorted(maps.Keys(h.elsewhere)) {
		if s := suggest(key, []string{k}); s != "" {
			return s + " " + h.elsewhere[k]
		}
	}
	return oneOf(key, offer)
}

// decodeStructWith is decodeStruct with help for unknown keys. A mapping
// with an unknown key is marked at path+"@unknown", so that validation
// does not also report what the key was meant to give (a URL not served,
// after a misspelt resources).
func (d *decoder) decodeStructWith(n ast.Node, v reflect.Value, path string, help keyHelp) {
	t := v.Type()
	keys, index := structFields(t)
	offer := keys
	if help.offer != nil {
		offer = help.offer
	}
	d.mapping(n, "a mapping with keys "+strings.Join(offer, ", "), func(key string, keyTk *token.Token, value ast.Node) {
		i, ok := index[key]
		if !ok {
			d.positions[path+"@unknown"] = pos(keyTk)
			if why, gone := help.removed[key]; gone {
				d.add(keyTk, "", "%s %q %s", describePath(path), key, why)
				return
			}
			d.add(keyTk, help.unknownKeyHint(key, offer), "unknown key %q in %s", key, describePath(path))
			return
		}
		d.positions[path+"."+key+"@key"] = pos(keyTk)
		d.decode(value, v.Field(i), path+"."+key)
	})
	if f, ok := t.FieldByName("Pos"); ok && f.Type == reflect.TypeOf(Position{}) {
		v.FieldByIndex(f.Index).Set(reflect.ValueOf(d.positions[path]))
	}
}

func (d *decoder) decodeMap(n ast.Node, v reflect.Value, path string) {
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		d.add(n.GetToken(), "", "cannot read a map keyed by %s", t.Key())
		return
	}
	out := reflect.MakeMap(t)
	d.mapping(n, "a mapping", func(key string, keyTk *token.Token, value ast.Node) {
		ev := reflect.New(t.Elem()).Elem()
		d.positions[path+"."+key+"@key"] = pos(keyTk)
		d.decode(value, ev, path+"."+key)
		out.SetMapIndex(reflect.ValueOf(key).Convert(t.Key()), ev)
	})
	v.Set(out)
}

// describePath names the place of a path for messages: "$.steps[2]" is
// "steps[2]", "$" is "the scenario".
func describePath(path string) string {
	if path == "$" {
		return "the scenario"
	}
	return strings.TrimPrefix(path, "$.")
}

func nodeKind(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "text"
	case *ast.IntegerNode:
		return "a whole number"
	case *ast.FloatNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	case *ast.NullNode:
		return "nothing"
	}
	return strings.ToLower(n.Type().String())
}

func (d *decoder) wrongType(n ast.Node, want string) {
	d.add(n.GetToken(), wrongTypeHint(n, want), "expected %s, got %s", want, nodeKind(n))
}

// wrongTypeHint says what to write for the text a user most often gives
// where a boolean or a number goes: YAML 1.1's yes/no/on/off, which YAML
// 1.2 reads as text, and a percentage with its % sign.
func wrongTypeHint(n ast.Node, want string) string {
	s, ok := n.(*ast.StringNode)
	if !ok {
		return ""
	}
	switch v := s.Value; {
	case want == "true or false" && slices.Contains([]string{"yes", "no", "on", "off", "y", "n"}, strings.ToLower(v)):
		return fmt.Sprintf("write true or false: %s is text in YAML 1.2", v)
	case want == "a whole number" && strings.HasSuffix(v, "%"):
		if _, err := strconv.ParseInt(strings.TrimSuffix(v, "%"), 10, 64); err == nil {
			return fmt.Sprintf("write %s, without %%", strings.TrimSuffix(v, "%"))
		}
	}
	return ""
}

// str reads a text scalar.
func (d *decoder) str(n ast.Node, want string) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	}
	d.wrongType(n, want)
	return "", false
}

func (d *decoder) integer(n ast.Node) (int64, bool) {
	in, ok := n.(*ast.IntegerNode)
	if !ok {
		d.wrongType(n, "a whole number")
		return 0, false
	}
	i, err := strconv.ParseInt(strings.ReplaceAll(in.GetToken().Value, "_", ""), 0, 64)
	if err != nil {
		d.add(n.GetToken(), "", "%s is not a whole number in range", in.GetToken().Value)
		return 0, false
	}
	return i, true
}

func (d *decoder) duration(n ast.Node) (time.Duration, bool) {
	if in, ok := n.(*ast.IntegerNode); ok {
		if in.GetToken().Value == "0" {
			return 0, true
		}
		d.add(n.GetToken(), fmt.Sprintf("write %ss for seconds", in.GetToken().Value), "a duration needs a unit")
		return 0, false
	}
	s, ok := d.str(n, "a duration such as 30s, 5m or 7d")
	if !ok {
		return 0, false
	}
	dur, err := ParseDuration(s)
	if err != nil {
		d.add(n.GetToken(), "", "%v", err)
		return 0, false
	}
	return dur, true
}

func (d *decoder) size(n ast.Node) (int64, bool) {
	if in, ok := n.(*ast.IntegerNode); ok {
		i, ok := d.integer(in)
		if ok && i < 0 {
			d.add(n.GetToken(), "", "a size cannot be negative")
			return 0, false
		}
		if ok && i > maxSize {
			d.add(n.GetToken(), "", "%v", tooLarge(in.GetToken().Value))
			return 0, false
		}
		return i, ok
	}
	s, ok := d.str(n, "a size such as 5MB, 512KiB or 200B")
	if !ok {
		return 0, false
	}
	sz, err := ParseSize(s)
	if err != nil {
		d.add(n.GetToken(), "", "%v", err)
		return 0, false
	}
	return sz, true
}
