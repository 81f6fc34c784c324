package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

func newVerifyCmd(e env) *cobra.Command {
	var hangLimit time.Duration
	cmd := &cobra.Command{
		Use:   "verify FILE.jsonl|-",
		Short: "Re-run the scenario a trace names, with its seed, and check the trace is the same",
		Long: `Read the header of a JSON Lines trace (scenario and seed), run that scenario again
with that seed, and compare the two traces line by line (CRLF line endings, a missing
final newline and blank lines at the end are accepted). Prints "ok: N events match",
or the first line that differs, and exits with 1 on a mismatch. FILE - reads the
trace from standard input ('bgsim run --format jsonl | bgsim verify -').

A trace of a scenario file names the file and its SHA-256: verify looks for it
where the header says, then beside the trace. A file that changed since is run
all the same, to say whether the trace still matches (a comment edited) or where
it differs; either way verify exits with 1: make a new trace of the new file.

The trace is read as it is compared, one line at a time, so a wrong file cannot fill
memory: ` + traceLimitsHelp + ` is refused (exit 2).
So is a file of several traces, which bgsim run writes for several scenarios or
seeds: write each run to a file of its own to verify it.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("verify takes one trace file, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			if err := checkHangTimeout(hangLimit); err != nil {
				return err
			}
			return verify(e, args[0], hangLimit)
		},
	}
	addHangFlag(cmd, &hangLimit)
	return cmd
}

func verify(e env, path string, hangLimit time.Duration) error {
	tr, path, closeTrace, err := openTrace(e, path)
	if err != nil {
		return err
	}
	defer closeTrace()
	h := tr.Header()
	if h.File != "" {
		return verifyFile(e, path, tr, h, hangLimit)
	}
	// Resolved first: --hang-timeout counts the simulation alone.
	run, err := resolveSpec(h)
	if err != nil {
		// The trace is wrong, not the command line.
		return badInputf("%s: cannot re-run the trace's scenario: %w", path, err)
	}
	res, runErr := run.run(e, hangLimit)
	if errors.Is(runErr, hang.ErrHung) {
		return runErr
	}
	if res == nil {
		return badInputf("%s: cannot re-run the trace's scenario: %w", path, runErr)
	}
	sim := res.Sim
	// A run that failed wrote its trace so far, and so does the re-run:
	// the comparison decides. The header is compared as the trace wrote
	// it: an older trace names its mistakes in its scenario, a newer one
	// in its mistakes.
	want := sim.Header()
	want.Mistakes = h.Mistakes
	d, err := firstDifference(tr, want, sim.Trace())
	if err != nil {
		return badInputf("%s: %w", path, err)
	}
	if d == nil {
		_, err := fmt.Fprintf(e.stdout, "ok: %d events match\n", len(sim.Trace()))
		return err
	}
	fmt.Fprintf(e.stdout, "%s:%d: differs from the re-run of %s (seed %d)\n", path, d.line, h.Scenario, h.Seed)
	got, exp := showPair(d.got, d.want)
	fmt.Fprintf(e.stdout, "  trace:  %s\n  re-run: %s\n", got, exp)
	if h.Bgsim != simulator.Version {
		fmt.Fprintf(e.stdout, "  note: the trace was written by bgsim %s, this is bgsim %s\n", printableLines(h.Bgsim), simulator.Version)
	}
	return failed(fmt.Errorf("%s does not match its re-run: first difference at line %d", path, d.line))
}

// difference is the first line where a trace and its re-run differ; a nil
// got or want is the end of that trace.
type difference struct {
	line      int
	got, want []byte
}

// firstDifference compares the trace tr reads, line by line, with the
// JSON Lines encoding of header h and events: memory stays one line of
// each, however long the trace. Errors are the trace's (unreadable, or
// beyond the reader's limits).
func firstDifference(tr *simulator.TraceReader, h simulator.Header, events []simulator.Event) (*difference, error) {
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	encode := func(v any) ([]byte, error) {
		want.Reset()
		if err := enc.Encode(v); err != nil {
			return nil, fmt.Errorf("encode the re-run: %w", err)
		}
		return bytes.TrimSuffix(want.Bytes(), []byte("\n")), nil
	}
	// The reader checked the header's format, not its bytes: compare them
	// as well, like every other line.
	wantHeader, err := encode(h)
	if err != nil {
		return nil, err
	}
	if got := tr.HeaderLine(); !bytes.Equal(got, wantHeader) {
		return &difference{line: 1, got: got, want: wantHeader}, nil
	}
	for i := range events {
		got, err := tr.NextLine()
		if errors.Is(err, io.EOF) {
			w, err := encode(&events[i])
			return &difference{line: tr.Line() + 1, want: w}, err
		}
		if err != nil {
			return nil, err
		}
		w, err := encode(&events[i])
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(got, w) {
			if isHeaderLine(got) {
				return nil, anotherTrace(tr.Line())
			}
			return &difference{line: tr.Line(), got: got, want: w}, nil
		}
	}
	got, err := tr.NextLine()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if isHeaderLine(got) {
		return nil, anotherTrace(tr.Line())
	}
	return &difference{line: tr.Line(), got: got}, nil
}

// isHeaderLine reports whether line is the header of a trace, as the
// header of the next trace in a file where bgsim run wrote several.
func isHeaderLine(line []byte) bool {
	var h struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(line, &h) == nil && h.Format == "bgsim-trace"
}

// anotherTrace is the error for a file of several traces, one after
// another, as bgsim run writes for several scenarios or seeds: replay and
// verify read one trace.
func anotherTrace(line int) error {
	return fmt.Errorf("another trace begins at line %d: the file holds the traces of several runs "+
		"(bgsim run with several scenarios or --seeds writes them one after another); "+
		"replay and verify read one: write each run to a file of its own "+
		"(bgsim run SCENARIO --seed N --out FILE.jsonl)", line)
}

// maxShown is about the most bytes of a line a difference shows: a
// part of up to minElided bytes beyond it is shown rather than elided.
const maxShown = 300

// minElided is the shortest part of a line that a difference elides:
// its marker ("(40 bytes) ...", "... (40 more bytes)") is as long as
// half of it, and a shorter part is read faster than the marker.
const minElided = 40

// showPair renders two differing lines for a person: "(end of file)" for
// a missing line; of a long line, the part around the first difference;
// and both quoted when they would look the same (they differ only in
// spaces or invisible characters).
func showPair(got, want []byte) (string, string) {
	from := 0
	if k := commonPrefix(got, want); k-maxShown/2 >= minElided {
		from = k - maxShown/2
	}
	g, w := show(got, from), show(want, from)
	if got != nil && want != nil && visible(g) == visible(w) {
		g, w = strconv.QuoteToASCII(g), strconv.QuoteToASCII(w)
	}
	return g, w
}

func commonPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// show renders maxShown bytes of line from byte from on, saying what it
// leaves out: from is 0 or at least minElided, and a rest shorter than
// minElided is shown.
func show(line []byte, from int) string {
	if line == nil {
		return "(end of file)"
	}
	from = min(from, len(line))
	end := min(len(line), from+maxShown)
	if len(line)-end < minElided {
		end = len(line)
	}
	part := string(line[from:end])
	if from > 0 {
		part = fmt.Sprintf("(%d bytes) ...%s", from, part)
	}
	if rest := len(line) - end; rest > 0 {
		part = fmt.Sprintf("%s... (%d more bytes)", part, rest)
	}
	return part
}

// visible is what a person sees of s: its characters without spaces and
// invisible ones.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || !unicode.IsGraphic(r) {
			return -1
		}
		return r
	}, s)
}
