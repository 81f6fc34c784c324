package main

import (
	"io"
	"os"

	"github.com/bgsim/bgsim/simulator"
)

// openTrace opens the trace replay and verify read: the file path, or
// standard input if path is -. name is how messages name the trace; close
// closes the file.
func openTrace(e env, path string) (tr *simulator.TraceReader, name string, close func(), err error) {
	var in io.Reader = e.stdin
	name, close = "standard input", func() {}
	if path != stdio {
		f, err := os.Open(path)
		if err != nil {
			return nil, "", nil, badInputf("cannot read the trace: %w", err)
		}
		in, name, close = f, path, func() { f.Close() }
	}
	tr, err = simulator.NewTraceReader(in, simulator.TraceLimits{})
	if err != nil {
		close()
		return nil, "", nil, badInputf("%s: %w%s", name, err, scenarioFileHint(path))
	}
	return tr, name, close, nil
}

// scenarioFileHint points a user who gave replay or verify a scenario file
// to bgsim run: they read traces, which bgsim run writes.
func scenarioFileHint(path string) string {
	if !hasScenarioSuffix(path) {
		return ""
	}
	return "\n" + path + " looks like a scenario file: run it with 'bgsim run " + path +
		"' (replay and verify read a trace, which 'bgsim run --format jsonl --out FILE.jsonl' writes)"
}
