package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

var replayFormats = []string{formatText, formatMermaid, formatHTML}

// traceLimitsHelp says, in the help of replay and verify, how much of a
// trace they read.
var traceLimitsHelp = fmt.Sprintf("a line longer than %d MiB or a file larger than %d GiB",
	simulator.DefaultMaxTraceLine>>20, simulator.DefaultMaxTraceSize>>30)

func newReplayCmd(e env) *cobra.Command {
	var (
		format   string
		narrate  bool
		pace     string
		names    simulator.Names
		progress simulator.Progress
		color    string
		maxGap   time.Duration
		out      string
	)
	cmd := &cobra.Command{
		Use:   "replay FILE.jsonl|-",
		Short: "Show a saved JSON Lines trace as a timeline, optionally paced in real time",
		Long: `Read a trace written by 'bgsim run --format jsonl' and show it as a timeline
(narrated by default), a Mermaid sequence diagram or an HTML page to step through.

--pace Nx replays the timeline N times faster than virtual time (1x is real time,
0.5x twice as slow; N from 0.001 to 1000000); an idle gap longer than --max-gap of
real time is cut, with a line saying how much virtual time passed. On a terminal a
clock shows the virtual time running while the replay waits.

--pace step waits for a key before each event: on a terminal, Enter or space shows
the next event, q (or Ctrl-C) stops, Ctrl-D shows the rest; from a pipe or a file,
each line shows the next event, a line "q" stops, the end of the input shows the rest.

FILE - reads the trace from standard input ('bgsim run --format jsonl | bgsim replay -'),
except with --pace step, which reads its keys from there.

The trace is read as it is shown, one line at a time. Errors (exit 2): a broken
line, a trace without events, a file of several traces (write each run to its own
file), ` + traceLimitsHelp + `.`,
		Example: `  bgsim replay trace.jsonl
  bgsim replay --pace 10x trace.jsonl
  bgsim replay --pace step trace.jsonl`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("replay takes one trace file, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			chosen, err := outputFormat(cmd, format, out, replayFormats)
			if err != nil {
				return err
			}
			format := chosen.name
			if err := checkOutputs("", output{flag: "out", path: out}); err != nil {
				return err
			}
			if args[0] != stdio && out != "" && out != stdio && samePath(args[0], out) {
				return usagef("--out %s is the trace replay reads: give the output a file of its own", out)
			}
			if err := replayTextOnly(cmd, chosen); err != nil {
				return err
			}
			colored, err := useColor(e, color, out)
			if err != nil {
				return err
			}
			p, err := parsePace(pace, e)
			if err != nil {
				return err
			}
			if maxGap < 0 {
				return usagef("bad --max-gap %s: it must not be negative", maxGap)
			}
			if _, ok := p.(realtimePace); !ok && cmd.Flags().Changed("max-gap") {
				return usagef("--max-gap applies to --pace Nx only")
			}
			if rp, ok := p.(realtimePace); ok {
				// the ticking clock of the gaps: on a terminal only, never
				// into a pipe or a file
				rp.maxGap, rp.out, rp.tick = maxGap, e.stdout, isTerminal(e.stdout)
				p = rp
			}
			if args[0] == stdio && pace == "step" {
				return usagef("--pace step reads its keys from standard input, so the trace cannot come from there: give the trace's file")
			}
			tr, name, closeTrace, err := openTrace(e, args[0])
			if err != nil {
				return err
			}
			defer closeTrace()
			timeWidth := replayTimeWidth(args[0], e.stdin)
			if sp, ok := p.(*stepPace); ok {
				fmt.Fprintln(e.stderr, sp.hint())
			}
			return writeOutput(e, out, func(w io.Writer) error {
				o := e
				o.stdout = w
				if rp, ok := p.(realtimePace); ok {
					rp.out, rp.tick, rp.timeWidth = w, rp.tick && (out == "" || out == stdio), timeWidth
					p = rp
				}
				var err error
				if format == formatMermaid || format == formatHTML {
					err = replayWhole(o, tr, format, names)
				} else {
					err = replayText(o, tr, simulator.TextOptions{Narrate: narrate, Names: names, Progress: progress, Width: e.textWidth(out), Color: colored, Explain: traceExplainer(tr.Header()), TimeWidth: timeWidth}, p)
				}
				var te traceError
				if errors.As(err, &te) {
					return badInputf("%s: %w", name, te.err)
				}
				return err
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", formatText, "output format: "+strings.Join(replayFormats, ", "))
	f.BoolVar(&narrate, "narrate", true, "explain the events that matter in plain language (text only)")
	f.StringVar(&pace, "pace", "", "real-time pacing: Nx (N times faster than virtual time) or step (text only)")
	addNamesFlag(cmd, &names, "the text, the diagram and the page")
	addProgressFlag(cmd, &progress)
	addColorFlag(cmd, &color)
	f.StringVar(&out, "out", "", "write to this file instead of standard output (-: standard output); its extension (.txt, .mmd, .html) sets --format if not given, and must agree with it if given")
	f.DurationVar(&maxGap, "max-gap", 2*time.Second, "with --pace Nx, the longest real wait between two events; longer gaps are cut, with a line saying how much virtual time passed (0: never cut)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(replayFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("pace", cobra.FixedCompletions([]string{"1x", "10x", "100x", "step"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// replayTextOnly refuses, with a page or a diagram, the flags that shape
// the text timeline: it names the ones given.
func replayTextOnly(cmd *cobra.Command, format formatChoice) error {
	if format.name == formatText {
		return nil
	}
	var given []string
	for _, name := range []string{"narrate", "progress", "color", "pace"} {
		// (--pace "" is no pacing, as without the flag)
		if cmd.Flags().Changed(name) && (name != "pace" || cmd.Flags().Lookup(name).Value.String() != "") {
			given = append(given, "--"+name)
		}
	}
	if len(given) == 0 {
		return nil
	}
	return onlyFor(format, given, []string{formatText})
}

// traceError is an error of reading the trace, as opposed to writing
// the output.
type traceError struct{ err error }

func (e traceError) Error() string { return e.err.Error() }

// next reads the next event of tr; io.EOF at the end. An event-less trace
// is refused: it has nothing to show, and a run always records at least
// one event, so the file was cut short.
func next(tr *simulator.TraceReader, first bool) (simulator.Event, error) {
	ev, err := tr.Next()
	switch {
	case first && errors.Is(err, io.EOF):
		return ev, traceError{errors.New("the trace has no events, only its header")}
	case err != nil && !errors.Is(err, io.EOF):
		return ev, traceError{err}
	case err == nil && ev.Seq == 0 && ev.Kind == "":
		// Every event has both; a header has neither.
		return ev, traceError{anotherTrace(tr.Line())}
	}
	return ev, err
}

// replayText writes the events one by one as it reads them, waiting on p
// between them: memory stays one event, however long the trace. A broken
// line stops the replay there.
func replayText(e env, tr *simulator.TraceReader, opts simulator.TextOptions, p pacer) error {
	var (
		prev    simulator.Event
		summary = scenarios.Summarizer{Explain: opts.Explain}
		text    = simulator.NewTextRenderer(e.stdout, opts)
	)
	for i := 0; ; i++ {
		ev, err := next(tr, i == 0)
		if errors.Is(err, io.EOF) {
			if err := text.Close(); err != nil {
				return err
			}
			if _, err := fmt.Fprintln(e.stdout); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return summary.Summary().WriteText(e.stdout, opts.Width)
		}
		if err != nil {
			return err
		}
		if i > 0 {
			if err := p.wait(prev.At, ev.At); errors.Is(err, errQuit) {
				// q in --pace step: stop here, still saying where the
				// replay stopped.
				if err := text.Close(); err != nil {
					return err
				}
				_, err := fmt.Fprintf(e.stdout, "(replay stopped at %s by q)\n", fakes.FormatOffset(prev.At))
				return err
			} else if err != nil {
				return err
			}
		}
		if err := text.Write(ev); err != nil {
			return err
		}
		summary.Add(ev)
		prev = ev
	}
}

// replayWhole reads the whole trace (bounded by the reader's limits),
// then draws it: a Mermaid diagram or an HTML page is written at once.
func replayWhole(e env, tr *simulator.TraceReader, format string, names simulator.Names) error {
	var events []simulator.Event
	for {
		ev, err := next(tr, len(events) == 0)
		if errors.Is(err, io.EOF) {
			if format == formatHTML {
				return writeHTML(e.stdout, tr.Header().Scenario, events, names, traceExplainer(tr.Header()))
			}
			return simulator.RenderMermaidWith(e.stdout, events, simulator.MermaidOptions{Names: names, Explain: traceExplainer(tr.Header())})
		}
		if err != nil {
			return err
		}
		events = append(events, ev)
	}
}

// traceExplainer explains the violations of a recorded run by the
// mistakes its header says it planted: a built-in scenario's own and the
// reference app's switches (a built-in run's header names them
// "name+switch+..."). A run of a user's file (the header names the file)
// is not looked up in the catalog by its name.
func traceExplainer(h simulator.Header) simulator.Explainer {
	if h.File != "" {
		return runExplainer("", h.Mistakes)
	}
	parts := strings.Split(h.Scenario, specSep)
	return runExplainer(parts[0], append(parts[1:], h.Mistakes...))
}
