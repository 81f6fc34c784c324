package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// isScenarioFile reports whether a run argument names a file (or a
// directory, which loadScenarioFile refuses with guidance) rather than a
// built-in scenario: it ends in .yaml or .yml, has a path separator, or is
// no built-in scenario's name but exists. A built-in name wins over a file
// or directory of that name in the working directory (./NAME is the file).
func isScenarioFile(arg string) bool {
	if hasScenarioSuffix(arg) || strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, os.PathSeparator) {
		return true
	}
	if _, ok := scenarios.LookupBuiltin(arg); ok {
		return false
	}
	_, err := os.Stat(arg)
	return err == nil
}

// hasScenarioSuffix reports whether path ends in .yaml or .yml.
func hasScenarioSuffix(path string) bool {
	return strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")
}

// loadScenarioFile loads the scenario file at path. A directory is refused
// with the way to give its files (exit 2). A file of another suffix is read
// as a scenario file all the same, since its content, not its name, says
// whether it is one; if it does not load, the error says why it was read.
func loadScenarioFile(path string) (*scenarios.Scenario, error) {
	return loadScenarioFileWith(path, scenarios.ParseOptions{})
}

// loadScenarioFileWith is loadScenarioFile with the loader's options
// (validate's --go-model).
func loadScenarioFileWith(path string, o scenarios.ParseOptions) (*scenarios.Scenario, error) {
	fi, statErr := os.Stat(path)
	if statErr == nil && fi.IsDir() {
		return nil, badInputf("%s is a directory; give its files, e.g. %s", path, filepath.Join(path, "*.yaml"))
	}
	s, err := scenarios.LoadWith(path, o)
	if err == nil {
		return s, nil
	}
	if statErr == nil && !hasScenarioSuffix(path) {
		err = fmt.Errorf("%w\n(%s has no .yaml or .yml suffix; it was read as a scenario file because it exists and no built-in scenario has that name)", err, path)
	}
	return nil, badInput(err)
}

// fileRunOptions are run's flags, for runFiles.
type fileRunOptions struct {
	format   formatChoice
	narrate  bool
	seed     uint64
	out      string
	mistakes []string
	names    simulator.Names
	progress simulator.Progress
	color    bool
	width    int           // columns of the text (env.textWidth)
	jsonOut  string        // --json FILE
	hang     time.Duration // --hang-timeout
	junit    string        // --junit FILE
	jobs     int           // -j: scenarios run at once
	seeds    []uint64      // --seeds A..B; nil: the file's seed, or --seed
}

// parseSeeds reads --seeds, which --seed excludes.
func (o *fileRunOptions) parseSeeds(cmd *cobra.Command, spec string) error {
	if o.jobs < 1 {
		return usagef("-j %d: want at least 1", o.jobs)
	}
	if spec == "" {
		return nil
	}
	if cmd.Flags().Changed("seed") {
		return usagef("give --seed or --seeds, not both")
	}
	r, err := parseSeedsFlag(spec)
	if err != nil {
		return err
	}
	if r.Count() > 1_000_000 {
		return usagef("--seeds %s: at most 1,000,000 seeds", spec)
	}
	for s := r.First; ; s++ {
		o.seeds = append(o.seeds, s)
		if s == r.Last {
			break
		}
	}
	return nil
}

// runCase is one run of a batch: a scenario and the seed it runs with
// (nil: the file's own, or --seed).
type runCase struct {
	s    *scenarios.Scenario
	seed *uint64
	// file is the scenario's file as the command line gave it; "" for a
	// built-in scenario.
	file string
	// from is where the scenario came from (its file, or "built-in"),
	// set when another scenario of the batch has its name: the reports
	// name the case by it too, so that two files of one name are not two
	// cases of one name, one passing and one failing (sameNames).
	from string
}

// label is the scenario's name, and where it came from if another of the
// batch has that name: "suspended-finish (dup/suspended-finish.yaml)".
func (c runCase) label() string {
	if c.from == "" {
		return c.s.Name
	}
	return fmt.Sprintf("%s (%s)", c.s.Name, c.from)
}

// name is the case's name in reports: the scenario, and its seed when the
// batch runs several.
func (c runCase) name() string {
	if c.seed == nil {
		return c.label()
	}
	return fmt.Sprintf("%s seed %d", c.label(), *c.seed)
}

// title is the case's name in its text block: the scenario, with its
// seed when the batch runs several cases (bySeed) or the command line
// gave a seed, "walkthrough (seed 2)"; the file's seed is the run's.
func (c runCase) title(bySeed bool, res *scenarios.Result) string {
	switch {
	case c.seed != nil:
		return fmt.Sprintf("%s (seed %d)", c.label(), *c.seed)
	case bySeed && res.Sim != nil:
		return fmt.Sprintf("%s (seed %d)", c.label(), res.Sim.Header().Seed)
	}
	return c.label()
}

// sameNames says, for each argument of a batch, where its scenario came
// from if another argument, a different file or a built-in scenario,
// gives a scenario of the same name; "" otherwise. The same file given
// twice is one scenario.
func sameNames(args []string, list []*scenarios.Scenario) []string {
	source := func(i int) string {
		if !isScenarioFile(args[i]) {
			return "built-in"
		}
		if abs, err := filepath.Abs(args[i]); err == nil {
			return abs
		}
		return args[i]
	}
	from := make([]string, len(list))
	for i := range list {
		for j := range list {
			if list[i].Name == list[j].Name && source(i) != source(j) {
				from[i] = args[i]
				if source(i) == "built-in" {
					from[i] = "built-in"
				}
			}
		}
	}
	return from
}

// loadScenario loads a scenario file, or looks up a built-in one by name.
func loadScenario(arg string) (*scenarios.Scenario, error) {
	if isScenarioFile(arg) {
		return loadScenarioFile(arg)
	}
	if s, ok := scenarios.Lookup(arg); ok {
		return s, nil
	}
	return nil, unknownScenario(arg, scenarios.CatalogNames(), ": not a .yaml file, nor a built-in scenario")
}

// runFiles runs several scenarios, files or names, one after the other.
// Every file is loaded first, so an invalid one stops the command before
// anything runs (exit 2); a scenario whose expectations fail makes it exit
// with 1 once all have run.
func runFiles(e env, cmd *cobra.Command, args []string, o fileRunOptions) error {
	var list []*scenarios.Scenario
	var (
		bad     []error
		argErrs = make([]error, len(args)) // each argument's load error, or nil
	)
	for i, a := range args {
		s, err := loadScenario(a)
		if err != nil {
			bad, argErrs[i] = append(bad, err), err
			continue
		}
		list = append(list, s)
	}
	if len(bad) > 0 {
		if o.junit != "" {
			// CI reads the JUnit report, not the log: it shows the
			// invalid files as errors, and that nothing ran.
			if err := writeInvalidJUnit(e, o.junit, "run", args, argErrs); err != nil {
				return err
			}
		}
		if len(bad) == 1 {
			return bad[0]
		}
		return badInput(errors.Join(bad...))
	}
	m, err := resolveMistakes(o.mistakes, list)
	if err != nil {
		return err
	}
	o.mistakes = recordedMistakes(m)
	var cases []runCase
	from := sameNames(args, list)
	for i, s := range list {
		c := runCase{s: s, file: argFile(args[i]), from: from[i]}
		switch {
		case o.seeds != nil:
			for _, seed := range o.seeds {
				c.seed = &seed
				cases = append(cases, c)
			}
		case cmd.Flags().Changed("seed"):
			c.seed = &o.seed
			cases = append(cases, c)
		default:
			cases = append(cases, c)
		}
	}
	if err := oneRunFormat(o.format, cases); err != nil {
		return err
	}
	titled := len(cases) > 1
	res, errs := runCases(e, cases, mistakeOptions(m), o)
	var (
		failures []string
		results  []jsonResult
	)
	write := func(w io.Writer) error {
		for i, c := range cases {
			if errs[i] != nil {
				return errs[i]
			}
			if err := writeResult(w, c.title(titled, res[i]), c.s, res[i], o); err != nil {
				return err
			}
			results = append(results, newJSONResult(c.s, res[i], o.mistakes))
			if err := res[i].Error(); err != nil {
				failures = append(failures, fmt.Sprintf("%s:\n%v", c.name(), err))
			}
		}
		return nil
	}
	if err := writeOutput(e, o.out, write); err != nil {
		return err
	}
	noted := map[string]bool{}
	for i, c := range cases {
		if !noted[c.label()] && errs[i] == nil && res[i] != nil {
			noted[c.label()] = true // once a scenario: its first case says it
			noteNoEffect(e, c.s, c.seed, o.mistakes, res[i].Trace, o.hang)
		}
	}
	if o.jsonOut != "" {
		if err := writeJSONFile(e, o.jsonOut, results); err != nil {
			return badInput(err)
		}
	}
	if o.junit != "" {
		if err := writeRunJUnit(e, o.junit, cases, res, len(o.mistakes) > 0); err != nil {
			return err
		}
	}
	if len(failures) > 0 {
		return failed(fmt.Errorf("%d of %d scenario(s) failed:\n%s", len(failures), len(cases), strings.Join(failures, "\n")))
	}
	return nil
}

// oneRunFormat refuses several runs in a format that holds one: a page
// (html) or a diagram (mermaid) each, which one output cannot hold side
// by side (two pages in a file is no page). JSON Lines holds several
// traces one after another, and replay and verify tell them apart.
func oneRunFormat(chosen formatChoice, cases []runCase) error {
	format := chosen.name
	if len(cases) <= 1 || (format != formatHTML && format != formatMermaid) {
		return nil
	}
	what := "a page"
	if format == formatMermaid {
		what = "a diagram"
	}
	ext := map[string]string{formatHTML: "html", formatMermaid: "mmd"}[format]
	c := cases[0]
	// The example picks the format as the user did: by --out's
	// extension alone, or with --format too.
	formatFlag := " --format " + format
	if chosen.byExt() {
		formatFlag = ""
	}
	example := fmt.Sprintf("bgsim run %s%s --out %s.%s", c.s.Name, formatFlag, c.s.Name, ext)
	if c.seed != nil {
		example = fmt.Sprintf("bgsim run %s --seed %d%s --out %s-%d.%s", c.s.Name, *c.seed, formatFlag, c.s.Name, *c.seed, ext)
	}
	return usagef("%s draws %s of one run, and this command makes %d (%s); run each on its own, "+
		"with --out for each, e.g. %s", chosen, what, len(cases), countRuns(cases), example)
}

// countRuns says what makes a batch several runs: its scenarios and seeds.
func countRuns(cases []runCase) string {
	var names []string
	for _, c := range cases {
		if !slices.Contains(names, c.s.Name) {
			names = append(names, c.s.Name)
		}
	}
	if len(names) == 1 {
		return fmt.Sprintf("%s, %d seeds", names[0], len(cases))
	}
	if len(names) == len(cases) {
		return fmt.Sprintf("%d scenarios", len(names))
	}
	return fmt.Sprintf("%d scenarios, %d seeds each", len(names), len(cases)/len(names))
}

// runCases runs the cases, at most o.jobs at once (each simulation on its
// own goroutine), and returns their results in the cases' order, so the
// output is the same whatever -j.
func runCases(e env, cases []runCase, opts scenarios.Options, o fileRunOptions) ([]*scenarios.Result, []error) {
	res := make([]*scenarios.Result, len(cases))
	errs := make([]error, len(cases))
	slots := make(chan struct{}, max(o.jobs, 1))
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			run := opts
			run.Seed = c.seed
			res[i], errs[i] = runWatchedFile(e, c.s, run, o.hang)
		}()
	}
	wg.Wait()
	return res, errs
}

// writeRunJUnit writes one test case per run, failing with the missed
// expectations at their file:line:col. With mistakes switched on
// (unchecked) a run that finished is a skipped case, as its expectations
// were not checked: it must not read as one whose expectations held.
func writeRunJUnit(e env, path string, cases []runCase, res []*scenarios.Result, unchecked bool) error {
	suite := junitSuite{Name: "bgsim run"}
	for i, c := range cases {
		tc := junitCase{Name: c.name(), Class: "bgsim.run." + c.s.Name, File: c.file}
		if err := res[i].Error(); err == nil && unchecked {
			tc.Skipped = &junitSkipped{Message: "expectations not checked: --mistake changes the app they describe"}
			suite.Skipped++
		} else if err != nil {
			// Worded as standard error words it (cliMessage).
			tc.Failure = &junitFailure{Message: fmt.Sprintf("%d expectation(s) not met", len(res[i].Failures)), Text: cliMessage(err)}
			tc.Line = failureLine(res[i])
			if res[i].Err != nil {
				tc.Failure.Message = cliMessage(res[i].Err)
			}
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	return writeJUnitFile(e, path, suite)
}

// writeResult writes one scenario's run in the chosen format; the text
// format starts with the scenario's narration, under title.
func writeResult(w io.Writer, title string, s *scenarios.Scenario, res *scenarios.Result, o fileRunOptions) error {
	explain := scenarios.ExplainRun(s.Planted(o.mistakes)...)
	switch o.format.name {
	case formatJSONL:
		return simulator.WriteJSONL(w, fileHeader(s, res.Sim, o.mistakes), res.Trace)
	case formatMermaid:
		return simulator.RenderMermaidWith(w, res.Trace, simulator.MermaidOptions{Names: o.names, Explain: explain})
	case formatHTML:
		return writeHTML(w, withMistakes(s.Name, o.mistakes), res.Trace, o.names, explain)
	}
	return writeTextResult(w, title, s, res, o.mistakes, simulator.TextOptions{Narrate: o.narrate, Names: o.names, Progress: o.progress, Width: o.width, Color: o.color, Explain: explain})
}

// writeTextResult writes one scenario's run as text, by name or by file
// alike: a title line ("== title: summary", with the mistakes --mistake
// switched on), the scenario's description when narrated, the timeline
// and outcome (opts), and the verdict ("== title: verdict"): the
// expectations met or not, or unchecked because of the mistakes
// (mistakeOptions).
func writeTextResult(w io.Writer, title string, s *scenarios.Scenario, res *scenarios.Result, mistakes []string, opts simulator.TextOptions) error {
	mistaken := len(mistakes) > 0
	title = printableLines(title) // a path as typed may hold anything
	// The title fits the timeline's width, its continuation indented
	// under the name.
	head := wrap(fmt.Sprintf("== %s: %s", withMistakes(title, mistakes), opts.Names.Rewrite(printableLines(s.OneLine()))), opts.Width-3)
	if _, err := fmt.Fprintln(w, strings.ReplaceAll(head, "\n", "\n   ")); err != nil {
		return err
	}
	if opts.Narrate && s.Description != "" {
		if _, err := fmt.Fprintf(w, "\n%s\n", fit(named(opts.Names, printableLines(strings.TrimSpace(s.Description)), opts.Width), opts.Width)); err != nil {
			return err
		}
	}
	if err := writeTextRun(w, res.Trace, opts); err != nil {
		return err
	}
	verdict := "expectations met"
	if mistaken {
		// mistakeOptions: the expectations describe the app without them.
		verdict = "expectations not checked: --mistake changes the app they describe"
	}
	if !res.Passed() {
		verdict = fmt.Sprintf("FAILED: %d expectation(s) not met", len(res.Failures))
		if res.Err != nil {
			verdict = "FAILED: " + cliMessage(res.Err)
		}
	}
	line := fmt.Sprintf("== %s: %s", title, verdict)
	if !strings.Contains(line, "\n") { // an error of several lines keeps them
		line = strings.ReplaceAll(wrap(line, opts.Width-3), "\n", "\n   ")
	}
	_, err := fmt.Fprintf(w, "%s\n\n", line)
	return err
}

// named is text written by hand, in lines and paragraphs, with its
// callbacks and platform methods named as n asks (simulator.Names.Rewrite).
// Swift's names are longer than the ones the text was wrapped for: under
// them each paragraph is wrapped again to width.
func named(n simulator.Names, text string, width int) string {
	out := n.Rewrite(text)
	if n == simulator.NamesXamarin {
		return out
	}
	paras := strings.Split(strings.TrimRight(out, "\n"), "\n\n")
	for i, p := range paras {
		paras[i] = wrap(p, width)
	}
	return strings.Join(paras, "\n\n") + out[len(strings.TrimRight(out, "\n")):]
}

// fileHeader is the trace header of a run of a scenario file: the run's,
// with the file, its content hash and the command line's mistakes, which
// bgsim verify needs to run it again.
func fileHeader(s *scenarios.Scenario, sim *simulator.Sim, mistakes []string) simulator.Header {
	h := sim.Header()
	sum := sha256.Sum256(s.Source())
	h.File, h.FileSHA256 = s.File(), hex.EncodeToString(sum[:])
	if len(mistakes) > 0 {
		h.Mistakes = mistakes // recordedMistakes: sorted, each once
	}
	return h
}
