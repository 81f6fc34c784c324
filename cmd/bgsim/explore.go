package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
	"github.com/bgsim/bgsim/simulator"
)

// exploreFlags are the flags of bgsim explore.
type exploreFlags struct {
	seeds, troubles, shard, out, junit, jsonOut string
	shards, workers                             int
	hang                                        time.Duration
	safetyOnly, determinism, quiet, noShrink    bool
	strictLimits                                bool
}

func newExploreCmd(e env) *cobra.Command {
	var f exploreFlags
	cmd := &cobra.Command{
		Use:   "explore TARGET",
		Short: "Run a scenario under many seeds of trouble and shrink what breaks",
		Long: `explore runs a scenario (a catalog name or a scenario file) once per seed, each seed
drawing its own mix of trouble (dropped connections, outages, kills, crashes, force-quits,
app updates, changed content, the undocumented timings) on top of the scenario's steps.
Every run is checked against the platform's promises and the scenario's safety
expectations; unless --safety-only, also that every task's outcome reaches the app and
every wake ends with the completion handler. A run-until step that reaches its limit
gives up waiting and the run goes on (--strict-limits fails the seed instead).

A failing seed is shrunk while it still breaks the same property: first to the fewest
drawn actions, then each number as small as it goes (action times earlier, a fault's
byte and stall, a content change's size, the scenario's resource sizes, image and task
counts). The result is written as a scenario file that fails under 'bgsim run' on its own.

Shards split the seeds across machines: '--shard i/n' (or --shards n with the index in
JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job sets it) runs one slice and writes its
result to --out; 'bgsim explore merge DIR' gives the report one run would have given.

` + exploreExitHelp,
		Example: `  bgsim explore walkthrough --seeds 1..10000 -j 2
  bgsim explore my-app.yaml --safety-only --out findings/
  bgsim explore walkthrough --shard 0/2 --out shards/   # another machine runs --shard 1/2
  bgsim explore merge shards/                           # once both results are in shards/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("explore takes one target (a catalog name or a scenario file), got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runExplore(e, args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.seeds, "seeds", explore.DefaultSeeds.String(), "the seeds to run, A..B inclusive")
	fl.StringVar(&f.troubles, "troubles", "all", "the kinds of trouble seeds may draw, comma-separated: "+troubleKinds())
	fl.IntVarP(&f.workers, "jobs", "j", 1, "seeds run at once")
	fl.BoolVar(&f.safetyOnly, "safety-only", false, "check only safety properties, not that transfers finish")
	fl.BoolVar(&f.determinism, "check-determinism", false, "run each seed twice and compare the traces")
	fl.BoolVar(&f.noShrink, "no-shrink", false, "keep failing seeds as drawn")
	fl.BoolVar(&f.strictLimits, "strict-limits", false, "fail a seed whose run-until step reaches its limit (by default the run goes on)")
	fl.StringVar(&f.shard, "shard", "", "run one slice of the seeds: i/n, 0 <= i < n")
	fl.IntVar(&f.shards, "shards", 0, "the number of shards, with the index in JOB_COMPLETION_INDEX")
	fl.StringVar(&f.out, "out", "", "write the result (JSON) and each failing seed's minimal scenario to this directory")
	fl.StringVar(&f.junit, "junit", "", "write a JUnit report, one case per property, to this file")
	fl.StringVar(&f.jsonOut, "json", "", "write the report as JSON to this file")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress bar")
	addHangFlag(cmd, &f.hang)
	cmd.AddCommand(newExploreMergeCmd(e))
	return cmd
}

func troubleKinds() string {
	var names []string
	for _, t := range explore.Troubles() {
		names = append(names, string(t))
	}
	return strings.Join(names, ", ")
}

// exploreTarget is a catalog name or a scenario file, told apart as run
// tells them (isScenarioFile).
func exploreTarget(name string) (*scenarios.Scenario, error) {
	if isScenarioFile(name) {
		return loadScenarioFile(name)
	}
	if s, ok := scenarios.Lookup(name); ok {
		return s, nil
	}
	hint := didYouMean(name, scenarios.CatalogNames())
	if hint != "" {
		hint = ";" + hint
	}
	return nil, usagef("unknown target %q: give a catalog scenario ('bgsim list') or a scenario file%s", name, hint)
}

// invalidTarget is the error of a target that is not a valid scenario
// (loadErr); with --junit it first writes the report run writes for an
// invalid file, a case in error for the target, so that a CI step that
// uploads the report finds one. If --junit cannot take it (standard
// output, the target's own file, a directory that does not exist), that
// is said too.
func invalidTarget(e env, name, junit string, loadErr error) error {
	if junit == "" {
		return loadErr
	}
	out := output{flag: "junit", path: junit}
	err := checkOutputs("the report", out)
	if err == nil && isScenarioFile(name) {
		err = checkInputsKept([]string{name}, out)
	}
	if err == nil {
		err = writeInvalidJUnit(e, junit, "explore", []string{name}, []error{loadErr})
	}
	if err != nil {
		return errors.Join(loadErr, err)
	}
	return loadErr
}

// shardOf reads --shard i/n, or --shards n with JOB_COMPLETION_INDEX.
func shardOf(f exploreFlags) (int, int, error) {
	switch {
	case f.shard != "" && f.shards != 0:
		return 0, 0, usagef("give --shard i/n or --shards n, not both")
	case f.shard != "":
		a, b, ok := strings.Cut(f.shard, "/")
		i, err1 := strconv.Atoi(a)
		n, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
			return 0, 0, usagef("bad --shard %q: want i/n with 0 <= i < n", f.shard)
		}
		return i, n, nil
	case f.shards != 0:
		idx := os.Getenv("JOB_COMPLETION_INDEX")
		i, err := strconv.Atoi(idx)
		if f.shards < 1 || err != nil || i < 0 || i >= f.shards {
			return 0, 0, usagef("--shards %d needs JOB_COMPLETION_INDEX between 0 and %d, got %q", f.shards, f.shards-1, idx)
		}
		return i, f.shards, nil
	}
	return 0, 1, nil
}

func runExplore(e env, name string, f exploreFlags) error {
	s, err := exploreTarget(name)
	if err != nil {
		return invalidTarget(e, name, f.junit, err)
	}
	seeds, err := parseSeedsFlag(f.seeds)
	if err != nil {
		return err
	}
	if strings.TrimSpace(f.troubles) == "" {
		return usagef("--troubles is empty: give the kinds of trouble seeds may draw, comma-separated (%s), or all", troubleKinds())
	}
	troubles, err := explore.ParseTroubles(f.troubles)
	if err != nil {
		// Name the kind that is wrong and what it may be a typo of.
		for _, name := range strings.Split(f.troubles, ",") {
			name = strings.TrimSpace(name)
			if _, bad := explore.ParseTroubles(name); bad != nil {
				return usagef("unknown trouble %q;%s kinds: %s, or all", name, didYouMean(name, strings.Split(troubleKinds(), ", ")), troubleKinds())
			}
		}
		return usagef("%v", err)
	}
	shard, shards, err := shardOf(f)
	if err != nil {
		return err
	}
	if f.workers < 1 {
		return usagef("-j %d: want at least 1", f.workers)
	}
	if err := checkHangTimeout(f.hang); err != nil {
		return err
	}
	outs := []output{{flag: "out", path: f.out, dir: true, inside: []string{resultFile(shard, shards)}},
		{flag: "json", path: f.jsonOut}, {flag: "junit", path: f.junit}}
	if err := checkOutputs("the report", outs...); err != nil {
		return err
	}
	if isScenarioFile(name) {
		if err := checkInputsKept([]string{name}, outs...); err != nil {
			return err
		}
	}
	check := explore.Options{Seeds: seeds, Shard: shard, Shards: shards}
	if n := check.SeedCount(); n > explore.MaxSeeds {
		return usagef("--seeds %s: this run would play %d seeds, and one run plays at most 1,000,000,000: split the range with --shard i/n", seeds, n)
	}
	if err := check.Check(); err != nil {
		return usagef("%v", err)
	}
	opts := explore.Options{Seeds: seeds, Troubles: troubles, SafetyOnly: f.safetyOnly,
		CheckDeterminism: f.determinism, Workers: f.workers, Shard: shard, Shards: shards, NoShrink: f.noShrink,
		StrictLimits: f.strictLimits,
		HangLimit:    f.hang}
	var bar *progressbar.ProgressBar
	if !f.quiet && isTerminal(e.stderr) {
		total := opts.SeedCount()
		bar = progressbar.NewOptions64(int64(total), progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("exploring "+s.Name), progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("seeds"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		opts.Progress = func(done, failures int) {
			bar.Describe(fmt.Sprintf("exploring %s: %d failing", s.Name, failures))
			_ = bar.Set(done)
		}
	}
	collectLessOften()
	rep, err := explore.Run(explore.Target{Scenario: s}, opts)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return usagef("%v", err)
	}
	// What tells this exploration from another of the same name and
	// options, for explore merge (checkShards).
	sum := sha256.Sum256(s.Source())
	rep.TargetSHA256, rep.Bgsim = hex.EncodeToString(sum[:]), simulator.Version
	return finishExplore(e, rep, f, f.out, argFile(name))
}

// finishExplore writes the report where asked and says what was found;
// the minimal scenarios are named in minimalDir (explore's --out, the
// merged directory), or the first is shown if none is there. file is the
// target's file as the command line gave it, for the JUnit cases: "" for
// a built-in target, or a merge, which has no file but its results.
func finishExplore(e env, rep explore.Report, f exploreFlags, minimalDir, file string) error {
	if f.out != "" {
		if err := writeExploreOut(e, f.out, rep); err != nil {
			return err
		}
	}
	if f.jsonOut != "" {
		if err := writeJSONFile(e, f.jsonOut, rep); err != nil {
			return err
		}
	}
	if f.junit != "" {
		if err := writeExploreJUnit(e, f.junit, rep, file); err != nil {
			return err
		}
	}
	printExploreSummary(e.stdout, rep, minimalDir, e.textWidth(""))
	if len(rep.Failures) > 0 {
		return failed(fmt.Errorf("%d of %s broke a property", len(rep.Failures), plural(rep.Runs, "seed", "seeds")))
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// writeJSONFile writes v as indented JSON to path, or to standard output
// if path is -.
func writeJSONFile(e env, path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("bgsim: encode %s: %w", path, err)
	}
	return writeBytes(e, path, append(b, '\n'))
}

// writeExploreOut writes the shard's result and each failing seed's
// minimal scenario into dir.
func writeExploreOut(e env, dir string, rep explore.Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return badInputf("cannot make %s: %w", dir, err)
	}
	if err := writeJSONFile(e, filepath.Join(dir, resultFile(rep.Shard, rep.Shards)), rep); err != nil {
		return err
	}
	for _, fl := range rep.Failures {
		p := minimalFile(dir, rep.Target, fl.Seed)
		if err := os.WriteFile(p, []byte(fl.Minimal), 0o644); err != nil {
			return badInputf("cannot write %s: %w", p, err)
		}
	}
	return nil
}

// minimalFile is where explore's --out dir holds the minimal scenario of
// a failing seed of target.
func minimalFile(dir, target string, seed uint64) string {
	return filepath.Join(dir, fmt.Sprintf("%s-seed-%d.yaml", target, seed))
}

// resultFile is the name of a shard's result in explore's --out.
func resultFile(shard, shards int) string {
	return fmt.Sprintf("result-%d-of-%d.json", shard, shards)
}

// printExploreSummary says what an exploration found, its lines folded
// at width. A failing seed's minimal scenario is named where it is in dir
// (explore's --out, or the directory merge read); if the first is not
// there, it is shown as the file it would be, unfolded.
func printExploreSummary(w io.Writer, rep explore.Report, dir string, width int) {
	minimal := func(seed uint64) string {
		if dir == "" {
			return ""
		}
		p := minimalFile(dir, rep.Target, seed)
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	shard := ""
	if rep.Shards > 1 {
		shard = fmt.Sprintf(" (shard %d of %d)", rep.Shard, rep.Shards)
	}
	fmt.Fprintln(w, hanging(fmt.Sprintf("explored %s: %s of %s%s, %d failing", rep.Target, plural(rep.Runs, "seed", "seeds"), rep.Seeds, shard, len(rep.Failures)), width, "  "))
	var props []string
	for p := range rep.Failed {
		props = append(props, p)
	}
	slices.Sort(props)
	for _, p := range props {
		fmt.Fprintf(w, "  %-14s %s\n", p, plural(rep.Failed[p], "seed", "seeds"))
	}
	for i, fl := range rep.Failures {
		if i == 3 {
			fmt.Fprintf(w, "  ... and %d more\n", len(rep.Failures)-3)
			break
		}
		where := ""
		switch p := minimal(fl.Seed); {
		case p != "" && fl.Shrunk:
			where = "; minimal scenario: " + p
		case p != "":
			where = "; scenario as drawn: " + p
		}
		fmt.Fprintln(w, hanging(fmt.Sprintf("seed %d broke %s: %s", fl.Seed, fl.Property, simulator.NamesXamarin.Rewrite(printableLines(fl.Message))), width, "  "))
		shrunk := fmt.Sprintf("%d after shrinking", fl.MinimalActions)
		if !fl.Shrunk {
			shrunk = "not shrunk"
		}
		fmt.Fprintln(w, hanging(fmt.Sprintf("  %s drawn, %s%s",
			plural(fl.Actions, "action", "actions"), shrunk, where), width, "    "))
	}
	if len(rep.Failures) > 0 && minimal(rep.Failures[0].Seed) == "" {
		how := "shrunk"
		if !rep.Failures[0].Shrunk {
			how = "as drawn"
		}
		// As a terminal shows it: the file (--out) has the text as written.
		fmt.Fprintf(w, "\nthe first failing seed, %s:\n%s", how, printableLines(rep.Failures[0].Minimal))
	}
	if c := rep.Coverage.Files; c.Checked > 0 {
		fmt.Fprintln(w, hanging(fmt.Sprintf("files checked whole and of one version: %d (%d resumed, %d of a content published after the first)",
			c.Checked, c.Resumed, c.Republished), width, "  "))
	} else {
		fmt.Fprintln(w, "files checked whole and of one version: none (no download was handed over)")
	}
	fmt.Fprintln(w, hanging(fmt.Sprintf("never exercised: rules %s; troubles %s",
		listOrNone(rep.Coverage.NeverRules()), listOrNone(rep.Coverage.NeverTroubles(rep.Troubles))), width, "  "))
}

// plural is "1 seed" or "n seeds".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, " ")
}

// writeExploreJUnit writes one test case per property, each of the
// target's file if it has one; a property the exploration did not check
// is a skipped case that says how to check it. A property's failure has
// no line in the file: its minimal scenario is another file.
func writeExploreJUnit(e env, path string, rep explore.Report, file string) error {
	suite := junitSuite{Name: "bgsim explore " + rep.Target}
	for _, p := range explore.Properties() {
		c := junitCase{Name: p, Class: "explore." + rep.Target, File: file}
		if !rep.Checked(p) {
			c.Skipped = &junitSkipped{Message: uncheckedWhy(p)}
			suite.Skipped++
			suite.Cases = append(suite.Cases, c)
			continue
		}
		var seeds []string
		var first *explore.Failure
		for i := range rep.Failures {
			if rep.Failures[i].Property == p {
				seeds = append(seeds, strconv.FormatUint(rep.Failures[i].Seed, 10))
				if first == nil {
					first = &rep.Failures[i]
				}
			}
		}
		if first != nil {
			c.Failure = &junitFailure{Message: fmt.Sprintf("%s broke %s", plural(len(seeds), "seed", "seeds"), p),
				Text: "seeds " + strings.Join(seeds, " ") + "\n" + printableLines(first.Message) + "\n\n" + first.Minimal}
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	return writeJUnitFile(e, path, suite)
}

// uncheckedWhy says why property p was not checked, and how to check it.
func uncheckedWhy(p string) string {
	if p == explore.PropDeterminism {
		return "not checked: run with --check-determinism"
	}
	return "not checked under --safety-only"
}

func newExploreMergeCmd(e env) *cobra.Command {
	var f exploreFlags
	cmd := &cobra.Command{
		Use:   "merge DIR",
		Short: "Merge the results of explore shards into one report",
		Long: `merge reads every result-*.json that 'bgsim explore --out DIR' wrote (one per shard)
and prints the report one unsharded run would have given. A directory that lacks a
shard, or holds shards of different explorations, is refused (exit 2).

` + mergeExitHelp,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("merge takes one directory, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutputs("the report", output{flag: "json", path: f.jsonOut}, output{flag: "junit", path: f.junit}); err != nil {
				return err
			}
			const which = "give the directory 'bgsim explore --out' wrote the shards' results to"
			switch st, err := os.Stat(args[0]); {
			case errors.Is(err, fs.ErrNotExist):
				return badInputf("directory %s does not exist: %s", args[0], which)
			case err != nil:
				return badInputf("cannot read %s: %w", args[0], err)
			case !st.IsDir():
				return badInputf("%s is not a directory: %s", args[0], which)
			}
			files, err := filepath.Glob(filepath.Join(args[0], "result-*.json"))
			if err != nil || len(files) == 0 {
				return badInputf("no result-*.json in %s: each shard ('bgsim explore --shard i/n --out DIR') writes one; %s", args[0], which)
			}
			var reps []explore.Report
			for _, p := range files {
				b, err := os.ReadFile(p)
				if err != nil {
					return badInputf("cannot read %s: %w", p, err)
				}
				var r explore.Report
				if err := json.Unmarshal(b, &r); err != nil {
					return badInputf("%s is not an explore result: %w", p, err)
				}
				reps = append(reps, r)
			}
			if err := checkShards(files, reps); err != nil {
				return err
			}
			rep := explore.Merge(reps)
			return finishExplore(e, rep, f, args[0], "")
		},
	}
	cmd.Flags().StringVar(&f.junit, "junit", "", "write a JUnit report, one case per property, to this file")
	cmd.Flags().StringVar(&f.jsonOut, "json", "", "write the merged report as JSON to this file")
	return cmd
}

// checkShards makes sure the results are the shards of one exploration,
// all of them: merged otherwise, they would report a run that never
// happened (another target's failures under this one's name), or pass a
// CI job whose failing shard never wrote its result.
func checkShards(files []string, reps []explore.Report) error {
	first := reps[0]
	n := max(first.Shards, 1)
	seen := make([]bool, n)
	for i, r := range reps {
		if d := first.Differences(&r); len(d) > 0 {
			return badInputf("%s and %s are not shards of one exploration (%s): merge the results of one 'bgsim explore' run (give each run a directory of its own)",
				files[0], files[i], strings.Join(d, "; "))
		}
		if r.Shard < 0 || r.Shard >= n || seen[r.Shard] {
			return badInputf("%s: shard %d of %d is there twice, or is not one of 0..%d", files[i], r.Shard, n, n-1)
		}
		seen[r.Shard] = true
	}
	var missing []string
	for i, ok := range seen {
		if !ok {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		return badInputf("shard %s of %d missing in %s (each shard writes result-i-of-%d.json to its --out): the merged report would leave those seeds out",
			strings.Join(missing, ", "), n, filepath.Dir(files[0]), n)
	}
	return nil
}
