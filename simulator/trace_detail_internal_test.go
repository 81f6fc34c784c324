package simulator

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// TestDetailRendersAsSprintf pins a detail's text to fmt.Sprintf's for the
// same format and arguments, for the verbs it writes itself and for those
// it hands to fmt (flags, other verbs, wrong kinds, missing or extra
// arguments), before and after the trace store's round trip.
func TestDetailRendersAsSprintf(t *testing.T) {
	cases := []struct {
		format string
		args   []any
	}{
		{"plain text", nil},
		{"100%% done", nil},
		{"task %d complete", []any{7}},
		{"moved the download to %s", []any{"/Documents/monkey.png"}},
		{"%s %s", []any{"download", "https://images.example.com/monkey.png"}},
		{"bytes %d of %d", []any{int64(1 << 40), int64(-3)}},
		{"%d%%", []any{42}},
		{"padded %5d and %-4s|", []any{3, "ab"}},
		{"%v %q %x", []any{"v", "q", 255}},
		{"%d is not a number", []any{"seven"}},
		{"%s is not a string", []any{12}},
		{"missing %s and %d", []any{"one"}},
		{"extra", []any{1, "two"}},
		{"trailing %", []any{1}},
		{"%T %T %T", []any{1, int64(1), "s"}},
		{"", nil},
	}
	var st traceStore
	for i, c := range cases {
		var d detail
		if !d.set(c.format, c.args) {
			t.Fatalf("case %d: set refused %v", i, c.args)
		}
		want := fmt.Sprintf(c.format, c.args...)
		if got := d.text(); got != want {
			t.Errorf("text of %q %v = %q, want %q", c.format, c.args, got, want)
		}
		st.add(&Event{Kind: KindLog, At: 0}, &d)
		if got := st.events()[i].Detail; got != want {
			t.Errorf("stored %q %v reads back %q, want %q", c.format, c.args, got, want)
		}
	}
}

func TestDetailCountsAsCountOf(t *testing.T) {
	for _, n := range []int{0, 1, 2, 10, 1 << 20} {
		d := detail{format: "%s under way, %s waiting", n: 2}
		d.args[0], d.args[1] = countArg(n, "task", "tasks"), countArg(n+1, "event", "events")
		want := fmt.Sprintf("%s under way, %s waiting", countOf(n, "task", "tasks"), countOf(n+1, "event", "events"))
		if got := d.text(); got != want {
			t.Errorf("count %d: %q, want %q", n, got, want)
		}
	}
}

func TestDetailRefusesArgumentsItCannotHold(t *testing.T) {
	var d detail
	for _, args := range [][]any{
		{appmodel.LaunchUser},       // a named type under %v (only a bare %s takes its String)
		{TermCrash},                 // a named string type
		{3.5},                       // a kind it does not hold
		{1, 2, 3, 4, maxDetailArgs}, // too many
	} {
		if d.set("%v", args) {
			t.Errorf("set accepted %#v", args)
		}
	}
}

// stringers are arguments with String methods, for the tests below.
type (
	panicky       int
	nilSafe       struct{ name string }
	stringerError int
	formatter     int
)

func (panicky) String() string { panic("no name") }

func (n *nilSafe) String() string {
	if n == nil {
		return "nobody"
	}
	return n.name
}

func (stringerError) String() string            { return "string" }
func (stringerError) Error() string             { return "error" }
func (formatter) String() string                { return "string" }
func (formatter) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "formatted %c", verb) }

// TestDetailTakesStringersUnderBareS pins the arguments with a String
// method that a detail holds as their text (under a bare %s) and those it
// leaves to fmt, and their text to fmt.Sprintf's either way.
func TestDetailTakesStringersUnderBareS(t *testing.T) {
	cases := []struct {
		format string
		args   []any
		held   bool
	}{
		{"launched for %s", []any{appmodel.LaunchUser}, true},
		{"%s then %s", []any{appmodel.LaunchURLSession, TermCrash}, true},
		{"%d%% %s", []any{5, &nilSafe{"named"}}, true},
		{"nil pointer: %s", []any{(*nilSafe)(nil)}, true},
		{"launched for %v", []any{appmodel.LaunchUser}, false},
		{"launched for %d", []any{appmodel.LaunchUser}, false},
		{"launched for %8s", []any{appmodel.LaunchUser}, false},
		{"launched for %[1]s", []any{appmodel.LaunchUser}, false},
		{"%s", []any{panicky(1)}, false},
		{"%s", []any{stringerError(1)}, false},
		{"%s", []any{formatter(1)}, false},
	}
	for _, c := range cases {
		var d detail
		if held := d.set(c.format, c.args); held != c.held {
			t.Errorf("set(%q, %#v) = %v, want %v", c.format, c.args, held, c.held)
			continue
		}
		if !c.held {
			continue
		}
		if got, want := d.text(), fmt.Sprintf(c.format, c.args...); got != want {
			t.Errorf("text of %q %#v = %q, want %q", c.format, c.args, got, want)
		}
	}
}

func TestDetailRendersRandomFormatsAsSprintf(t *testing.T) {
	// Formats of random runs of text, verbs it writes itself (%s, %d),
	// %%, verbs and flags it leaves to fmt, a % at the end; arguments of
	// every kind, too few or too many: appendTo writes what fmt.Sprintf
	// does.
	rng := rand.New(rand.NewPCG(13, 21))
	pieces := []string{"a", "text ", "é", "%s", "%d", "%%", "%v", "%5d", "%", "% "}
	for round := range 5000 {
		var format []byte
		for range rng.IntN(7) {
			format = append(format, pieces[rng.IntN(len(pieces))]...)
		}
		d := detail{format: string(format), n: rng.IntN(maxDetailArgs + 1)}
		vals := make([]any, d.n)
		for k := range d.n {
			switch rng.IntN(4) {
			case 0:
				d.args[k] = strArg([]string{"", "x", "a string"}[rng.IntN(3)])
			case 1:
				d.args[k] = intArg(rng.IntN(2000) - 1000)
			case 2:
				d.args[k] = int64Arg(rng.Int64() - 1<<62)
			default:
				d.args[k] = countArg(rng.IntN(3), "task", "tasks")
			}
			vals[k] = d.args[k].value()
		}
		if got, want := d.text(), fmt.Sprintf(d.format, vals...); got != want {
			t.Fatalf("round %d: %q with %v renders %q, want %q", round, d.format, vals, got, want)
		}
	}
}

// TestStoredDetailsReadBackAsSprintf holds random details (hold) and
// writes them through putDetail, each string a word of detailWords, a
// copy of one or a string of the run's own, and reads each back
// (decodeDetail): the text is fmt.Sprintf's of the format and arguments
// held, and the bytes read are those written.
func TestStoredDetailsReadBackAsSprintf(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	var tbl stringTable
	pick := func() string {
		return []string{"task", "tasks", http.MethodGet, strings.Clone("event"), "com.example.bg",
			"https://example.com/a.png", "resumes the app: "}[rng.IntN(7)]
	}
	b := make([]byte, maxEncodedDetailHead+maxDetailArgs*maxEncodedArg)
	for range 5000 {
		var args []detailArg
		format := []string{"%s %s", "%s under way, %s waiting", "HTTP %d", "%s %s from byte %d", "a format of the run's: %s"}[rng.IntN(5)]
		for range rng.IntN(maxDetailArgs + 1) {
			switch rng.IntN(3) {
			case 0:
				args = append(args, strArg(pick()))
			case 1:
				args = append(args, intArg(rng.IntN(300)-100))
			default:
				args = append(args, countArg(rng.IntN(3), pick(), pick()))
			}
		}
		var d detail
		d.hold(format, args)
		n := putDetail(b, 0, &d, &tbl)
		text, read := decodeDetail(b[:n], tbl.chunks)
		vals := make([]any, len(args))
		for k, a := range args {
			vals[k] = a.value()
		}
		if want := fmt.Sprintf(format, vals...); text != want || read != n {
			t.Fatalf("%q %v: read %q (%d bytes), want %q (%d bytes)", format, args, text, read, want, n)
		}
	}
}
