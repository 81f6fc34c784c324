package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/simulator"
)

var replayFormats = []string{formatText, formatMermaid}

func newReplayCmd(e env) *cobra.Command {
	var (
		format  string
		narrate bool
		pace    string
	)
	cmd := &cobra.Command{
		Use:   "replay FILE.jsonl",
		Short: "Show a saved JSON Lines trace as a timeline, optionally paced in real time",
		Long: `Read a trace written by 'bgsim run --format jsonl' and show it as a timeline
(narrated by default) or a Mermaid sequence diagram.

--pace Nx replays the timeline N times faster than virtual time (1x is real time,
0.5x twice as slow); --pace step waits for Enter before each event.`,
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
			if err := checkFormat(format, replayFormats); err != nil {
				return err
			}
			if format != formatText && (cmd.Flags().Changed("narrate") || pace != "") {
				return usagef("--narrate and --pace apply to --format text only")
			}
			p, err := parsePace(pace, e)
			if err != nil {
				return err
			}
			if pace == "step" {
				fmt.Fprintln(e.stderr, "bgsim: press Enter for each next event; end of input shows the rest")
			}
			_, events, err := readTrace(args[0])
			if err != nil {
				return err
			}
			if format == formatMermaid {
				return simulator.RenderMermaid(e.stdout, events)
			}
			return replayText(e, events, simulator.TextOptions{Narrate: narrate}, p)
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", formatText, "output format: "+strings.Join(replayFormats, ", "))
	f.BoolVar(&narrate, "narrate", true, "explain the events that matter in plain language")
	f.StringVar(&pace, "pace", "", "real-time pacing: Nx (N times faster than virtual time) or step")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(replayFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("pace", cobra.FixedCompletions([]string{"1x", "10x", "100x", "step"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// replayText writes the events one by one, waiting on p between them.
func replayText(e env, events []simulator.Event, opts simulator.TextOptions, p pacer) error {
	for i, ev := range events {
		if i > 0 {
			if err := p.wait(events[i-1].At, ev.At); err != nil {
				return err
			}
		}
		if err := simulator.RenderText(e.stdout, events[i:i+1], opts); err != nil {
			return err
		}
	}
	return nil
}

// readTrace reads a JSON Lines trace file.
func readTrace(path string) (simulator.Header, []simulator.Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return simulator.Header{}, nil, badInputf("cannot read the trace: %w", err)
	}
	defer f.Close()
	h, events, err := simulator.ReadJSONL(f)
	if err != nil {
		return h, nil, badInputf("%s: %w", path, err)
	}
	return h, events, nil
}
