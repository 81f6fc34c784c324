package main

import (
	"github.com/bgsim/bgsim/scenarios"
)

// jsonResult is one scenario's run in the file 'bgsim run --json FILE'
// writes: whether it held, the expectations it missed (file:line:col:
// message), and the outcome summary the text output ends with. A run with
// mistakes switched on by --mistake names them and says its expectations
// went unchecked, as its text verdict does: its "passed" means only that
// the run finished.
type jsonResult struct {
	Scenario  string            `json:"scenario"`
	File      string            `json:"file,omitempty"`
	Seed      uint64            `json:"seed"`
	Mistakes  []string          `json:"mistakes,omitempty"`
	Unchecked bool              `json:"expectations_unchecked,omitempty"`
	Passed    bool              `json:"passed"`
	Failures  []string          `json:"failures,omitempty"`
	Error     string            `json:"error,omitempty"`
	Summary   scenarios.Summary `json:"summary"`
}

// newJSONResult describes a run of a scenario, a file or a built-in one
// by name alike, with the mistakes --mistake switched on, which explain
// its violations as the text does.
func newJSONResult(s *scenarios.Scenario, res *scenarios.Result, mistakes []string) jsonResult {
	r := jsonResult{Scenario: s.Name, File: s.File(), Mistakes: mistakes, Unchecked: len(mistakes) > 0,
		Passed: res.Passed(), Summary: scenarios.SummarizeWith(res.Trace, scenarios.ExplainRun(s.Planted(mistakes)...))}
	if res.Sim != nil {
		r.Seed = res.Sim.Header().Seed
	}
	for _, f := range res.Failures {
		r.Failures = append(r.Failures, cliMessage(f))
	}
	if res.Err != nil {
		r.Error = cliMessage(res.Err) // as the text and standard error say it
	}
	return r
}
