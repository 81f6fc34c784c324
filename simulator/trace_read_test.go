package simulator_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/simulator"
)

// testTrace is a small trace as WriteJSONL writes it.
func testTrace(t testing.TB) (simulator.Header, []simulator.Event, string) {
	t.Helper()
	h := simulator.Header{Format: simulator.TraceFormat, Version: simulator.TraceFormatVersion,
		Scenario: "walkthrough", Seed: 7, Bgsim: simulator.Version}
	events := []simulator.Event{
		{Seq: 1, Actor: simulator.ActorUser, Kind: simulator.KindUserAction, Detail: "taps the app icon"},
		{Seq: 2, At: time.Second, Actor: simulator.ActorApp, Kind: simulator.KindLog, Detail: "hello"},
		{Seq: 3, At: 2 * time.Second, Actor: simulator.ActorSystem, Kind: simulator.KindViolation,
			Rule: simulator.RuleD4, Detail: "never called"},
	}
	var buf bytes.Buffer
	if err := simulator.WriteJSONL(&buf, h, events); err != nil {
		t.Fatal(err)
	}
	return h, events, buf.String()
}

// readAll reads a trace with a TraceReader and the given limits.
func readAll(in string, limits simulator.TraceLimits) (simulator.Header, []simulator.Event, error) {
	tr, err := simulator.NewTraceReader(strings.NewReader(in), limits)
	if err != nil {
		return simulator.Header{}, nil, err
	}
	var events []simulator.Event
	for {
		e, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return tr.Header(), events, nil
		}
		if err != nil {
			return tr.Header(), events, err
		}
		events = append(events, e)
	}
}

// What editors and other systems do to a text file reads as the same trace.
func TestDefect14TraceReaderAcceptsTextFileVariants(t *testing.T) {
	h, events, trace := testTrace(t)
	for name, in := range map[string]string{
		"as written":               trace,
		"CRLF":                     strings.ReplaceAll(trace, "\n", "\r\n"),
		"no final newline":         strings.TrimSuffix(trace, "\n"),
		"no final CRLF":            strings.TrimSuffix(strings.ReplaceAll(trace, "\n", "\r\n"), "\r\n"),
		"trailing blank line":      trace + "\n",
		"trailing blank lines":     trace + "\n  \r\n\t\n",
		"byte-order mark":          "\uFEFF" + trace,
		"CRLF and trailing blanks": strings.ReplaceAll(trace, "\n", "\r\n") + "\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			gotH, got, err := readAll(in, simulator.TraceLimits{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(gotH, h) {
				t.Errorf("header %+v, want %+v", gotH, h)
			}
			if len(got) != len(events) {
				t.Fatalf("%d events, want %d", len(got), len(events))
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], events[i]) {
					t.Errorf("event %d: %+v, want %+v", i, got[i], events[i])
				}
			}
		})
	}
}

func TestTraceReaderLineNumbers(t *testing.T) {
	_, _, trace := testTrace(t)
	tr, err := simulator.NewTraceReader(strings.NewReader(strings.ReplaceAll(trace, "\n", "\r\n")), simulator.TraceLimits{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Line() != 1 {
		t.Errorf("after the header Line() = %d, want 1", tr.Line())
	}
	for want := 2; ; want++ {
		raw, err := tr.NextLine()
		if errors.Is(err, io.EOF) {
			if want != 5 {
				t.Errorf("EOF before line %d, want after line 4", want)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if tr.Line() != want {
			t.Errorf("Line() = %d, want %d", tr.Line(), want)
		}
		if bytes.HasSuffix(raw, []byte("\r")) || bytes.HasSuffix(raw, []byte("\n")) {
			t.Errorf("line %d keeps its line ending: %q", want, raw)
		}
	}
}

func TestTraceReaderErrors(t *testing.T) {
	_, _, trace := testTrace(t)
	lines := strings.SplitAfter(trace, "\n")
	header, rest := lines[0], strings.Join(lines[1:], "")
	for _, c := range []struct {
		name     string
		in       string
		limits   simulator.TraceLimits
		is       error  // errors.Is, or nil
		contains string // in the message
	}{
		{"empty", "", simulator.TraceLimits{}, simulator.ErrNotATrace, "empty input"},
		{"not JSON", "hello\n" + rest, simulator.TraceLimits{}, simulator.ErrNotATrace, "line 1 is not a bgsim-trace header: invalid character 'h'"},
		{"other format", `{"format":"other","version":1}` + "\n", simulator.TraceLimits{}, simulator.ErrNotATrace, `(format "other")`},
		{"blank first line", "\n" + trace, simulator.TraceLimits{}, simulator.ErrNotATrace, "line 1"},
		// The JSON error of a bad header field is kept: it names the field.
		{"negative seed", strings.Replace(header, `"seed":7`, `"seed":-1`, 1) + rest, simulator.TraceLimits{}, nil,
			"trace header (line 1): json: cannot unmarshal number -1 into Go struct field Header.seed of type uint64"},
		{"seed as string", strings.Replace(header, `"seed":7`, `"seed":"7"`, 1) + rest, simulator.TraceLimits{}, nil, "Header.seed"},
		{"future version", strings.Replace(header, fmt.Sprintf(`"version":%d`, simulator.TraceFormatVersion), `"version":99`, 1) + rest, simulator.TraceLimits{}, nil, "trace format version 99"},
		{"broken event", header + lines[1] + `{"seq": 2, "at": "soon"` + "\n", simulator.TraceLimits{}, nil, "trace line 3: "},
		{"blank line inside", header + lines[1] + "\r\n" + lines[2], simulator.TraceLimits{}, nil, "trace line 3 is blank; blank lines may only end a trace"},
		{"long line", header + `{"detail":"` + strings.Repeat("x", 200) + `"}` + "\n", simulator.TraceLimits{MaxLine: 128}, simulator.ErrTraceTooLarge, "line 2 is longer than 128 bytes"},
		{"long header", strings.Repeat(" ", 2<<10) + header, simulator.TraceLimits{MaxLine: 1 << 10}, simulator.ErrTraceTooLarge, "line 1 is longer than 1 KiB"},
		{"long last line, no newline", header + strings.Repeat("x", 129), simulator.TraceLimits{MaxLine: 128}, simulator.ErrTraceTooLarge, "line 2 is longer than 128 bytes"},
		{"too large", trace + trace, simulator.TraceLimits{MaxSize: int64(len(trace)) + 10}, simulator.ErrTraceTooLarge, "more than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readAll(c.in, c.limits)
			if err == nil {
				t.Fatal("no error")
			}
			if tr, nerr := simulator.NewTraceReader(strings.NewReader(c.in), c.limits); nerr == nil {
				var first error
				for first == nil {
					_, first = tr.Next()
				}
				if _, again := tr.Next(); again != first {
					t.Errorf("after %v, the next call returns %v", first, again)
				}
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %v is not %v", err, c.is)
			}
			if c.is == nil && errors.Is(err, simulator.ErrNotATrace) {
				t.Errorf("error %v says not a trace", err)
			}
			if !strings.Contains(err.Error(), c.contains) {
				t.Errorf("error %q does not contain %q", err, c.contains)
			}
		})
	}
}

// A line that fits exactly, with its CRLF, is not too long.
func TestTraceReaderLineAtTheLimit(t *testing.T) {
	_, _, trace := testTrace(t)
	header := strings.SplitAfter(trace, "\n")[0]
	line := `{"detail":"` + strings.Repeat("x", 100) + `"}`
	limits := simulator.TraceLimits{MaxLine: int64(max(len(line), len(header)))}
	for _, in := range []string{header + line + "\r\n", header + line, header + line + "\n"} {
		if _, _, err := readAll(in, limits); err != nil {
			t.Errorf("%q: %v", in[len(header):], err)
		}
	}
}

// countingReader counts the bytes read from r.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// zeros is an endless stream of zero bytes, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// An endless line (/dev/zero) is refused after reading about MaxLine
// bytes, as the header or as an event.
func TestDefect4TraceReaderBoundsAnEndlessLine(t *testing.T) {
	const maxLine = 1 << 20
	limits := simulator.TraceLimits{MaxLine: maxLine}
	bounded := func(t *testing.T, in *countingReader, err error, line string) {
		t.Helper()
		if !errors.Is(err, simulator.ErrTraceTooLarge) || !strings.Contains(err.Error(), line+" is longer than 1 MiB") {
			t.Errorf("error %v, want %s is longer than 1 MiB", err, line)
		}
		if in.n > maxLine+128<<10 {
			t.Errorf("read %d bytes for a line limit of %d", in.n, maxLine)
		}
	}
	t.Run("header", func(t *testing.T) {
		in := &countingReader{r: zeros{}}
		_, err := simulator.NewTraceReader(in, limits)
		bounded(t, in, err, "line 1")
	})
	t.Run("event", func(t *testing.T) {
		_, _, trace := testTrace(t)
		in := &countingReader{r: io.MultiReader(strings.NewReader(trace), zeros{})}
		tr, err := simulator.NewTraceReader(in, limits)
		if err != nil {
			t.Fatal(err)
		}
		for err == nil {
			_, err = tr.Next()
		}
		bounded(t, in, err, "line 5")
	})
}

func TestReadJSONLRoundTrip(t *testing.T) {
	h, events, trace := testTrace(t)
	gotH, got, err := simulator.ReadJSONL(strings.NewReader(trace))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := simulator.WriteJSONL(&again, gotH, got); err != nil {
		t.Fatal(err)
	}
	if again.String() != trace || !reflect.DeepEqual(gotH, h) || len(got) != len(events) {
		t.Errorf("round trip differs:\n%s\nwant\n%s", again.String(), trace)
	}
}
