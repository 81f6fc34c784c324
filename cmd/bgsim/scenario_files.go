package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// isScenarioFile reports whether a run argument names a file rather than
// a built-in scenario: it ends in .yaml or .yml, or has a path separator.
func isScenarioFile(arg string) bool {
	return strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") || strings.ContainsRune(arg, os.PathSeparator)
}

// fileRunOptions are run's flags, for runFiles.
type fileRunOptions struct {
	format   string
	narrate  bool
	seed     uint64
	out      string
	mistakes []string
	names    simulator.Names
	progress simulator.Progress
	color    bool
	jsonOut  string        // --json FILE
	hang     time.Duration // --hang-timeout
}

// loadScenario loads a scenario file, or looks up a built-in one by name.
func loadScenario(arg string) (*scenarios.Scenario, error) {
	if isScenarioFile(arg) {
		s, err := scenarios.Load(arg)
		if err != nil {
			return nil, badInput(err)
		}
		return s, nil
	}
	if s, ok := scenarios.Lookup(arg); ok {
		return s, nil
	}
	return nil, usagef("unknown scenario %q: not a .yaml file, nor a built-in scenario (see 'bgsim list')", arg)
}

// runFiles runs several scenarios, files or names, one after the other.
// Every file is loaded first, so an invalid one stops the command before
// anything runs (exit 2); a scenario whose expectations fail makes it exit
// with 1 once all have run.
func runFiles(e env, cmd *cobra.Command, args []string, o fileRunOptions) error {
	var list []*scenarios.Scenario
	var bad []error
	for _, a := range args {
		s, err := loadScenario(a)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		list = append(list, s)
	}
	if len(bad) > 0 {
		if len(bad) == 1 {
			return bad[0]
		}
		return badInput(errors.Join(bad...))
	}
	m, err := parseMistakes(o.mistakes)
	if err != nil {
		return err
	}
	opts := scenarios.Options{Mistakes: m}
	if cmd.Flags().Changed("seed") {
		opts.Seed = &o.seed
	}
	var (
		failures []string
		results  []jsonResult
	)
	write := func(w io.Writer) error {
		for _, s := range list {
			res, err := runWatchedFile(e, s, opts, o.hang)
			if err != nil {
				return err
			}
			if err := writeResult(w, s, res, o); err != nil {
				return err
			}
			results = append(results, newJSONResult(s, res))
			if err := res.Error(); err != nil {
				failures = append(failures, fmt.Sprintf("%s:\n%v", s.File(), err))
			}
		}
		return nil
	}
	if err := writeOutput(e, o.out, write); err != nil {
		return err
	}
	if o.jsonOut != "" {
		if err := writeJSONFile(o.jsonOut, results); err != nil {
			return badInput(err)
		}
	}
	if len(failures) > 0 {
		return failed(fmt.Errorf("%d of %d scenario(s) failed:\n%s", len(failures), len(list), strings.Join(failures, "\n")))
	}
	return nil
}

// writeResult writes one scenario's run in the chosen format; the text
// format starts with the scenario's narration.
func writeResult(w io.Writer, s *scenarios.Scenario, res *scenarios.Result, o fileRunOptions) error {
	switch o.format {
	case formatJSONL:
		return simulator.WriteJSONL(w, res.Sim.Header(), res.Trace)
	case formatMermaid:
		return simulator.RenderMermaidWith(w, res.Trace, simulator.MermaidOptions{Names: o.names})
	case formatHTML:
		return writeHTML(w, s.Name, res.Trace, o.names)
	}
	if _, err := fmt.Fprintf(w, "== %s: %s\n", s.Name, s.OneLine()); err != nil {
		return err
	}
	if o.narrate && s.Description != "" {
		if _, err := fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(s.Description)); err != nil {
			return err
		}
	}
	if err := writeTextRun(w, res.Trace, simulator.TextOptions{Narrate: o.narrate, Names: o.names, Progress: o.progress, Width: textWidth, Color: o.color}); err != nil {
		return err
	}
	verdict := "expectations met"
	if !res.Passed() {
		verdict = fmt.Sprintf("FAILED: %d expectation(s) not met", len(res.Failures))
		if res.Err != nil {
			verdict = "FAILED: " + res.Err.Error()
		}
	}
	_, err := fmt.Fprintf(w, "== %s: %s\n\n", s.Name, verdict)
	return err
}
