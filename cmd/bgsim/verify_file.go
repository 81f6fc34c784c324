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
// from, and compares the traces. A file that changed since is re-run all
// the same, to say whether the trace still matches (a comment edited) or
// where it differs; either way the verification fails (exit 1): the trace
// is no longer a record of that file.
func verifyFile(e env, path string, tr *simulator.TraceReader, h simulator.Header, hangLimit time.Duration) error {
	f, err := findScenarioFile(path, h)
	if err != nil {
		return err
	}
	s := f.s
	ran := printableLines(f.ran) // a path the trace's header may give
	if f.changed != "" && !f.stale {
		fmt.Fprintf(e.stdout, "note: %s has changed since the trace was made; verify runs the built-in scenario %s, "+
			"whose content the trace was made from\n", f.changed, s.Name)
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
	if f.stale {
		want.FileSHA256 = h.FileSHA256 // the verdict says the file changed: compare the runs
	}
	d, err := firstDifference(tr, want, res.Trace)
	if err != nil {
		return badInputf("%s: %w", path, err)
	}
	changed := func() error {
		return failed(fmt.Errorf("%s: the scenario file %s changed since the trace was made (its SHA-256 is not %s); "+
			"run it again to make a new trace", path, f.ran, h.FileSHA256))
	}
	if d == nil {
		if f.stale {
			_, err := fmt.Fprintf(e.stdout, "file changed; trace still matches: %s changed since the trace was made, "+
				"and its re-run (seed %d) gives the same %d events\n", ran, h.Seed, len(res.Trace))
			if err != nil {
				return err
			}
			return changed()
		}
		_, err := fmt.Fprintf(e.stdout, "ok: %d events match (%s, seed %d)\n", len(res.Trace), ran, h.Seed)
		return err
	}
	if f.stale {
		fmt.Fprintf(e.stdout, "file changed: %s changed since the trace was made, and its re-run differs\n", ran)
	}
	fmt.Fprintf(e.stdout, "%s:%d: differs from the re-run of %s (seed %d)\n", path, d.line, ran, h.Seed)
	got, exp := showPair(d.got, d.want)
	fmt.Fprintf(e.stdout, "  trace:  %s\n  re-run: %s\n", got, exp)
	if f.stale {
		return changed()
	}
	return failed(fmt.Errorf("%s does not match its re-run: first difference at line %d", path, d.line))
}

// foundScenario is the scenario verify re-runs for a trace of a file.
type foundScenario struct {
	s *scenarios.Scenario
	// ran says what was found, for the verdict: the path, or the built-in
	// scenario.
	ran string
	// changed is the file the header names when it was found changed and
	// the built-in scenario was run instead, which the verdict says, so
	// that verify never passes a file it did not run as the one it ran.
	changed string
	// stale: s is that changed file, re-run for lack of the content the
	// trace was made from.
	stale bool
}

// findScenarioFile finds the file a header names: as written (absolute, or
// from the working directory), then beside the trace (by its base name,
// even if the header names it by an absolute path: the file and the trace
// may have moved together), then in the built-in catalog by the
// scenario's name. It should have the content the trace was made from;
// the SHA-256 in the header says which of the candidates has it. If none
// has, the changed file found is returned, stale.
func findScenarioFile(trace string, h simulator.Header) (foundScenario, error) {
	candidates := []string{h.File}
	if beside := filepath.Join(filepath.Dir(trace), filepath.Base(h.File)); !samePath(beside, h.File) {
		candidates = append(candidates, beside)
	}
	var found []string
	var first *scenarios.Scenario
	for _, c := range candidates {
		if _, err := os.Stat(c); err != nil {
			continue
		}
		s, err := scenarios.Load(c)
		if err != nil {
			return foundScenario{}, badInputf("%s: the trace's scenario file %s: %w", trace, c, err)
		}
		if sameContent(s, h) {
			return foundScenario{s: s, ran: c}, nil
		}
		if first == nil {
			first = s
		}
		found = append(found, c)
	}
	if s, ok := scenarios.Lookup(h.Scenario); ok && sameContent(s, h) {
		changed := ""
		if len(found) > 0 {
			changed = found[0]
		}
		return foundScenario{s: s, ran: "the built-in scenario " + s.Name, changed: changed}, nil
	}
	if first != nil {
		return foundScenario{s: first, ran: found[0], stale: true}, nil
	}
	return foundScenario{}, badInput(errors.New(trace + ": cannot find the scenario file the trace was made from, " + h.File +
		"; run verify where the file is, or put it beside the trace"))
}

func sameContent(s *scenarios.Scenario, h simulator.Header) bool {
	sum := sha256.Sum256(s.Source())
	return hex.EncodeToString(sum[:]) == h.FileSHA256
}
