package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/simulator"
)

func newVerifyCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "verify FILE.jsonl",
		Short: "Re-run the scenario a trace names, with its seed, and check the trace is the same",
		Long: `Read the header of a JSON Lines trace (scenario and seed), run that scenario again
with that seed, and compare the two traces byte for byte. Prints "ok: N events match",
or the first line that differs, and exits with 1 on a mismatch.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("verify takes one trace file, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return verify(e, args[0])
		},
	}
}

func verify(e env, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return badInputf("cannot read the trace: %w", err)
	}
	h, events, err := simulator.ReadJSONL(bytes.NewReader(data))
	if err != nil {
		return badInputf("%s: %w", path, err)
	}
	sim, runErr := runSpec(h.Scenario, h.Seed)
	if sim == nil {
		// The trace is wrong, not the command line.
		return badInputf("%s: cannot re-run the trace's scenario: %w", path, runErr)
	}
	// A run that failed wrote its trace so far, and so does the re-run:
	// the comparison decides.
	var want bytes.Buffer
	if err := simulator.WriteJSONL(&want, sim.Header(), sim.Trace()); err != nil {
		return err
	}
	line, got, exp := firstDifference(data, want.Bytes())
	if line == 0 {
		_, err := fmt.Fprintf(e.stdout, "ok: %d events match\n", len(events))
		return err
	}
	fmt.Fprintf(e.stdout, "%s:%d: differs from the re-run of %s (seed %d)\n", path, line, h.Scenario, h.Seed)
	fmt.Fprintf(e.stdout, "  trace:  %s\n  re-run: %s\n", got, exp)
	if h.Bgsim != simulator.Version {
		fmt.Fprintf(e.stdout, "  note: the trace was written by bgsim %s, this is bgsim %s\n", h.Bgsim, simulator.Version)
	}
	return failed(fmt.Errorf("%s does not match its re-run: first difference at line %d", path, line))
}

// firstDifference compares a and b line by line and returns the number of
// the first line that differs (0 if none) and that line of each, or
// "(end of file)" where one ends first.
func firstDifference(a, b []byte) (line int, la, lb string) {
	as, bs := bytes.SplitAfter(a, []byte("\n")), bytes.SplitAfter(b, []byte("\n"))
	for i := 0; i < max(len(as), len(bs)); i++ {
		x, y := lineAt(as, i), lineAt(bs, i)
		if x != y {
			return i + 1, show(x), show(y)
		}
	}
	return 0, "", ""
}

func lineAt(lines [][]byte, i int) string {
	if i < len(lines) {
		return string(lines[i])
	}
	return ""
}

func show(l string) string {
	switch {
	case l == "":
		return "(end of file)"
	case l[len(l)-1] != '\n':
		return l + " (no newline at end of file)"
	}
	return l[:len(l)-1]
}
