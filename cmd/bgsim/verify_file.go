package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// verifyFile re-runs the scenario file a trace's header names, with its
// seed and mistakes, after checking the file is the one the trace came
// from, and compares the traces.
func verifyFile(e env, path string, tr *simulator.TraceReader, h simulator.Header, hangLimit time.Duration) error {
	s, ran, changed, err := findScenarioFile(path, h)
	if err != nil {
		return err
	}
	if changed != "" {
		fmt.Fprintf(e.stdout, "note: %s has changed since the trace was made; verify runs the built-in scenario %s, "+
			"whose content the trace was made from\n", changed, s.Name)
	}
	m, err := parseMistakes(h.Mistakes)
	if err != nil {
		return badInputf("%s: %w", path, err)
	}
	seed := h.Seed
	res, err := runWatchedFile(e, s, scenarios.Options{Seed: &seed, Mistakes: m}, hangLimit)
	if err != nil {
		return err
	}
	want := fileHeader(s, res.Sim, h.Mistakes)
	want.File = h.File // where the run found it may differ, not what it ran
	d, err := firstDifference(tr, want, res.Trace)
	if err != nil {
		return badInputf("%s: %w", path, err)
	}
	if d == nil {
		_, err := fmt.Fprintf(e.stdout, "ok: %d events match (%s, seed %d)\n", len(res.Trace), ran, h.Seed)
		return err
	}
	fmt.Fprintf(e.stdout, "%s:%d: differs from the re-run of %s (seed %d)\n", path, d.line, ran, h.Seed)
	got, exp := showPair(d.got, d.want)
	fmt.Fprintf(e.stdout, "  trace:  %s\n  re-run: %s\n", got, exp)
	return failed(fmt.Errorf("%s does not match its re-run: first difference at line %d", path, d.line))
}

// findScenarioFile finds the file a header names: as written (absolute, or
// from the working directory), then beside the trace, then in the built-in
// catalog by the scenario's name. It must have the content the trace was
// made from. ran says what it found, for the verdict: the path, or the
// built-in scenario; changed is the file the header names when it was
// found changed and the built-in scenario was run instead, which the
// verdict says, so that verify never passes a file it did not run as the
// one it ran.
func findScenarioFile(trace string, h simulator.Header) (s *scenarios.Scenario, ran, changed string, err error) {
	candidates := []string{h.File}
	if !filepath.IsAbs(h.File) {
		candidates = append(candidates, filepath.Join(filepath.Dir(trace), filepath.Base(h.File)))
	}
	var found []string
	for _, c := range candidates {
		if _, err := os.Stat(c); err != nil {
			continue
		}
		s, err := scenarios.Load(c)
		if err != nil {
			return nil, "", "", badInputf("%s: the trace's scenario file %s: %w", trace, c, err)
		}
		if sameContent(s, h) {
			return s, c, "", nil
		}
		found = append(found, c)
	}
	if s, ok := scenarios.Lookup(h.Scenario); ok && sameContent(s, h) {
		changed := ""
		if len(found) > 0 {
			changed = found[0]
		}
		return s, "the built-in scenario " + s.Name, changed, nil
	}
	if len(found) > 0 {
		return nil, "", "", failed(fmt.Errorf("%s: the scenario file %s changed since the trace was made (its SHA-256 is not %s); "+
			"run it again to make a new trace", trace, found[0], h.FileSHA256))
	}
	return nil, "", "", badInput(errors.New(trace + ": cannot find the scenario file the trace was made from, " + h.File +
		"; run verify where the file is, or put it beside the trace"))
}

func sameContent(s *scenarios.Scenario, h simulator.Header) bool {
	sum := sha256.Sum256(s.Source())
	return hex.EncodeToString(sum[:]) == h.FileSHA256
}
