package simulator

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// An event's Detail is text, but most events that say something specific
// (how many tasks a session has, which file a download went to, what the
// app logged) would cost a formatted string at every event, though most
// runs never read it: exploration keeps only a hash, a benchmark nothing.
// So such a detail is emitted as its format and typed arguments
// (Sim.emitf); the trace store keeps those as they are, and the text is
// rendered only when an event is read (Sim.Trace, the JSON Lines stream)
// or hashed. The text is exactly what fmt.Sprintf(format, args...) gives,
// so a trace reads the same whichever way its details were kept.

// detail is an event's Detail not rendered yet: a format and its
// arguments, at most maxDetailArgs of them. The one being emitted is the
// Sim's (Sim.det): held there, and passed down by pointer, it costs no
// allocation, where one made per event would escape to the heap with the
// strings the trace store keeps.
type detail struct {
	format string
	n      int // arguments in args
	// log: the app's Log gave it (set): its strings, the app's own text,
	// are seldom seen again, and the store keeps them inline instead of
	// looking them up in its table (putDetail).
	log  bool
	args [maxDetailArgs]detailArg
}

// list is the detail's arguments.
func (d *detail) list() []detailArg { return d.args[:d.n] }

const maxDetailArgs = 4

// argKind says which Go type a detailArg stands for.
type argKind uint8

const (
	argString argKind = iota // s, a string
	argInt                   // n, an int
	argInt64                 // n, an int64
	argCount                 // countOf(n, s, many), a string
)

// detailArg is one argument of a detail's format, held without boxing it
// in an interface.
type detailArg struct {
	kind argKind
	n    int64
	s    string
	many string // argCount: the plural noun
}

func strArg(s string) detailArg  { return detailArg{kind: argString, s: s} }
func intArg(n int) detailArg     { return detailArg{kind: argInt, n: int64(n)} }
func int64Arg(n int64) detailArg { return detailArg{kind: argInt64, n: n} }

// countArg is countOf(n, one, many) as an argument: rendered when read.
func countArg(n int, one, many string) detailArg {
	return detailArg{kind: argCount, n: int64(n), s: one, many: many}
}

// value is the argument as the Go value fmt would have been given.
func (a detailArg) value() any {
	switch a.kind {
	case argInt:
		return int(a.n)
	case argInt64:
		return a.n
	case argCount:
		return countOf(int(a.n), a.s, a.many)
	}
	return a.s
}

// emitf emits e with the detail fmt.Sprintf(format, args...), rendered
// only when the event is read. Past maxDetailArgs arguments, it is
// rendered at once.
func (s *Sim) emitf(e Event, format string, args ...detailArg) {
	if len(args) > maxDetailArgs {
		vals := make([]any, len(args))
		for i, a := range args {
			vals[i] = a.value()
		}
		e.Detail = fmt.Sprintf(format, vals...)
		s.emit(e)
		return
	}
	s.det.hold(format, args)
	s.emitEvent(&e, &s.det)
}

// hold makes d the detail of format with args, at most maxDetailArgs of
// them, not the app's text. The arguments are copied field by field, as
// put copies one, each read where it is: through put, whose argument is a
// detailArg by value, each was first copied whole to the stack (about 11
// instructions an argument; a walkthrough's emitf events 121).
func (d *detail) hold(format string, args []detailArg) {
	d.format, d.n, d.log = format, len(args), false
	for k := range args {
		a, b := &d.args[k], &args[k]
		a.kind, a.n, a.s, a.many = b.kind, b.n, b.s, b.many
	}
}

// put makes *a the argument b, field by field: a is the Sim's detail's,
// on the heap, where a whole detailArg copied is a typed copy of 48 bytes
// (typedmemmove, typedslicecopy), its two strings under a bulk write
// barrier while the collector marks; field by field, each string is one
// pointer written in line.
func (a *detailArg) put(b detailArg) { a.kind, a.n, a.s, a.many = b.kind, b.n, b.s, b.many }

// appendTo appends the detail's text to b. The verbs the simulator's own
// formats use, %s and %d with arguments of the matching kind, are written
// directly; any other format goes through fmt, so the text is always
// fmt.Sprintf's.
//
// The text between verbs is appended a run at a time, found by
// strings.IndexByte, not a byte at a time: rendering a walkthrough's
// details for its hash took ~1,450 instructions less (appendTo 5,430 ->
// 2,370, IndexByte's and memmove's ~1,430 more).
func (d *detail) appendTo(b []byte) []byte {
	start, next, args := len(b), 0, d.list()
	f := d.format
	for {
		j := strings.IndexByte(f, '%')
		if j < 0 {
			b = append(b, f...)
			break
		}
		b, f = append(b, f[:j]...), f[j+1:] // f: what follows the %
		if f != "" && f[0] == '%' {
			b, f = append(b, '%'), f[1:]
			continue
		}
		if f == "" || next == len(args) {
			return d.appendByFmt(b[:start]) // fmt says what is wrong
		}
		switch a := &args[next]; {
		case f[0] == 's' && a.kind == argString:
			b = append(b, a.s...)
		case f[0] == 's' && a.kind == argCount:
			b = appendCount(b, int(a.n), a.s, a.many)
		case f[0] == 'd' && (a.kind == argInt || a.kind == argInt64):
			b = strconv.AppendInt(b, a.n, 10)
		default:
			return d.appendByFmt(b[:start])
		}
		f, next = f[1:], next+1
	}
	if next != len(args) {
		return d.appendByFmt(b[:start]) // fmt says what the extra arguments were
	}
	return b
}

func (d *detail) appendByFmt(b []byte) []byte {
	vals := make([]any, d.n)
	for i, a := range d.list() {
		vals[i] = a.value()
	}
	return fmt.Appendf(b, d.format, vals...)
}

// appendCount appends countOf(n, one, many).
func appendCount(b []byte, n int, one, many string) []byte {
	if n == 1 {
		return append(append(b, "1 "...), one...)
	}
	b = strconv.AppendInt(b, int64(n), 10)
	return append(append(b, ' '), many...)
}

// text is the detail rendered.
func (d *detail) text() string { return string(d.appendTo(nil)) }

// set makes d the detail of an app's Log call, if its arguments are all of
// the kinds a detail holds (string, int, int64), and reports whether they
// were; if not, the caller formats the text at once.
func (d *detail) set(format string, vals []any) bool {
	if len(vals) > maxDetailArgs {
		return false
	}
	for i, v := range vals {
		switch v := v.(type) {
		case string:
			d.args[i].put(strArg(v))
		case int:
			d.args[i].put(intArg(v))
		case int64:
			d.args[i].put(int64Arg(v))
		default:
			text, ok := stringerText(v, format, i)
			if !ok {
				return false
			}
			d.args[i].put(strArg(text))
		}
	}
	d.format, d.n, d.log = format, len(vals), true
	return true
}

// stringerText is what fmt writes for v, argument i of format, when v's
// String method gives it: format writes v with a bare %s, and v is a
// fmt.Stringer, not an error or fmt.Formatter (whose methods fmt prefers).
// The app's Log calls with a named type (a LaunchReason) then need no
// formatting until the text is read. A String method that panics is left
// to fmt, which writes the panic into the text.
func stringerText(v any, format string, i int) (text string, ok bool) {
	switch v.(type) {
	case error, fmt.Formatter:
		return "", false
	}
	sv, isStringer := v.(fmt.Stringer)
	if !isStringer || verbOf(format, i) != 's' {
		return "", false
	}
	defer func() {
		if recover() != nil {
			text, ok = "", false
		}
	}()
	return sv.String(), true
}

// verbOf is the byte after the % that writes argument i of format, as
// appendTo reads it (flags, widths and argument indexes are not verbs: 0
// for them), or 0 if no % does.
func verbOf(format string, i int) byte {
	for j := 0; j < len(format); j++ {
		if format[j] != '%' {
			continue
		}
		j++
		if j == len(format) {
			return 0
		}
		if format[j] == '%' {
			continue
		}
		if i == 0 {
			return format[j]
		}
		i--
	}
	return 0
}

// argInline is the kind a stored argString is written with when its
// string is inline (detail.log), not an id in the store's table.
const argInline = argCount + 1

// encodedBound bounds the bytes putDetail writes for d: its head and
// its own arguments at their longest (not maxDetailArgs of them: room the
// store's first block need not keep free), and the bytes of those it
// writes inline.
func (d *detail) encodedBound() int {
	n := maxEncodedDetailHead + d.n*maxEncodedArg
	if d.log {
		for _, a := range d.list() {
			n += len(a.s)
		}
	}
	return n
}

// putDetail writes d at b[i:] as the trace store keeps it, and returns
// where it ends: the format's string id, the number of arguments, and
// each as its kind and value, a string as its id in the table, or inline
// (argInline) if the app logged it.
//
// A string of a detail (a format, an argument) is named as textID names
// it, by the same lines at each: a word of detailWords by wordAt,
// inlined, and only another string by a call (stringTable.id). textID
// is too costly for the compiler to inline, and its calls cost the
// walkthrough's details about 300 instructions more.
func putDetail(b []byte, i int, d *detail, table *stringTable) int {
	id := wordAt(d.format)
	if id == 0 {
		id = table.id(d.format)
	}
	i = putUvarint(b, i, uint64(id))
	b[i] = byte(d.n)
	i++
	args := d.list()
	for k := range args {
		a := &args[k] // not a copy: an argument is 48 bytes
		if a.kind == argString && d.log {
			b[i] = byte(argInline)
			i = putUvarint(b, i+1, uint64(len(a.s)))
			i += copy(b[i:], a.s)
			continue
		}
		b[i] = byte(a.kind)
		i++
		switch a.kind {
		case argString:
			id := wordAt(a.s)
			if id == 0 {
				id = table.id(a.s)
			}
			i = putUvarint(b, i, uint64(id))
		case argInt, argInt64:
			i = putVarint(b, i, a.n)
		case argCount:
			i = putVarint(b, i, a.n)
			one, many := wordAt(a.s), wordAt(a.many)
			if one == 0 {
				one = table.id(a.s)
			}
			if many == 0 {
				many = table.id(a.many)
			}
			i = putUvarint(b, i, uint64(one))
			i = putUvarint(b, i, uint64(many))
		}
	}
	return i
}

// decodeDetail reads what putDetail wrote at b and renders it; it
// returns the text and the bytes read.
func decodeDetail(b []byte, chunks [][]string) (string, int) {
	r := varints{b: b}
	d := detail{format: stringAt(chunks, r.u())}
	d.n = int(r.byte())
	for k := range d.list() {
		a := &d.args[k]
		a.kind = argKind(r.byte())
		switch a.kind {
		case argString:
			a.s = stringAt(chunks, r.u())
		case argInline:
			a.kind, a.s = argString, r.inline()
		case argInt, argInt64:
			a.n = r.s()
		case argCount:
			a.n = r.s()
			a.s = stringAt(chunks, r.u())
			a.many = stringAt(chunks, r.u())
		}
	}
	return d.text(), r.i
}

// varints reads an encoded event or detail in order: unsigned and signed
// varints and single bytes, from b[i:].
type varints struct {
	b []byte
	i int
}

// u reads an unsigned varint, as binary.Uvarint does from bytes the store
// wrote (putUvarint): never too long, never past a block's end. Its loop
// reads b itself, not binary's on r.b[r.i:] (a slice, and a count apart),
// and s, inlined with it, does not call binary.Varint: reading a chaos
// seed's trace back, ~180 events, ~37,000 instructions less (BenchmarkChaos
// 1,055,700 -> 1,018,600 a seed).
func (r *varints) u() uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		c := r.b[r.i]
		r.i++
		if c < 0x80 {
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
	}
}

// s reads a signed varint (zigzag), as binary.Varint does.
func (r *varints) s() int64 {
	u := r.u()
	return int64(u>>1) ^ -int64(u&1)
}

// inline reads a string written inline, its length and bytes
// (appendCanonString). The string is the bytes where they are, not a copy:
// the store never writes a block's bytes again once written.
func (r *varints) inline() string {
	n := int(r.u())
	if n == 0 {
		return ""
	}
	s := unsafe.String(&r.b[r.i], n)
	r.i += n
	return s
}

// text reads the text of a field if mask has its bit: inline, or the
// id of a string of chunks (putText, traceStore.put).
func (r *varints) text(mask, bit uint64, chunks [][]string) string {
	if mask&bit == 0 {
		return ""
	}
	v := r.u()
	if v&1 == 0 {
		return stringAt(chunks, v>>1)
	}
	n := int(v >> 1)
	s := unsafe.String(&r.b[r.i], n) // n > 0: a field present is not empty
	r.i += n
	return s
}

func (r *varints) byte() byte {
	c := r.b[r.i]
	r.i++
	return c
}
