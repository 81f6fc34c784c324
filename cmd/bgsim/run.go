package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// Output formats.
const (
	formatText    = "text"
	formatJSONL   = "jsonl"
	formatMermaid = "mermaid"
)

var runFormats = []string{formatText, formatJSONL, formatMermaid, formatHTML}

func newRunCmd(e env) *cobra.Command {
	var (
		format   string
		narrate  bool
		seed     uint64
		out      string
		mistakes []string
		hang     time.Duration
		names    simulator.Names
		progress simulator.Progress
		color    string
		jsonOut  string
		seeds    string
		junit    string
		jobs     int
	)
	cmd := &cobra.Command{
		Use:   "run [FILE|NAME]...",
		Short: "Run scenario files or built-in scenarios and print their traces (default: walkthrough)",
		Long: `Run scenario files (FILE.yaml) or built-in scenarios ('bgsim list' shows them; default
walkthrough) and print what happened: a timeline (text, narrated by default), the JSON
Lines trace (jsonl, which replay and verify read), a Mermaid sequence diagram (mermaid)
or a self-contained HTML page to step through in a browser (html). --out FILE
names the format by its extension when --format is not given (--out trace.jsonl
writes JSON Lines), and is refused if it names another format than --format.

An argument ending in .yaml or .yml, or with a /, is a file; a bare NAME is a
built-in scenario, or else an existing file of that name, whatever its suffix
(./NAME runs the file when a built-in has its name). A directory is refused:
give its files (DIR/*.yaml).

--mistake switches on a mistake of the reference app, to see what it costs: the
scenario's expectations, written for the app without it, are then not checked, and
only a run that cannot finish fails. A scenario of another app refuses it (exit 2).
A mistake on a path the scenario's app never takes changes nothing: the run says so
on standard error and names the scenario that shows it.
If the run fails, the trace so far is still written. A scenario whose expectations
are not met exits with 1; a file that is not a valid scenario exits with 2 before
anything runs (--junit still writes its report: an error case for that file, a
skipped one for each other). Several runs (scenarios, --seeds) write their text or
JSON Lines one after another; a page (html) or a diagram (mermaid) holds one run.
Two files whose scenarios have one name are told apart by their file in the
reports: "name (path)".`,
		Example: `  bgsim run my-app.yaml another.yaml
  bgsim run --mistake forget-completion-handler
  bgsim run lifecycle --narrate=false
  bgsim run --format jsonl --seed 7 --out trace.jsonl
  bgsim run --format html --out walkthrough.html`,
		Args: cobra.ArbitraryArgs,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, b := range scenarios.Builtins() {
				names = append(names, b.Name+"\t"+b.Description)
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "walkthrough"
			if len(args) == 1 {
				name = args[0]
			}
			chosen, err := outputFormat(cmd, format, out, runFormats)
			if err != nil {
				return err
			}
			format := chosen.name
			if err := textOnlyFlags(cmd, chosen); err != nil {
				return err
			}
			if err := checkHangTimeout(hang); err != nil {
				return err
			}
			if cmd.Flags().Changed("mistake") && (len(mistakes) == 0 || slices.Contains(mistakes, "")) {
				return usagef("--mistake is empty: give a mistake's name ('bgsim list' shows them)")
			}
			stdout := ""
			if out == "" {
				stdout = "the run's output (without --out FILE)"
			}
			outs := []output{{flag: "out", path: out}, {flag: "json", path: jsonOut}, {flag: "junit", path: junit}}
			if err := checkOutputs(stdout, outs...); err != nil {
				return err
			}
			var files []string
			for _, a := range args {
				if isScenarioFile(a) {
					files = append(files, a)
				}
			}
			if err := checkInputsKept(files, outs...); err != nil {
				return err
			}
			colored, err := useColor(e, color, out)
			if err != nil {
				return err
			}
			batch := fileRunOptions{format: chosen, narrate: narrate, seed: seed, out: out, mistakes: mistakes, names: names,
				progress: progress, color: colored, width: e.textWidth(out), hang: hang, jsonOut: jsonOut, junit: junit, jobs: jobs}
			if err := batch.parseSeeds(cmd, seeds); err != nil {
				return err
			}
			if len(args) > 1 || len(args) == 1 && isScenarioFile(name) || batch.seeds != nil || junit != "" || jobs != 1 {
				if len(args) == 0 {
					args = []string{name}
				}
				return runFiles(e, cmd, args, batch)
			}
			// Resolved first: --hang-timeout counts the simulation alone.
			run, err := resolveBuiltin(name, seed, mistakes)
			if err != nil {
				return err
			}
			res, runErr := run.run(e, hang)
			if res == nil {
				return runErr
			}
			noteNoEffect(e, run.s, &seed, recordedMistakes(run.mistakes), res.Trace, hang)
			sim := res.Sim
			explain := runExplainer(name, mistakes)
			write := func(w io.Writer) error {
				switch format {
				case formatJSONL:
					return simulator.WriteJSONLSeq(w, run.header(sim), sim.Events())
				case formatMermaid:
					return simulator.RenderMermaidWith(w, sim.Trace(), simulator.MermaidOptions{Names: names, Explain: explain})
				case formatHTML:
					return writeHTML(w, withMistakes(name, recordedMistakes(run.mistakes)), sim.Trace(), names, explain)
				}
				opts := simulator.TextOptions{Narrate: narrate, Names: names, Progress: progress, Width: e.textWidth(out), Color: colored, Explain: explain}
				// The narrated walkthrough reads the same as bare bgsim:
				// the intro above, the "Next:" footer below. Any other
				// run reads as a file's: its title, its description when
				// narrated, the timeline, its verdict.
				if !(name == "walkthrough" && narrate && len(mistakes) == 0 && runErr == nil) {
					title := name
					if cmd.Flags().Changed("seed") {
						title = fmt.Sprintf("%s (seed %d)", name, seed) // as a batch names it
					}
					return writeTextResult(w, title, run.s, res, recordedMistakes(run.mistakes), opts)
				}
				if _, err := fmt.Fprint(w, fit(named(opts.Names, intro, opts.Width), opts.Width)+"\n"); err != nil {
					return fmt.Errorf("write output: %w", err)
				}
				if err := writeTextRun(w, sim.Trace(), opts); err != nil {
					return err
				}
				if _, err := fmt.Fprint(w, fit(outro, opts.Width)); err != nil {
					return fmt.Errorf("write output: %w", err)
				}
				return nil
			}
			if err := writeOutput(e, out, write); err != nil {
				return err
			}
			if jsonOut != "" {
				if err := writeJSONFile(e, jsonOut, []jsonResult{newJSONResult(run.s, res, recordedMistakes(run.mistakes))}); err != nil {
					return badInput(err)
				}
			}
			return runErr
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", formatText, "output format: "+strings.Join(runFormats, ", "))
	f.BoolVar(&narrate, "narrate", true, "explain the events that matter in plain language (text only)")
	f.Var((*seedValue)(&seed), "seed", "seed of the run's randomness: same scenario and seed, same trace; seeds differ only where the scenario draws (config jitter: true, an app update's new container)")
	f.StringVar(&out, "out", "", "write to this file instead of standard output (-: standard output); its extension (.txt, .jsonl, .mmd, .html) sets --format if not given, and must agree with it if given")
	f.StringSliceVar(&mistakes, "mistake", nil, "switch on a mistake of the reference app; repeatable ('bgsim list' shows them)")
	addNamesFlag(cmd, &names, "the text, the diagram and the page")
	addProgressFlag(cmd, &progress)
	addColorFlag(cmd, &color)
	f.StringVar(&jsonOut, "json", "", "also write each scenario's result and outcome summary as JSON to this file (-: standard output, with --out FILE)")
	f.StringVar(&seeds, "seeds", "", "run each scenario once per seed of A..B (CI: every seed a test case; with config jitter: true, for different timings)")
	f.StringVar(&junit, "junit", "", "write a JUnit report, one test case per scenario (and seed), to this file (-: standard output, with --out FILE)")
	f.IntVarP(&jobs, "jobs", "j", 1, "scenarios run at once")
	addHangFlag(cmd, &hang)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(runFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("mistake", cobra.FixedCompletions(mistakeNames(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// addNamesFlag adds --names: how the output, which where says,
// names the app's callbacks.
func addNamesFlag(cmd *cobra.Command, names *simulator.Names, where string) {
	cmd.Flags().Var(names, "names", "callback names in "+where+": "+strings.Join(simulator.NamesValues(), ", ")+
		" (FinishedLaunching / application(_:didFinishLaunchingWithOptions:))")
	_ = cmd.RegisterFlagCompletionFunc("names", cobra.FixedCompletions(simulator.NamesValues(), cobra.ShellCompDirectiveNoFileComp))
}

// addProgressFlag adds --progress: how the text timeline shows progress
// callbacks.
func addProgressFlag(cmd *cobra.Command, p *simulator.Progress) {
	cmd.Flags().Var(p, "progress", "progress callbacks in the text: "+strings.Join(simulator.ProgressValues(), ", ")+
		" (fold: one line per task per phase)")
	_ = cmd.RegisterFlagCompletionFunc("progress", cobra.FixedCompletions(simulator.ProgressValues(), cobra.ShellCompDirectiveNoFileComp))
}

// textOnlyFlags refuses the flags that shape the text timeline with
// another format.
func textOnlyFlags(cmd *cobra.Command, format formatChoice) error {
	if format.name == formatText {
		return nil
	}
	for _, name := range []string{"narrate", "names", "progress", "color"} {
		if name == "names" && cmd.Flags().Changed(name) {
			if format.name == formatHTML || format.name == formatMermaid {
				continue // the page and the diagram name callbacks too
			}
			return onlyFor(format, []string{"--names"}, []string{formatText, formatMermaid, formatHTML})
		}
		if cmd.Flags().Changed(name) {
			return onlyFor(format, []string{"--" + name}, []string{formatText})
		}
	}
	return nil
}

// writeTextRun writes a run's timeline, then its outcome summary; both
// explain violations with opts.Explain.
func writeTextRun(w io.Writer, trace []simulator.Event, opts simulator.TextOptions) error {
	if err := simulator.RenderText(w, trace, opts); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	// The summary names callbacks and methods as the timeline does.
	var summary strings.Builder
	if err := scenarios.SummarizeWith(trace, opts.Explain).WriteText(&summary, opts.Width); err != nil {
		return err
	}
	// Swift's names are longer: a line they widen is folded again.
	if _, err := io.WriteString(w, foldWide(opts.Names.Rewrite(summary.String()), opts.Width)); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
